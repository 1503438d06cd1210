// SPDX-License-Identifier: Apache-2.0
using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.OAuth;

/// <summary>
/// An unchanged ASP.NET Core app using Microsoft.AspNetCore.Authentication.OpenIdConnect (code flow, PKCE,
/// nonce, ID token signature checked against the JWKS, userinfo) signs a user in through Tessera's hosted UI.
/// </summary>
public sealed class OpenIdConnectHandlerTests : IAsyncLifetime
{
    private const string AppBase = "https://app.test";
    private TesseraHost tessera = null!;

    public async ValueTask InitializeAsync() => tessera = await TesseraHost.StartAsync(new Dictionary<string, string?> { ["Tessera:PublicUrl"] = "http://localhost" });

    public async ValueTask DisposeAsync() => await tessera.DisposeAsync();

    [Fact]
    public async Task OpenIdConnectHandler_CodeFlowThroughHostedUi_SignsTheUserIn()
    {
        var ct = TestContext.Current.CancellationToken;
        var flow = await OAuthFlow.CreateAsync(tessera);
        var (clientId, secret) = await OAuthFlow.CreateClientAsync(tessera, flow.PoolId, secret: true, ["openid", "email", "profile"], callback: $"{AppBase}/signin-oidc");

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie()
            .AddOpenIdConnect(o =>
            {
                o.Authority = $"http://localhost/{flow.PoolId}";
                o.RequireHttpsMetadata = false;
                o.ClientId = clientId;
                o.ClientSecret = secret;
                o.ResponseType = "code";
                o.ResponseMode = "query";
                o.UsePkce = true;
                o.Scope.Clear();
                o.Scope.Add("openid");
                o.Scope.Add("email");
                o.MapInboundClaims = false;
                o.GetClaimsFromUserInfoEndpoint = true;
                o.Backchannel = tessera.Client;
            });
        await using var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/me", async (HttpContext context) =>
        {
            if (context.User.Identity?.IsAuthenticated != true)
            {
                await context.ChallengeAsync();
                return;
            }

            await context.Response.WriteAsync(context.User.FindFirst("email")?.Value ?? "no email", ct);
        });
        await app.StartAsync(ct);
        using var browser = app.GetTestClient();
        browser.BaseAddress = new Uri(AppBase);
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);

        async Task<HttpResponseMessage> AppGetAsync(string url)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await browser.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                foreach (var cookie in set.Select(c => c.Split(';')[0]))
                {
                    var eq = cookie.IndexOf('=', StringComparison.Ordinal);
                    cookies[cookie[..eq]] = cookie[(eq + 1)..];
                }
            }

            return response;
        }

        using var challenge = await AppGetAsync("/me");
        challenge.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var authorize = challenge.Headers.Location!;
        authorize.AbsolutePath.ShouldBe($"/auth/{flow.Domain}/oauth2/authorize");

        using var toLogin = await tessera.Client.GetAsync(authorize, ct);
        toLogin.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var signedIn = await flow.SignInAsync(authorize.Query);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var callback = signedIn.Headers.Location!;
        callback.GetLeftPart(UriPartial.Path).ShouldBe($"{AppBase}/signin-oidc");

        using var completed = await AppGetAsync(callback.PathAndQuery);
        completed.StatusCode.ShouldBe(HttpStatusCode.Redirect, await completed.Content.ReadAsStringAsync(ct));
        using var me = await AppGetAsync("/me");
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await me.Content.ReadAsStringAsync(ct)).ShouldBe("alice@example.com");
        await app.StopAsync(ct);
    }
}
