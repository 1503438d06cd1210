// SPDX-License-Identifier: Apache-2.0
using System.Net;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.OAuth;

/// <summary>/oauth2/authorize, /login and /logout per RFC 6749 §4.1.2.1 and RFC 9700 §2.1, §4.11.</summary>
public sealed class AuthorizeEndpointTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private readonly TesseraHost host = shared.Host;

    [Fact]
    public async Task Authorize_UnregisteredRedirectUri_ErrorPageWithoutRedirect()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        using var response = await host.Client.GetAsync($"{flow.Base}/oauth2/authorize{flow.AuthorizeQuery(redirectUri: "https://evil.example.com/callback")}", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Location.ShouldBeNull();
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("redirect_mismatch");
    }

    [Fact]
    public async Task Authorize_ScopeNotAllowed_RedirectsInvalidScopeWithState()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        using var response = await host.Client.GetAsync($"{flow.Base}/oauth2/authorize{flow.AuthorizeQuery(scope: "openid phone")}", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        OAuthFlow.QueryValue(response.Headers.Location!, "error").ShouldBe("invalid_scope");
        OAuthFlow.QueryValue(response.Headers.Location!, "state").ShouldBe("st-123");
    }

    [Fact]
    public async Task Authorize_NoSession_RedirectsToLoginWithTheSameParameters()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        var query = flow.AuthorizeQuery();
        using var response = await host.Client.GetAsync($"{flow.Base}/oauth2/authorize{query}", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe($"{flow.Base}/login{query}");
    }

    [Fact]
    public async Task Authorize_WithSessionCookie_SkipsTheForm()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        using var signIn = await flow.SignInAsync(flow.AuthorizeQuery());
        var session = signIn.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("tessera-session=", StringComparison.Ordinal));
        session.ShouldContain("httponly", Case.Insensitive);

        var again = new HttpRequestMessage(HttpMethod.Get, $"{flow.Base}/oauth2/authorize{flow.AuthorizeQuery(state: "second")}");
        again.Headers.Add("Cookie", session.Split(';')[0]);
        using var response = await host.Client.SendAsync(again, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        OAuthFlow.QueryValue(response.Headers.Location!, "code").ShouldNotBeNull();
        OAuthFlow.QueryValue(response.Headers.Location!, "state").ShouldBe("second");
    }

    [Fact]
    public async Task Login_WithoutCsrfToken_Forbidden()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        using var response = await flow.SignInAsync(flow.AuthorizeQuery(), withCsrf: false);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Headers.Location.ShouldBeNull();
    }

    [Fact]
    public async Task Login_WrongPassword_ShowsAwsMessage()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        using var response = await flow.SignInAsync(flow.AuthorizeQuery(), password: "Wrong-Pass-1");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("Incorrect username or password.");
    }

    [Fact]
    public async Task Login_Page_HasStrictSecurityHeaders()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        using var response = await host.Client.GetAsync($"{flow.Base}/login{flow.AuthorizeQuery()}", TestContext.Current.CancellationToken);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("default-src 'none'");
        csp.ShouldNotContain("unsafe-inline");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        html.ShouldContain("name=\"username\"");
        html.ShouldContain("name=\"password\"");
        html.ShouldContain("<label class=\"label-customizable\" for=\"signInFormUsername\">");
    }

    [Fact]
    public async Task Login_NativeAppCallback_FormActionAllowsItsSchemeAndTheSignInRedirectsThere()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        var (nativeClient, _) = await OAuthFlow.CreateClientAsync(host, flow.PoolId, secret: false, ["openid"], callback: "myapp://callback");
        var query = flow.AuthorizeQuery(clientId: nativeClient, redirectUri: "myapp://callback", scope: "openid");

        using var page = await host.Client.GetAsync($"{flow.Base}/login{query}", TestContext.Current.CancellationToken);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("form-action 'self' myapp:;");

        using var signedIn = await flow.SignInAsync(query);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signedIn.Headers.Location!.OriginalString.ShouldStartWith("myapp://callback?code=");
    }

    [Fact]
    public async Task Logout_UnregisteredLogoutUri_RefusedWithoutRedirect()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        using var response = await host.Client.GetAsync($"{flow.Base}/logout?client_id={flow.ClientId}&logout_uri={Uri.EscapeDataString("https://evil.example.com/")}", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Location.ShouldBeNull();
    }

    [Fact]
    public async Task Logout_RegisteredLogoutUri_ClearsSessionAndRedirects()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        using var response = await host.Client.GetAsync($"{flow.Base}/logout?client_id={flow.ClientId}&logout_uri={Uri.EscapeDataString(OAuthFlow.LogoutUrl)}", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe(OAuthFlow.LogoutUrl);
        response.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("tessera-session=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Discovery_PoolWithDomain_AdvertisesTheOAuthEndpoints()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        var document = System.Text.Json.Nodes.JsonNode.Parse(await host.Client.GetStringAsync($"/{flow.PoolId}/.well-known/openid-configuration", TestContext.Current.CancellationToken))!;
        document["authorization_endpoint"]!.GetValue<string>().ShouldEndWith($"/auth/{flow.Domain}/oauth2/authorize");
        document["token_endpoint"]!.GetValue<string>().ShouldEndWith($"/auth/{flow.Domain}/oauth2/token");
        document["end_session_endpoint"]!.GetValue<string>().ShouldEndWith($"/auth/{flow.Domain}/logout");
    }
    [Fact]
    public async Task Login_PoolRequiresMfa_ShowsTheSetupPageRatherThanSkippingTheSecondFactor()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        await host.CallAsync("SetUserPoolMfaConfig", new { UserPoolId = flow.PoolId, SoftwareTokenMfaConfiguration = new { Enabled = true }, MfaConfiguration = "ON" });

        using var response = await flow.SignInAsync(flow.AuthorizeQuery());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.Location.ShouldBeNull();
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("name=\"cognitoMfaSetupForm\"");
    }
}
