// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;
using Tessera.Core.Clients;
using Tessera.Core.Lifecycle;
using Tessera.Core.Pools;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Tokens;

/// <summary>
/// The refresh rules, decided once for REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken and the refresh_token grant:
/// client binding and proof, revocation, expiry, user state, and rotation with its grace period and replay detection.
/// </summary>
public sealed class RefreshTokenServiceTests : IAsyncLifetime
{
    private const string Secret = "s3cr3t-of-the-client";
    private CoreFixture core = null!;
    private UserPool pool = null!;
    private User user = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RefreshTokenService Service => core.Get<RefreshTokenService>();

    public async ValueTask InitializeAsync()
    {
        core = await CoreFixture.CreateAsync();
        pool = await core.AddPoolAsync(signingKeys: true);
        user = await core.AddUserAsync(pool, "alice");
    }

    public async ValueTask DisposeAsync() => await core.DisposeAsync();

    private static AppClientSettings Rotating(int? grace) => new()
    {
        ExplicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH"],
        RefreshTokenRotation = new RefreshTokenRotationType { Feature = "ENABLED", RetryGracePeriodSeconds = grace },
    };

    private Task<AppClient> ClientAsync(AppClientSettings? settings = null, string? secret = null) => core.AddClientAsync(pool, settings, secret);

    private async Task<string> SignInAsync(AppClient client)
    {
        var parameters = new Dictionary<string, string> { ["USERNAME"] = "alice", ["PASSWORD"] = CoreFixture.Password };
        if (client.HasSecret)
        {
            parameters["SECRET_HASH"] = SecretHash.Compute(Secret, "alice", client.ClientId);
        }

        var outcome = await core.Get<AuthService>().InitiateAsync(new AuthRequest("USER_PASSWORD_AUTH", client.ClientId, parameters, null, null), Ct);
        return outcome.Tokens.ShouldNotBeNull().RefreshToken.ShouldNotBeNull();
    }

    private Task<RefreshOutcome> GetTokensAsync(AppClient client, string token, string? secret = null)
        => Service.RefreshAsync(new RefreshRequest(client, token, RefreshEdge.GetTokensFromRefreshToken, new ClientProof.Secret(secret)), Ct);

    private Task<RefreshOutcome> RefreshTokenAuthAsync(AppClient client, string token, string? hash = null)
        => Service.RefreshAsync(new RefreshRequest(client, token, RefreshEdge.RefreshTokenAuth, new ClientProof.SecretHash(hash, null)), Ct);

    [Fact]
    public async Task WithoutRotation_EveryEdgeIssuesAccessAndIdTokens_AndTheSameRefreshTokenKeepsWorking()
    {
        var client = await ClientAsync(new AppClientSettings { ExplicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
        var token = await SignInAsync(client);
        foreach (var edge in new[] { RefreshEdge.RefreshTokenAuth, RefreshEdge.GetTokensFromRefreshToken, RefreshEdge.TokenEndpoint, RefreshEdge.GetTokensFromRefreshToken })
        {
            var proof = edge switch
            {
                RefreshEdge.RefreshTokenAuth => new ClientProof.SecretHash(null, null),
                RefreshEdge.TokenEndpoint => (ClientProof)new ClientProof.Authenticated(),
                _ => new ClientProof.Secret(null),
            };
            var outcome = await Service.RefreshAsync(new RefreshRequest(client, token, edge, proof), Ct);
            outcome.Failure.ShouldBeNull();
            var tokens = outcome.Tokens.ShouldNotBeNull();
            tokens.AccessToken.ShouldNotBeNullOrEmpty();
            tokens.IdToken.ShouldNotBeNullOrEmpty();
            tokens.RefreshToken.ShouldBeNull();
            outcome.IncludesIdToken.ShouldBeTrue();
        }
    }

    [Fact]
    public async Task WithRotation_ANewRefreshTokenIsIssued_WithTheOriginalExpiry_AndTheOldOneIsRefusedAtOnceWithoutGrace()
    {
        var client = await ClientAsync(Rotating(grace: 0));
        var first = await SignInAsync(client);
        var firstRecord = (await core.Get<IRefreshTokenStore>().FindByHashAsync(core.Get<Tessera.Core.Security.SecretProtector>().KeyedHash(first), Ct))!;
        core.Time.Advance(TimeSpan.FromHours(2));

        var second = (await GetTokensAsync(client, first)).Tokens.ShouldNotBeNull().RefreshToken.ShouldNotBeNull();
        second.ShouldNotBe(first);
        var secondRecord = (await core.Get<IRefreshTokenStore>().FindByHashAsync(core.Get<Tessera.Core.Security.SecretProtector>().KeyedHash(second), Ct))!;
        secondRecord.ExpiresAt.ShouldBe(firstRecord.ExpiresAt);
        secondRecord.OriginJti.ShouldBe(firstRecord.OriginJti);

        (await GetTokensAsync(client, first)).Failure.ShouldBe(RefreshFailure.Reused);
    }

    [Fact]
    public async Task WithinTheGracePeriod_TheOldTokenStillWorks_AfterIt_AReplayEndsTheWholeFamily()
    {
        var client = await ClientAsync(Rotating(grace: 30));
        var first = await SignInAsync(client);
        var second = (await GetTokensAsync(client, first)).Tokens!.RefreshToken!;

        core.Time.Advance(TimeSpan.FromSeconds(29));
        var retry = (await GetTokensAsync(client, first)).Tokens.ShouldNotBeNull();
        retry.RefreshToken.ShouldNotBeNull();

        core.Time.Advance(TimeSpan.FromSeconds(2));
        (await GetTokensAsync(client, first)).Failure.ShouldBe(RefreshFailure.Reused);

        // The replay revoked the family: the successors are refused too, and so is the family's access token.
        (await GetTokensAsync(client, second)).Failure.ShouldBe(RefreshFailure.Revoked);
        (await GetTokensAsync(client, retry.RefreshToken!)).Failure.ShouldBe(RefreshFailure.Revoked);
        await Should.ThrowAsync<Errors.CognitoException>(() => core.Get<AccessTokenValidator>().ValidateAsync(retry.AccessToken, Ct));
    }

    [Fact]
    public async Task RefreshTokenAuth_OnARotatingClient_IsRefused_AndRotatesNothing()
    {
        var client = await ClientAsync(Rotating(grace: 0) with { ExplicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
        var token = await SignInAsync(client);
        (await RefreshTokenAuthAsync(client, token)).Failure.ShouldBe(RefreshFailure.RotationRequiresGetTokens);
        (await GetTokensAsync(client, token)).Tokens.ShouldNotBeNull().RefreshToken.ShouldNotBeNull();
    }

    [Fact]
    public async Task TheTokenEndpointRotatesToo()
    {
        var client = await ClientAsync(Rotating(grace: 0));
        var first = await SignInAsync(client);
        var outcome = await Service.RefreshAsync(new RefreshRequest(client, first, RefreshEdge.TokenEndpoint, new ClientProof.Authenticated()), Ct);
        outcome.Tokens.ShouldNotBeNull().RefreshToken.ShouldNotBeNull();
        (await Service.RefreshAsync(new RefreshRequest(client, first, RefreshEdge.TokenEndpoint, new ClientProof.Authenticated()), Ct)).Failure.ShouldBe(RefreshFailure.Reused);
    }

    [Fact]
    public async Task ConcurrentRefreshesOfOneToken_WithoutGrace_OnlyOneWins()
    {
        var client = await ClientAsync(Rotating(grace: 0));
        var token = await SignInAsync(client);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => GetTokensAsync(client, token)));
        outcomes.Count(o => o.Tokens is not null).ShouldBeLessThanOrEqualTo(1);
        outcomes.Count(o => o.Failure is RefreshFailure.Reused or RefreshFailure.Revoked).ShouldBeGreaterThanOrEqualTo(5);
    }

    [Fact]
    public async Task AnotherClientsToken_AnUnknownToken_AndAnExpiredOne_AreRefused()
    {
        var client = await ClientAsync(new AppClientSettings { ExplicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH"], RefreshTokenValidity = 60, TokenValidityUnits = new() { RefreshToken = "minutes" } });
        var other = await ClientAsync();
        var token = await SignInAsync(client);
        (await GetTokensAsync(other, token)).Failure.ShouldBe(RefreshFailure.InvalidToken);
        (await GetTokensAsync(client, "not-a-token")).Failure.ShouldBe(RefreshFailure.InvalidToken);
        core.Time.Advance(TimeSpan.FromMinutes(61));
        (await GetTokensAsync(client, token)).Failure.ShouldBe(RefreshFailure.Expired);
    }

    [Fact]
    public async Task ClientSecret_IsRequired_AndChecked_BeforeTheTokenIsLookedAt()
    {
        var client = await ClientAsync(new AppClientSettings { ExplicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }, Secret);
        var token = await SignInAsync(client);
        (await GetTokensAsync(client, token)).Failure.ShouldBe(RefreshFailure.SecretNotReceived);
        (await GetTokensAsync(client, token, "wrong")).Failure.ShouldBe(RefreshFailure.SecretMismatch);
        (await GetTokensAsync(client, "not-a-token", "wrong")).Failure.ShouldBe(RefreshFailure.SecretMismatch);
        (await GetTokensAsync(client, token, Secret)).Tokens.ShouldNotBeNull();

        (await RefreshTokenAuthAsync(client, token)).Failure.ShouldBe(RefreshFailure.SecretNotReceived);
        (await RefreshTokenAuthAsync(client, token, "bm90LWl0")).Failure.ShouldBe(RefreshFailure.SecretMismatch);
        // REFRESH_TOKEN_AUTH's SECRET_HASH may be made over the username or the sub.
        (await RefreshTokenAuthAsync(client, token, SecretHash.Compute(Secret, user.Sub, client.ClientId))).Tokens.ShouldNotBeNull();

        var secretless = await ClientAsync();
        (await GetTokensAsync(secretless, await SignInAsync(secretless), "unexpected")).Failure.ShouldBe(RefreshFailure.SecretMismatch);
    }

    [Fact]
    public async Task ADisabledUser_ARevokedToken_AndASignedOutUser_AreRefused()
    {
        var client = await ClientAsync();
        var revoked = await SignInAsync(client);
        await core.Get<SessionRevocation>().RevokeTokenAsync(revoked, client.ClientId, null, Ct);
        (await GetTokensAsync(client, revoked)).Failure.ShouldBe(RefreshFailure.Revoked);

        var signedOut = await SignInAsync(client);
        await core.Get<SessionRevocation>().SignOutEverywhereAsync(await core.ReloadAsync(user), Ct);
        (await GetTokensAsync(client, signedOut)).Failure.ShouldBe(RefreshFailure.Revoked);

        var token = await SignInAsync(client);
        var disabled = await core.ReloadAsync(user);
        disabled.Enabled = false;
        (await core.Get<IUserStore>().TryUpdateAsync(disabled, Ct)).ShouldBeTrue();
        (await GetTokensAsync(client, token)).Failure.ShouldBe(RefreshFailure.UserDisabled);
    }

    [Fact]
    public async Task PreTokenGeneration_RunsWithTheRefreshSource_AndTheCallersClientMetadata()
    {
        var triggered = await core.AddPoolAsync(new UserPoolSettings
        {
            LambdaConfig = System.Text.Json.JsonSerializer.SerializeToElement(new { PreTokenGeneration = "arn:aws:lambda:us-east-1:123456789012:function:pre-token" }),
        }, signingKeys: true);
        await core.AddUserAsync(triggered, "alice");
        var client = await core.AddClientAsync(triggered);
        var sources = new List<string>();
        core.Lambda = (_, e) =>
        {
            sources.Add($"{e["triggerSource"]}:{e["request"]!["clientMetadata"]?["app"]}");
            e["response"] = new System.Text.Json.Nodes.JsonObject();
            return e;
        };
        var token = await SignInAsync(client);
        var metadata = new Dictionary<string, string> { ["app"] = "web" };
        (await Service.RefreshAsync(new RefreshRequest(client, token, RefreshEdge.GetTokensFromRefreshToken, new ClientProof.Secret(null), metadata), Ct)).Tokens.ShouldNotBeNull();
        sources.ShouldContain("TokenGeneration_RefreshTokens:web");
    }
}
