// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Lifecycle;
using Tessera.Core.Pools;
using Tessera.Core.Tokens;

namespace Tessera.Core.Tests.Lifecycle;

/// <summary>The one revocation rule behind RevokeToken and <c>/oauth2/revoke</c>, over a real SQLite store.</summary>
public sealed class SessionRevocationTests : IAsyncLifetime
{
    private CoreFixture core = null!;
    private UserPool pool = null!;
    private AppClient client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        core = await CoreFixture.CreateAsync();
        pool = await core.AddPoolAsync(signingKeys: true);
        client = await core.AddClientAsync(pool);
        await core.AddUserAsync(pool, "alice");
    }

    public async ValueTask DisposeAsync() => await core.DisposeAsync();

    private async Task<IssuedTokens> SignInAsync(AppClient by)
        => (await core.Get<AuthService>().InitiateAsync(new AuthRequest("USER_PASSWORD_AUTH", by.ClientId,
            new Dictionary<string, string> { ["USERNAME"] = "alice", ["PASSWORD"] = CoreFixture.Password }, null, null), Ct)).Tokens!;

    private Task<RevocationOutcome> RevokeAsync(AppClient by, string token) => core.Get<SessionRevocation>().RevokeRefreshTokenAsync(by, token, Ct);

    [Fact]
    public async Task RevokeRefreshTokenAsync_ItsClient_EndsTheSession_AndASecondTimeIsStillFine()
    {
        var tokens = await SignInAsync(client);

        (await RevokeAsync(client, tokens.RefreshToken!)).ShouldBe(RevocationOutcome.Revoked);

        (await Should.ThrowAsync<CognitoException>(() => core.Get<AccessTokenValidator>().ValidateAsync(tokens.AccessToken, Ct))).Message.ShouldBe("Access Token has been revoked");
        (await RevokeAsync(client, tokens.RefreshToken!)).ShouldBe(RevocationOutcome.Revoked);
        (await RevokeAsync(client, "not-a-token-we-issued")).ShouldBe(RevocationOutcome.Unknown);
    }

    [Fact]
    public async Task RevokeRefreshTokenAsync_AnotherClientOrAJwt_IsRefused_AndTheSessionLives()
    {
        var tokens = await SignInAsync(client);
        var other = await core.AddClientAsync(pool);

        (await RevokeAsync(other, tokens.RefreshToken!)).ShouldBe(RevocationOutcome.OtherClient);
        (await RevokeAsync(client, tokens.AccessToken)).ShouldBe(RevocationOutcome.UnsupportedTokenType);
        (await RevokeAsync(client, tokens.IdToken)).ShouldBe(RevocationOutcome.UnsupportedTokenType);

        (await core.Get<AccessTokenValidator>().ValidateAsync(tokens.AccessToken, Ct)).ClientId.ShouldBe(client.ClientId);
    }

    [Fact]
    public async Task RevokeRefreshTokenAsync_RevocationDisabledOnTheClient_IsRefused()
    {
        var closed = await core.AddClientAsync(pool, new AppClientSettings { ExplicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH"], EnableTokenRevocation = false });
        var tokens = await SignInAsync(closed);

        (await RevokeAsync(closed, tokens.RefreshToken!)).ShouldBe(RevocationOutcome.RevocationDisabled);
        (await core.Get<AccessTokenValidator>().ValidateAsync(tokens.AccessToken, Ct)).ClientId.ShouldBe(closed.ClientId);
    }
}
