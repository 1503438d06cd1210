// SPDX-License-Identifier: Apache-2.0
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tessera.Core.Tokens;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.AspNetCore.Authentication.Tests;

/// <summary>An API protected by AddCognitoJwtBearer, fed tokens by a real (in-process) Tessera.</summary>
public sealed class CognitoJwtBearerTests : IAsyncLifetime
{
    private TesseraHost tessera = null!;
    private string pool = null!;
    private string client = null!;
    private int authentications;

    public async ValueTask InitializeAsync()
    {
        // A rotation may make a key sign once it has been published this long (1 s, the least allowed; 10 min by default).
        tessera = await TesseraHost.StartAsync(new Dictionary<string, string?> { ["Tessera:SigningKeys:MinimumNextKeyAge"] = "00:00:01" });
        pool = await tessera.CreatePoolAsync();
        (client, _) = await tessera.CreateClientAsync(pool);
        await tessera.CreateConfirmedUserAsync(pool, client, "alice", "Perm-Pass-1", ("email", "alice@example.com"));
    }

    public async ValueTask DisposeAsync() => await tessera.DisposeAsync();

    [Fact]
    public async Task Hello_ValidAccessToken_GreetsTheUser()
    {
        await using var api = await StartApiAsync();
        var response = await api.GetAsync("/api/hello", await SignInAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Hi alice, your API call is authenticated!");
    }

    [Fact]
    public async Task Public_WithAuthorizationHeader_DoesNotRunAuthentication()
    {
        await using var api = await StartApiAsync();
        var response = await api.GetAsync("/api/public", "not-even-a-jwt");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        authentications.ShouldBe(0);
        (await api.GetAsync("/api/hello", "not-even-a-jwt")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        authentications.ShouldBe(1);
    }

    [Fact]
    public async Task Hello_NoToken_Answers401WithBearerChallengeAndReason()
    {
        await using var api = await StartApiAsync();
        var response = await api.GetAsync("/api/hello", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        (await response.Content.ReadAsStringAsync()).ShouldContain("Missing bearer token");
    }

    [Fact]
    public async Task Hello_IdTokenWhereAccessExpected_IsRejectedWithTokenUseReason()
    {
        await using var api = await StartApiAsync();
        var response = await api.GetAsync("/api/hello", await SignInAsync(idToken: true));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("error=\"invalid_token\"");
        response.Headers.WwwAuthenticate.ToString().ShouldContain("token_use is 'id'");
    }

    [Fact]
    public async Task Hello_TokenOfAnotherClient_IsRejected()
    {
        await using var api = await StartApiAsync(o => o.ClientIds.Add("some-other-client"));
        var response = await api.GetAsync("/api/hello", await SignInAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("which this API does not accept");
    }

    [Fact]
    public async Task Hello_IdTokenOfTheAcceptedClient_IsCheckedAgainstAud()
    {
        await using var api = await StartApiAsync(o =>
        {
            o.TokenUse = "id";
            o.ClientIds.Add(client);
        });
        await using var other = await StartApiAsync(o =>
        {
            o.TokenUse = "id";
            o.ClientIds.Add("some-other-client");
        });
        var idToken = await SignInAsync(idToken: true);

        var accepted = await api.GetAsync("/api/hello", idToken);
        var rejected = await other.GetAsync("/api/hello", idToken);

        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await accepted.Content.ReadAsStringAsync()).ShouldBe("Hi alice, your API call is authenticated!");
        rejected.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        rejected.Headers.WwwAuthenticate.ToString().ShouldContain($"issued to client '{client}'");
    }

    [Fact]
    public async Task Hello_TokenSignedByUnknownKey_IsRejected()
    {
        await using var api = await StartApiAsync();
        using var rsa = RSA.Create(2048);
        var forged = Sign(new RsaSecurityKey(rsa) { KeyId = "forged" }, TimeSpan.FromHours(1));

        var response = await api.GetAsync("/api/hello", forged);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("error=\"invalid_token\"");
    }

    [Fact]
    public async Task Hello_ExpiredTokenFromThePool_IsRejectedAsExpired()
    {
        await using var api = await StartApiAsync();
        await using var scope = tessera.Services.CreateAsyncScope();
        var credentials = await scope.ServiceProvider.GetRequiredService<KeyRing>().SigningCredentialsAsync(pool, SigningKeyPurpose.Access, CancellationToken.None);
        var expired = Sign((RsaSecurityKey)credentials.Key, TimeSpan.FromMinutes(-10));

        var response = await api.GetAsync("/api/hello", expired);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("The token has expired.");
    }

    [Fact]
    public async Task Hello_AfterKeyRotationWhileRunning_RefreshesKeysOnUnknownKid()
    {
        await using var api = await StartApiAsync();
        (await api.GetAsync("/api/hello", await SignInAsync())).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The first rotation publishes the next keys (refused); two more: the signing key becomes one the API has never
        // seen in its cached JWKS.
        await using (var scope = tessera.Services.CreateAsyncScope())
        {
            var keys = scope.ServiceProvider.GetRequiredService<KeyRing>();
            await Should.ThrowAsync<SigningKeyRotationException>(() => keys.RotateAsync(pool, CancellationToken.None));
            await Task.Delay(TimeSpan.FromSeconds(1.1));
            await keys.RotateAsync(pool, CancellationToken.None);
            await Task.Delay(TimeSpan.FromSeconds(1.1));
            await keys.RotateAsync(pool, CancellationToken.None);
        }

        var response = await api.GetAsync("/api/hello", await SignInAsync());
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private string Sign(RsaSecurityKey key, TimeSpan lifetime)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        var claims = new Dictionary<string, object>
        {
            ["sub"] = Guid.NewGuid().ToString(),
            ["iss"] = $"http://localhost:9229/{pool}",
            ["client_id"] = client,
            ["token_use"] = "access",
            ["username"] = "alice",
            ["iat"] = (now - TimeSpan.FromHours(2)).ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }
            .CreateToken(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256) });
    }

    private async Task<string> SignInAsync(bool idToken = false)
    {
        var result = await tessera.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId = client,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "alice", ["PASSWORD"] = "Perm-Pass-1" },
        }, sign: false);
        return result["AuthenticationResult"]![idToken ? "IdToken" : "AccessToken"]!.GetValue<string>();
    }

    private async Task<ApiHost> StartApiAsync(Action<CognitoJwtBearerOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAuthentication().AddCognitoJwtBearer(o =>
        {
            o.Authority = new Uri($"http://localhost:9229/{pool}");
            configure?.Invoke(o);
        });
        // Discovery and JWKS come from the in-process Tessera instead of a socket.
        builder.Services.Configure<JwtBearerOptions>(CognitoJwtBearerDefaults.AuthenticationScheme, o =>
        {
            o.BackchannelHttpHandler = tessera.CreateHandler();
            o.Events = new JwtBearerEvents { OnMessageReceived = _ => { Interlocked.Increment(ref authentications); return Task.CompletedTask; } };
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/api/hello", (HttpContext context) => $"Hi {context.User.GetCognitoUsername()}, your API call is authenticated!")
            .RequireAuthorization(p => p.AddAuthenticationSchemes(CognitoJwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser());
        app.MapGet("/api/public", () => "public");
        await app.StartAsync();
        return new ApiHost(app);
    }

    private sealed class ApiHost(WebApplication app) : IAsyncDisposable
    {
        private readonly HttpClient http = app.GetTestClient();

        public Task<HttpResponseMessage> GetAsync(string path, string? token)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return http.SendAsync(request);
        }

        public async ValueTask DisposeAsync()
        {
            http.Dispose();
            await app.DisposeAsync();
        }
    }
}
