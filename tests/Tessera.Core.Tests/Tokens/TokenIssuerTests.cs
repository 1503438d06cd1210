// SPDX-License-Identifier: Apache-2.0
using Microsoft.IdentityModel.JsonWebTokens;
using Tessera.Core.Clients;
using Tessera.Core.Groups;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Tokens;

/// <summary>The claims, lifetimes, scopes and groups of the tokens TokenIssuer mints (DESIGN.md §4).</summary>
public sealed class TokenIssuerTests : IAsyncLifetime
{
    private CoreFixture core = null!;
    private UserPool pool = null!;
    private User user = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTimeOffset Now => core.Time.GetUtcNow();

    public async ValueTask InitializeAsync()
    {
        core = await CoreFixture.CreateAsync();
        pool = await core.AddPoolAsync(new UserPoolSettings { CustomAttributes = [new SchemaAttributeType { Name = "custom:tier", AttributeDataType = "String" }] }, signingKeys: true);
        user = await core.AddUserAsync(pool, "alice", u =>
        {
            u.SetAttribute("email", "alice@example.com");
            u.SetAttribute("email_verified", "true");
            u.SetAttribute("custom:tier", "gold");
        });
    }

    public async ValueTask DisposeAsync() => await core.DisposeAsync();

    private Task<IssuedTokens> IssueAsync(AppClient client, TokenSession? session = null, bool withRefreshToken = true)
        => core.Get<TokenIssuer>().IssueAsync(user, client, session ?? new TokenSession(Guid.NewGuid(), Now.AddMinutes(-1)), withRefreshToken, generation: null, knownGroups: null, Ct);

    private static string[] Values(JsonWebToken token, string claim) => [.. token.Claims.Where(c => c.Type == claim).Select(c => c.Value)];

    [Fact]
    public async Task IssueAsync_ApiSignIn_CarriesCognitosClaims()
    {
        var client = await core.AddClientAsync(pool);
        var session = new TokenSession(Guid.NewGuid(), Now.AddMinutes(-1));

        var tokens = await IssueAsync(client, session);
        var access = new JsonWebToken(tokens.AccessToken);
        var id = new JsonWebToken(tokens.IdToken);

        access.GetPayloadValue<string>("sub").ShouldBe(user.Sub);
        access.Issuer.ShouldBe($"http://localhost:9229/{pool.Id}");
        access.GetPayloadValue<string>("client_id").ShouldBe(client.ClientId);
        access.GetPayloadValue<string>("token_use").ShouldBe("access");
        access.GetPayloadValue<string>("scope").ShouldBe(TokenIssuer.AdminScope);
        access.GetPayloadValue<string>("username").ShouldBe("alice");
        access.GetPayloadValue<string>("origin_jti").ShouldBe(session.OriginJti.ToString());
        access.GetPayloadValue<long>("auth_time").ShouldBe(session.AuthTime.ToUnixTimeSeconds());
        access.GetPayloadValue<long>("version").ShouldBe(2);
        access.TryGetPayloadValue<string[]>("cognito:groups", out _).ShouldBeFalse();
        access.Alg.ShouldBe("RS256");

        id.GetPayloadValue<string>("aud").ShouldBe(client.ClientId);
        id.GetPayloadValue<string>("token_use").ShouldBe("id");
        id.GetPayloadValue<string>("cognito:username").ShouldBe("alice");
        id.GetPayloadValue<string>("email").ShouldBe("alice@example.com");
        id.GetPayloadValue<bool>("email_verified").ShouldBeTrue();
        id.GetPayloadValue<string>("custom:tier").ShouldBe("gold");
        id.GetPayloadValue<string>("event_id").ShouldBe(access.GetPayloadValue<string>("event_id"));
        id.GetPayloadValue<string>("origin_jti").ShouldBe(session.OriginJti.ToString());
        id.TryGetPayloadValue<string>("nonce", out _).ShouldBeFalse();
        id.TryGetPayloadValue<string>("at_hash", out _).ShouldBeFalse();
        id.Kid.ShouldNotBe(access.Kid);
        access.Id.ShouldNotBe(id.Id);
    }

    [Fact]
    public async Task IssueAsync_Lifetimes_FollowTheClient()
    {
        var client = await core.AddClientAsync(pool, new AppClientSettings
        {
            AccessTokenValidity = 5,
            IdTokenValidity = 2,
            RefreshTokenValidity = 1,
            TokenValidityUnits = new TokenValidityUnitsType { AccessToken = "minutes", IdToken = "hours", RefreshToken = "days" },
        });

        var tokens = await IssueAsync(client);
        var access = new JsonWebToken(tokens.AccessToken);
        var id = new JsonWebToken(tokens.IdToken);
        var refresh = await core.Get<IRefreshTokenStore>().FindByHashAsync(core.Get<SecretProtector>().KeyedHash(tokens.RefreshToken!), Ct);

        tokens.ExpiresIn.ShouldBe(300);
        access.GetPayloadValue<long>("iat").ShouldBe(Now.ToUnixTimeSeconds());
        access.GetPayloadValue<long>("exp").ShouldBe(Now.AddMinutes(5).ToUnixTimeSeconds());
        id.GetPayloadValue<long>("exp").ShouldBe(Now.AddHours(2).ToUnixTimeSeconds());
        refresh!.ExpiresAt.ShouldBe(Now.AddDays(1));
        refresh.UserId.ShouldBe(user.Id);
        refresh.ClientId.ShouldBe(client.ClientId);
        (await IssueAsync(client, withRefreshToken: false)).RefreshToken.ShouldBeNull();
    }

    [Fact]
    public async Task IssueAsync_Groups_InPrecedenceOrder_WithTheirRoles()
    {
        var client = await core.AddClientAsync(pool);
        var groups = core.Get<IGroupStore>();
        foreach (var (name, precedence, role) in new[] { ("readers", 5, "arn:aws:iam::000000000000:role/Readers"), ("admins", 1, "arn:aws:iam::000000000000:role/Admins"), ("plain", 3, (string?)null) })
        {
            await groups.TryAddAsync(new Group { PoolId = pool.Id, GroupName = name, Precedence = precedence, RoleArn = role, CreatedAt = Now, UpdatedAt = Now }, Ct);
            await groups.AddMemberAsync(pool.Id, name, user.Id, Ct);
        }

        var tokens = await IssueAsync(client);
        var access = new JsonWebToken(tokens.AccessToken);
        var id = new JsonWebToken(tokens.IdToken);

        Values(access, "cognito:groups").ShouldBe(["admins", "plain", "readers"]);
        Values(id, "cognito:groups").ShouldBe(["admins", "plain", "readers"]);
        Values(id, "cognito:roles").ShouldBe(["arn:aws:iam::000000000000:role/Admins", "arn:aws:iam::000000000000:role/Readers"]);
        id.GetPayloadValue<string>("cognito:preferred_role").ShouldBe("arn:aws:iam::000000000000:role/Admins");
    }

    [Fact]
    public async Task IssueAsync_ReadAttributes_LimitTheIdToken()
    {
        var client = await core.AddClientAsync(pool, new AppClientSettings { ReadAttributes = ["email", "email_verified"] });

        var id = new JsonWebToken((await IssueAsync(client)).IdToken);

        id.GetPayloadValue<string>("email").ShouldBe("alice@example.com");
        id.TryGetPayloadValue<string>("custom:tier", out _).ShouldBeFalse();
        id.GetPayloadValue<string>("sub").ShouldBe(user.Sub);
    }

    [Fact]
    public async Task IssueAsync_OAuthSession_CarriesItsScopes_Nonce_AndAtHash()
    {
        var client = await core.AddClientAsync(pool);

        var tokens = await IssueAsync(client, new TokenSession(Guid.NewGuid(), Now, "openid email", "n-0S6_WzA2Mj", AccessTokenHashSource: "code"));
        var id = new JsonWebToken(tokens.IdToken);

        new JsonWebToken(tokens.AccessToken).GetPayloadValue<string>("scope").ShouldBe("openid email");
        id.GetPayloadValue<string>("nonce").ShouldBe("n-0S6_WzA2Mj");
        id.GetPayloadValue<string>("at_hash").ShouldBe(TokenIssuer.AtHash(tokens.AccessToken));
    }

    [Fact]
    public async Task IssueAsync_AccessToken_IsAcceptedByTheValidator_UntilItExpires()
    {
        var client = await core.AddClientAsync(pool);
        var tokens = await IssueAsync(client, await core.StartSessionAsync(user, client, Now.AddMinutes(-1)));

        var caller = await core.Get<AccessTokenValidator>().ValidateAsync(tokens.AccessToken, Ct);
        caller.User.Id.ShouldBe(user.Id);
        caller.ClientId.ShouldBe(client.ClientId);
        caller.Scopes.ShouldBe([TokenIssuer.AdminScope]);

        core.Time.Advance(client.Settings.AccessTokenLifetime);
        (await Should.ThrowAsync<Errors.CognitoException>(() => core.Get<AccessTokenValidator>().ValidateAsync(tokens.AccessToken, Ct)))
            .Message.ShouldBe("Access Token has expired");
    }

    [Fact]
    public async Task IssueClientAccessTokenAsync_NamesTheClient_WithTheGrantedScopes()
    {
        var client = await core.AddClientAsync(pool);

        var (token, expiresIn) = await core.Get<TokenIssuer>().IssueClientAccessTokenAsync(client, "api/read api/write", Ct);
        var access = new JsonWebToken(token);

        expiresIn.ShouldBe(3600);
        access.GetPayloadValue<string>("sub").ShouldBe(client.ClientId);
        access.GetPayloadValue<string>("client_id").ShouldBe(client.ClientId);
        access.GetPayloadValue<string>("scope").ShouldBe("api/read api/write");
        access.GetPayloadValue<string>("token_use").ShouldBe("access");
        access.TryGetPayloadValue<string>("username", out _).ShouldBeFalse();
    }
}
