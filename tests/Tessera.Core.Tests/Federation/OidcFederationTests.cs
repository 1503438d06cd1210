// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tessera.Core.Federation;

namespace Tessera.Core.Tests.Federation;

public sealed class OidcFederationTests
{
    private const string Issuer = "https://idp.example.com";
    private const string ClientId = "tessera";
    private const string Redirect = "https://auth.example.com/oauth2/idpresponse";

    [Fact]
    public async Task Complete_ValidIdToken_ReturnsItsClaimsAndUserInfo()
    {
        await using var core = await CoreFixture.CreateAsync();
        using var key = RSA.Create(2048);
        var (provider, state) = Setup(core, key, c => c);
        core.Upstream.Json[$"{Issuer}/me"] = (_, bearer) => bearer == "upstream-access"
            ? new Dictionary<string, object> { ["sub"] = "u-1", ["given_name"] = "Ada" }
            : throw new UpstreamException("no bearer");

        var claims = await core.Get<OidcFederation>().CompleteAsync(provider, "the-code", Redirect, state, CancellationToken.None);

        claims["sub"].ShouldBe("u-1");
        claims["email"].ShouldBe("ada@example.com");
        claims["email_verified"].ShouldBe("true");
        claims["given_name"].ShouldBe("Ada");
    }

    [Fact]
    public async Task Complete_SendsPkceVerifierAndSecret()
    {
        await using var core = await CoreFixture.CreateAsync();
        using var key = RSA.Create(2048);
        var (provider, state) = Setup(core, key, c => c);
        IReadOnlyList<KeyValuePair<string, string>>? sent = null;
        var answer = core.Upstream.Json[$"{Issuer}/token"];
        core.Upstream.Json[$"{Issuer}/token"] = (form, bearer) =>
        {
            sent = form;
            return answer(form, bearer);
        };

        await core.Get<OidcFederation>().CompleteAsync(provider, "the-code", Redirect, state, CancellationToken.None);

        var form = sent!.ToDictionary(p => p.Key, p => p.Value);
        form["code_verifier"].ShouldBe(state.CodeVerifier);
        form["client_secret"].ShouldBe("upstream-secret");
        form["redirect_uri"].ShouldBe(Redirect);
        OidcFederation.AuthorizeUrl(provider, Redirect, state).ShouldContain("code_challenge_method=S256");
    }

    [Theory]
    [InlineData("aud")]
    [InlineData("iss")]
    [InlineData("nonce")]
    [InlineData("exp")]
    public async Task Complete_IdTokenForSomeoneElse_IsRefused(string claim)
    {
        await using var core = await CoreFixture.CreateAsync();
        using var key = RSA.Create(2048);
        var (provider, state) = Setup(core, key, c =>
        {
            c[claim] = claim == "exp" ? core.Time.GetUtcNow().AddMinutes(-10).ToUnixTimeSeconds() : "someone-else";
            return c;
        });

        var error = await Should.ThrowAsync<FederationException>(() => core.Get<OidcFederation>().CompleteAsync(provider, "the-code", Redirect, state, CancellationToken.None));

        error.Error.ShouldBe("invalid_request");
    }

    [Fact]
    public async Task Complete_IdTokenSignedByAnotherKey_IsRefused()
    {
        await using var core = await CoreFixture.CreateAsync();
        using var key = RSA.Create(2048);
        using var other = RSA.Create(2048);
        var (provider, state) = Setup(core, key, c => c, signWith: other);

        (await Should.ThrowAsync<FederationException>(() => core.Get<OidcFederation>().CompleteAsync(provider, "the-code", Redirect, state, CancellationToken.None)))
            .Message.ShouldBe("The identity provider's ID token is not valid.");
    }

    [Fact]
    public async Task Complete_TokenEndpointDown_IsRefused()
    {
        await using var core = await CoreFixture.CreateAsync();
        using var key = RSA.Create(2048);
        var (provider, state) = Setup(core, key, c => c);
        core.Upstream.Json.Remove($"{Issuer}/token");

        (await Should.ThrowAsync<FederationException>(() => core.Get<OidcFederation>().CompleteAsync(provider, "the-code", Redirect, state, CancellationToken.None)))
            .Message.ShouldBe("The identity provider did not accept the sign-in.");
    }

    [Fact]
    public async Task StateSealer_OpensOnlyWithTheSameStateInTheSamePoolBeforeExpiry()
    {
        await using var core = await CoreFixture.CreateAsync();
        var sealer = core.Get<FederationStateSealer>();
        var state = sealer.Start("us-east-1_pool", "Corp", "?client_id=x");
        var cookie = sealer.Seal(state);

        sealer.Open(cookie, "us-east-1_pool", state.State).ShouldBe(state);
        sealer.Open(cookie, "us-east-1_pool", "forged").ShouldBeNull();
        sealer.Open(cookie, "us-east-1_other", state.State).ShouldBeNull();
        sealer.Open(cookie[..^4] + "AAAA", "us-east-1_pool", state.State).ShouldBeNull();
        core.Time.Advance(FederationStateSealer.Lifetime);
        sealer.Open(cookie, "us-east-1_pool", state.State).ShouldBeNull();
    }

    [Fact]
    public async Task Complete_Facebook_TokenByGetAndTheMappedFieldsFromTheGraph()
    {
        await using var core = await CoreFixture.CreateAsync();
        var provider = new IdentityProvider
        {
            PoolId = "us-east-1_pool",
            ProviderName = ProviderTypes.Facebook,
            ProviderType = ProviderTypes.Facebook,
            Details = new()
            {
                ["client_id"] = "fb-app",
                ["token_url"] = "https://graph.example/v17.0/oauth/access_token",
                ["token_request_method"] = "GET",
                ["attributes_url"] = "https://graph.example/v17.0/me?fields=",
                ["attributes_url_add_attributes"] = "true",
            },
            AttributeMapping = new() { ["username"] = "id", ["email"] = "email" },
            SealedSecrets = core.Get<Tessera.Core.Security.SecretProtector>().ProtectString(
                JsonSerializer.Serialize(new Dictionary<string, string> { ["client_secret"] = "fb-secret" }), "identity-provider-secrets"),
        };
        var state = core.Get<FederationStateSealer>().Start(provider.PoolId, provider.ProviderName, "?client_id=x");
        core.Upstream.Json["https://graph.example/v17.0/oauth/access_token"] = (query, _) =>
            query.Any(p => p is { Key: "client_secret", Value: "fb-secret" }) && query.Any(p => p is { Key: "code", Value: "the-code" })
                ? new Dictionary<string, object> { ["access_token"] = "fb-access", ["token_type"] = "bearer" }
                : throw new UpstreamException("bad token request");
        core.Upstream.Json["https://graph.example/v17.0/me?fields=id,email"] = (_, bearer) => bearer == "fb-access"
            ? new Dictionary<string, object> { ["id"] = "10001", ["email"] = "ada@example.com" }
            : throw new UpstreamException("no bearer");

        var claims = await core.Get<OidcFederation>().CompleteAsync(provider, "the-code", Redirect, state, CancellationToken.None);

        claims["id"].ShouldBe("10001");
        claims["email"].ShouldBe("ada@example.com");
        FederatedUsers.Subject(provider, claims).ShouldBe("10001");
    }

    [Fact]
    public async Task Complete_SignInWithApple_ClientSecretIsAJwtSignedWithThePrivateKey()
    {
        await using var core = await CoreFixture.CreateAsync();
        using var key = RSA.Create(2048);
        var (provider, state) = Setup(core, key, c => c);
        using var apple = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        provider.ProviderType = ProviderTypes.SignInWithApple;
        provider.Details["team_id"] = "TEAM123456";
        provider.Details["key_id"] = "KEY1234567";
        provider.Details["authorize_scopes"] = "openid email name";
        provider.SealedSecrets = core.Get<Tessera.Core.Security.SecretProtector>().ProtectString(
            JsonSerializer.Serialize(new Dictionary<string, string> { ["private_key"] = apple.ExportPkcs8PrivateKeyPem() }), "identity-provider-secrets");
        string? secret = null;
        var answer = core.Upstream.Json[$"{Issuer}/token"];
        core.Upstream.Json[$"{Issuer}/token"] = (form, bearer) =>
        {
            secret = form.Single(p => p.Key == "client_secret").Value;
            return answer(form, bearer);
        };

        var claims = await core.Get<OidcFederation>().CompleteAsync(provider, "the-code", Redirect, state, CancellationToken.None);

        claims["sub"].ShouldBe("u-1");
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(secret, new TokenValidationParameters
        {
            ValidIssuer = "TEAM123456", ValidAudience = Issuer, IssuerSigningKey = new ECDsaSecurityKey(apple), ValidateLifetime = false,
        });
        result.IsValid.ShouldBeTrue();
        ((JsonWebToken)result.SecurityToken).Kid.ShouldBe("KEY1234567");
        ((JsonWebToken)result.SecurityToken).Subject.ShouldBe(ClientId);
        OidcFederation.AuthorizeUrl(provider, Redirect, state).ShouldContain("response_mode=form_post");
    }

    /// <summary>An OIDC provider whose token endpoint answers an ID token made by <paramref name="claims"/> from the defaults.</summary>
    private static (IdentityProvider Provider, FederationState State) Setup(CoreFixture core, RSA key, Func<Dictionary<string, object>, Dictionary<string, object>> claims, RSA? signWith = null)
    {
        var protector = core.Get<Tessera.Core.Security.SecretProtector>();
        var provider = new IdentityProvider
        {
            PoolId = "us-east-1_pool",
            ProviderName = "Corp",
            ProviderType = ProviderTypes.Oidc,
            Details = new()
            {
                ["client_id"] = ClientId,
                ["oidc_issuer"] = Issuer,
                ["authorize_url"] = $"{Issuer}/auth",
                ["token_url"] = $"{Issuer}/token",
                ["attributes_url"] = $"{Issuer}/me",
                ["jwks_uri"] = $"{Issuer}/jwks",
                ["attributes_request_method"] = "GET",
            },
            SealedSecrets = protector.ProtectString(JsonSerializer.Serialize(new Dictionary<string, string> { ["client_secret"] = "upstream-secret" }), "identity-provider-secrets"),
        };
        var state = core.Get<FederationStateSealer>().Start(provider.PoolId, provider.ProviderName, "?client_id=x");
        var now = core.Time.GetUtcNow();
        var payload = claims(new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = ClientId,
            ["sub"] = "u-1",
            ["nonce"] = state.Nonce,
            ["email"] = "ada@example.com",
            ["email_verified"] = true,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(5).ToUnixTimeSeconds(),
        });
        var signing = new RsaSecurityKey(signWith ?? key) { KeyId = "k1" };
        var idToken = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = payload,
            SigningCredentials = new SigningCredentials(signing, SecurityAlgorithms.RsaSha256),
        });
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.ExportParameters(false)) { KeyId = "k1" });
        core.Upstream.Json[$"{Issuer}/jwks"] = (_, _) => new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, n = jwk.N, e = jwk.E, alg = "RS256", use = "sig" } } };
        core.Upstream.Json[$"{Issuer}/token"] = (_, _) => new Dictionary<string, object> { ["id_token"] = idToken, ["access_token"] = "upstream-access", ["token_type"] = "Bearer" };
        core.Upstream.Json[$"{Issuer}/me"] = (_, _) => new Dictionary<string, object> { ["sub"] = "u-1" };
        return (provider, state);
    }
}
