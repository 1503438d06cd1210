// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Tessera.Core.Clients;
using Tessera.Core.OAuth;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.OAuth;

/// <summary>
/// The authorization_code grant and client authentication of <c>/oauth2/token</c> (RFC 6749 §4.1.3, §2.3.1; RFC 7636 §4.6;
/// RFC 9700 §4.5), over a real SQLite store and a fake clock.
/// </summary>
public sealed class OAuthTokenServiceTests : IAsyncLifetime
{
    private const string Callback = "https://app.example.com/callback";
    private const string Secret = "s3cr3t-0123456789abcdefghijklmnopqrstuvwxyz";
    private static readonly string Verifier = new('v', 43);
    private CoreFixture core = null!;
    private UserPool pool = null!;
    private AppClient client = null!;
    private User user = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private OAuthTokenService Service => core.Get<OAuthTokenService>();

    public async ValueTask InitializeAsync()
    {
        core = await CoreFixture.CreateAsync();
        pool = await core.AddPoolAsync(signingKeys: true);
        client = await core.AddClientAsync(pool, CodeClient(), Secret);
        user = await core.AddUserAsync(pool, "alice");
    }

    public async ValueTask DisposeAsync() => await core.DisposeAsync();

    private static AppClientSettings CodeClient() => new()
    {
        AllowedOAuthFlowsUserPoolClient = true,
        AllowedOAuthFlows = ["code"],
        AllowedOAuthScopes = ["openid", "email"],
        CallbackURLs = [Callback],
    };

    private static string S256(string verifier) => RandomIds.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private Task<string> CodeAsync(string scopes = "openid email", string? challenge = null, AppClient? owner = null)
        => Service.IssueCodeAsync(new CodeGrant(owner ?? client, user.Id, Callback, scopes, challenge, challenge is null ? null : "S256", "nonce-1", core.Time.GetUtcNow()), Ct);

    private Task<OAuthTokens> RedeemAsync(string code, string redirectUri = Callback, string? verifier = null, AppClient? by = null)
        => Service.RedeemCodeAsync(by ?? client, code, redirectUri, verifier, Ct);

    private static async Task<string> ErrorAsync(Func<Task> call) => (await Should.ThrowAsync<OAuthException>(call)).Error;

    [Fact]
    public async Task AuthenticateClientAsync_Secret_MustMatch_AndTheClientBelongToThePool()
    {
        (await Service.AuthenticateClientAsync(pool.Id, new ClientAuthentication(client.ClientId, Secret, ViaBasic: true), Ct)).ClientId.ShouldBe(client.ClientId);

        var wrong = await Should.ThrowAsync<OAuthException>(() => Service.AuthenticateClientAsync(pool.Id, new ClientAuthentication(client.ClientId, "wrong", ViaBasic: true), Ct));
        wrong.Error.ShouldBe("invalid_client");
        wrong.StatusCode.ShouldBe(401);
        (await ErrorAsync(() => Service.AuthenticateClientAsync(pool.Id, new ClientAuthentication(client.ClientId, null, ViaBasic: false), Ct))).ShouldBe("invalid_client");
        var otherPool = await core.AddPoolAsync();
        (await ErrorAsync(() => Service.AuthenticateClientAsync(otherPool.Id, new ClientAuthentication(client.ClientId, Secret, ViaBasic: false), Ct))).ShouldBe("invalid_client");
        (await ErrorAsync(() => Service.AuthenticateClientAsync(pool.Id, new ClientAuthentication(null, null, ViaBasic: false), Ct))).ShouldBe("invalid_request");
    }

    [Fact]
    public async Task AuthenticateClientAsync_PublicClient_PresentingASecret_IsRefused()
    {
        var publicClient = await core.AddClientAsync(pool, CodeClient());

        (await Service.AuthenticateClientAsync(pool.Id, new ClientAuthentication(publicClient.ClientId, null, ViaBasic: false), Ct)).ClientId.ShouldBe(publicClient.ClientId);
        (await ErrorAsync(() => Service.AuthenticateClientAsync(pool.Id, new ClientAuthentication(publicClient.ClientId, "guess", ViaBasic: false), Ct))).ShouldBe("invalid_client");
    }

    [Fact]
    public async Task RedeemCodeAsync_Code_GivesTheSessionsTokens()
    {
        var tokens = await RedeemAsync(await CodeAsync());

        var access = new JsonWebToken(tokens.AccessToken);
        var id = new JsonWebToken(tokens.IdToken!);
        access.GetPayloadValue<string>("scope").ShouldBe("openid email");
        access.GetPayloadValue<string>("sub").ShouldBe(user.Sub);
        id.GetPayloadValue<string>("nonce").ShouldBe("nonce-1");
        id.GetPayloadValue<string>("at_hash").ShouldBe(TokenIssuer.AtHash(tokens.AccessToken));
        tokens.RefreshToken.ShouldNotBeNull();
        (await RedeemAsync(await CodeAsync(scopes: "email"))).IdToken.ShouldBeNull();
    }

    [Fact]
    public async Task RedeemCodeAsync_SecondUse_IsRefused_AndRevokesWhatTheFirstIssued()
    {
        var code = await CodeAsync();
        var first = await RedeemAsync(code);

        (await ErrorAsync(() => RedeemAsync(code))).ShouldBe("invalid_grant");

        (await ErrorAsync(() => Service.RefreshAsync(client, first.RefreshToken, Ct))).ShouldBe("invalid_grant");
        (await Should.ThrowAsync<Tessera.Core.Errors.CognitoException>(() => core.Get<AccessTokenValidator>().ValidateAsync(first.AccessToken, Ct)))
            .Message.ShouldBe("Access Token has been revoked");
    }

    [Fact]
    public async Task RedeemCodeAsync_ParallelUses_OnlyOneGetsTokens()
    {
        var code = await CodeAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            try
            {
                await RedeemAsync(code);
                return "tokens";
            }
            catch (OAuthException e)
            {
                return e.Error;
            }
        })));

        results.Count(r => r == "tokens").ShouldBe(1);
        results.Where(r => r != "tokens").ShouldAllBe(r => r == "invalid_grant");
    }

    [Fact]
    public async Task RedeemCodeAsync_AnotherRedirectUri_IsRefused_WithoutUsingTheCode()
    {
        var code = await CodeAsync();

        (await ErrorAsync(() => RedeemAsync(code, Callback + "/"))).ShouldBe("invalid_grant");
        (await ErrorAsync(() => RedeemAsync(code, ""))).ShouldBe("invalid_request");
        (await RedeemAsync(code)).AccessToken.ShouldNotBeNull();
    }

    [Fact]
    public async Task RedeemCodeAsync_Pkce_TheVerifierMustMatchTheChallenge()
    {
        var code = await CodeAsync(challenge: S256(Verifier));

        (await ErrorAsync(() => RedeemAsync(code))).ShouldBe("invalid_grant");
        (await ErrorAsync(() => RedeemAsync(code, verifier: new string('w', 43)))).ShouldBe("invalid_grant");
        (await RedeemAsync(code, verifier: Verifier)).AccessToken.ShouldNotBeNull();
        (await ErrorAsync(async () => await RedeemAsync(await CodeAsync(), verifier: Verifier))).ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task RedeemCodeAsync_AnotherClientsCode_IsRefused_WithoutBurningIt()
    {
        var other = await core.AddClientAsync(pool, CodeClient(), Secret);
        var code = await CodeAsync();

        (await ErrorAsync(() => RedeemAsync(code, by: other))).ShouldBe("invalid_grant");
        (await RedeemAsync(code)).AccessToken.ShouldNotBeNull();
    }

    [Fact]
    public async Task RedeemCodeAsync_AfterFiveMinutes_IsRefused()
    {
        var code = await CodeAsync();
        core.Time.Advance(OAuthTokenService.CodeLifetime);

        (await ErrorAsync(() => RedeemAsync(code))).ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task RedeemCodeAsync_DisabledUser_IsRefused()
    {
        var code = await CodeAsync();
        await core.Get<UserDirectory>().UpdateAsync(await core.ReloadAsync(user), u => u.Enabled = false, Ct);

        (await ErrorAsync(() => RedeemAsync(code))).ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task RedeemCodeAsync_ClientWithoutTheCodeFlow_IsUnauthorized()
    {
        var implicitOnly = await core.AddClientAsync(pool, CodeClient() with { AllowedOAuthFlows = ["implicit"] });

        (await ErrorAsync(async () => await RedeemAsync(await CodeAsync(owner: implicitOnly), by: implicitOnly))).ShouldBe("unauthorized_client");
    }
}
