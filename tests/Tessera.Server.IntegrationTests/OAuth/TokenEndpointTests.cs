// SPDX-License-Identifier: Apache-2.0
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Tessera.Core.Security;
using Tessera.Core.Tokens;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.OAuth;

/// <summary>/oauth2/token per RFC 6749 §4.1.3/§5.2, RFC 7636 §4.6 and RFC 9700 §4.5 (codes).</summary>
public sealed class TokenEndpointTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private const string Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-verifier";
    private readonly TesseraHost host = shared.Host;

    private static string S256(string verifier) => RandomIds.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    [Fact]
    public async Task AuthorizationCode_WithPkceS256_ReturnsTokensWithAtHashNonceAndScopes()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        using var signIn = await flow.SignInAsync(flow.AuthorizeQuery(challenge: S256(Verifier), method: "S256"));
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = signIn.Headers.Location!;
        location.GetLeftPart(UriPartial.Path).ShouldBe(OAuthFlow.Callback);
        OAuthFlow.QueryValue(location, "state").ShouldBe("st-123");

        var (status, body) = await flow.ExchangeAsync(OAuthFlow.QueryValue(location, "code")!, Verifier);

        status.ShouldBe(200);
        body["token_type"]!.GetValue<string>().ShouldBe("Bearer");
        body["expires_in"]!.GetValue<int>().ShouldBe(3600);
        body["refresh_token"].ShouldNotBeNull();
        var access = body["access_token"]!.GetValue<string>();
        var id = new JsonWebToken(body["id_token"]!.GetValue<string>());
        id.GetClaim("nonce").Value.ShouldBe("n-456");
        id.GetClaim("at_hash").Value.ShouldBe(TokenIssuer.AtHash(access));
        id.GetClaim("aud").Value.ShouldBe(flow.ClientId);
        new JsonWebToken(access).GetClaim("scope").Value.ShouldBe("openid email");
    }

    [Theory]
    [InlineData("/oauth2/authorize", "plain")]
    [InlineData("/oauth2/authorize", null)]
    [InlineData("/oauth2/authorize", "s256")]
    [InlineData("/login", "plain")]
    [InlineData("/login", null)]
    public async Task Authorize_PkceMethodOtherThanS256_RedirectsInvalidRequest(string path, string? method)
    {
        // Cognito supports only S256 (Developer Guide, authorize endpoint); a missing method is not read as plain.
        var flow = await OAuthFlow.CreateAsync(host);

        using var response = await host.Client.GetAsync($"{flow.Base}{path}{flow.AuthorizeQuery(challenge: Verifier, method: method)}", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.GetLeftPart(UriPartial.Path).ShouldBe(OAuthFlow.Callback);
        OAuthFlow.QueryValue(response.Headers.Location!, "error").ShouldBe("invalid_request");
        OAuthFlow.QueryValue(response.Headers.Location!, "state").ShouldBe("st-123");
    }

    [Fact]
    public async Task AuthorizationCode_Replayed_FailsAndRevokesTheFirstTokens()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        var code = await flow.CodeAsync(flow.AuthorizeQuery());
        var (_, first) = await flow.ExchangeAsync(code);

        var (status, second) = await flow.ExchangeAsync(code);

        status.ShouldBe(400);
        second["error"]!.GetValue<string>().ShouldBe("invalid_grant");
        var (refreshStatus, refreshed) = await flow.TokenAsync(new()
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = flow.ClientId,
            ["refresh_token"] = first["refresh_token"]!.GetValue<string>(),
        });
        refreshStatus.ShouldBe(400);
        refreshed["error"]!.GetValue<string>().ShouldBe("invalid_grant");
        var userInfo = new HttpRequestMessage(HttpMethod.Get, $"{flow.Base}/oauth2/userInfo");
        userInfo.Headers.Add("Authorization", "Bearer " + first["access_token"]!.GetValue<string>());
        (await host.Client.SendAsync(userInfo, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AuthorizationCode_WrongVerifier_InvalidGrant()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        var code = await flow.CodeAsync(flow.AuthorizeQuery(challenge: S256(Verifier), method: "S256"));

        var (status, body) = await flow.ExchangeAsync(code, Verifier.Replace('d', 'e'));
        status.ShouldBe(400);
        body["error"]!.GetValue<string>().ShouldBe("invalid_grant");
        (await flow.ExchangeAsync(code)).Body["error"]!.GetValue<string>().ShouldBe("invalid_grant");
        // The right verifier still works: a failed guess does not burn the code for its owner.
        (await flow.ExchangeAsync(code, Verifier)).Status.ShouldBe(200);
    }

    [Fact]
    public async Task AuthorizationCode_RedirectUriDiffers_InvalidGrant()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        var code = await flow.CodeAsync(flow.AuthorizeQuery());

        var (status, body) = await flow.ExchangeAsync(code, redirectUri: OAuthFlow.Callback + "/other");

        status.ShouldBe(400);
        body["error"]!.GetValue<string>().ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task AuthorizationCode_PresentedByAnotherClient_InvalidGrant()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        var (other, _) = await OAuthFlow.CreateClientAsync(host, flow.PoolId, secret: false, ["openid", "email"]);
        var code = await flow.CodeAsync(flow.AuthorizeQuery());

        var (status, body) = await flow.ExchangeAsync(code, clientId: other);

        status.ShouldBe(400);
        body["error"]!.GetValue<string>().ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task Token_GrantTypeMissingOrUnknown_InvalidRequestOrUnsupportedGrantType()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        (await flow.TokenAsync(new() { ["client_id"] = flow.ClientId })).Body["error"]!.GetValue<string>().ShouldBe("invalid_request");
        (await flow.TokenAsync(new() { ["grant_type"] = "password", ["client_id"] = flow.ClientId })).Body["error"]!.GetValue<string>().ShouldBe("unsupported_grant_type");
    }

    [Fact]
    public async Task Token_SecretClientWithWrongSecretByBasic_InvalidClient401()
    {
        var flow = await OAuthFlow.CreateAsync(host, secret: true);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{flow.ClientId}:wrong"));

        var (status, body) = await flow.TokenAsync(new() { ["grant_type"] = "authorization_code", ["code"] = "x", ["redirect_uri"] = OAuthFlow.Callback }, basic);

        status.ShouldBe(401);
        body["error"]!.GetValue<string>().ShouldBe("invalid_client");
    }

    [Fact]
    public async Task Token_SecretClientWithoutSecret_InvalidClient()
    {
        var flow = await OAuthFlow.CreateAsync(host, secret: true);
        var code = await flow.CodeAsync(flow.AuthorizeQuery());

        var (status, body) = await flow.ExchangeAsync(code);

        status.ShouldBe(400);
        body["error"]!.GetValue<string>().ShouldBe("invalid_client");
    }

    [Fact]
    public async Task AuthorizationCode_SecretInFormOrBasic_Accepted()
    {
        var flow = await OAuthFlow.CreateAsync(host, secret: true);
        var code = await flow.CodeAsync(flow.AuthorizeQuery());
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{flow.ClientId}:{flow.Secret}"));
        (await flow.TokenAsync(new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = OAuthFlow.Callback }, basic)).Status.ShouldBe(200);

        var second = await flow.CodeAsync(flow.AuthorizeQuery());
        (await flow.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code", ["client_id"] = flow.ClientId, ["client_secret"] = flow.Secret!, ["code"] = second, ["redirect_uri"] = OAuthFlow.Callback,
        })).Status.ShouldBe(200);
    }

    [Fact]
    public async Task RefreshToken_ThenRevoked_InvalidGrant()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        var (_, tokens) = await flow.ExchangeAsync(await flow.CodeAsync(flow.AuthorizeQuery()));
        var refresh = tokens["refresh_token"]!.GetValue<string>();
        var form = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["client_id"] = flow.ClientId, ["refresh_token"] = refresh };

        var (status, body) = await flow.TokenAsync(form);
        status.ShouldBe(200);
        body["id_token"].ShouldNotBeNull();
        body["refresh_token"].ShouldBeNull();

        using var revoke = await host.Client.PostAsync($"{flow.Base}/oauth2/revoke", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = refresh, ["client_id"] = flow.ClientId }), TestContext.Current.CancellationToken);
        revoke.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await flow.TokenAsync(form)).Body["error"]!.GetValue<string>().ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task ClientCredentials_CustomScope_AccessTokenOnlyWithClientAsSubject()
    {
        var pool = await host.CreatePoolAsync();
        var domain = "cc" + Guid.NewGuid().ToString("N")[..8];
        await host.CallAsync("CreateUserPoolDomain", new { UserPoolId = pool, Domain = domain });
        await host.CallAsync("CreateResourceServer", new
        {
            UserPoolId = pool, Identifier = "https://api.example.com", Name = "api",
            Scopes = new[] { new { ScopeName = "read", ScopeDescription = "Read" }, new { ScopeName = "write", ScopeDescription = "Write" } },
        });
        var (clientId, secret) = await OAuthFlow.CreateClientAsync(host, pool, secret: true, ["https://api.example.com/read"], ["client_credentials"]);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}"));
        var request = new HttpRequestMessage(HttpMethod.Post, $"/auth/{domain}/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "https://api.example.com/read" }),
        };
        request.Headers.Add("Authorization", "Basic " + basic);
        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body["id_token"].ShouldBeNull();
        body["refresh_token"].ShouldBeNull();
        var access = new JsonWebToken(body["access_token"]!.GetValue<string>());
        access.Subject.ShouldBe(clientId);
        access.GetClaim("scope").Value.ShouldBe("https://api.example.com/read");
        access.GetClaim("token_use").Value.ShouldBe("access");

        var denied = new HttpRequestMessage(HttpMethod.Post, $"/auth/{domain}/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "https://api.example.com/write" }),
        };
        denied.Headers.Add("Authorization", "Basic " + basic);
        using var deniedResponse = await host.Client.SendAsync(denied, TestContext.Current.CancellationToken);
        deniedResponse.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await deniedResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("invalid_scope");
    }

    [Fact]
    public async Task ClientCredentials_CodeOnlyClient_UnauthorizedClient()
    {
        var flow = await OAuthFlow.CreateAsync(host, secret: true);
        var (status, body) = await flow.TokenAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = flow.ClientId, ["client_secret"] = flow.Secret! });
        status.ShouldBe(400);
        body["error"]!.GetValue<string>().ShouldBe("unauthorized_client");
    }

    [Fact]
    public async Task Token_OnDomainHost_IsRoutedWithoutThePathPrefix()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password", ["client_id"] = flow.ClientId }),
        };
        request.Headers.Host = $"{flow.Domain}.auth.us-east-1.localhost";
        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("unsupported_grant_type");
    }
}
