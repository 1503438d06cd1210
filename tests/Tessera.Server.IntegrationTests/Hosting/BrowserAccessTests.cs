// SPDX-License-Identifier: Apache-2.0
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.Hosting;

/// <summary>
/// Which web pages may call what: CORS only where browsers legitimately call (unsigned operations, STS, the
/// token, userInfo and revocation endpoints, discovery, JWKS), never on administrative operations or /_dev,
/// and an administrative call from a web page refused before it runs.
/// </summary>
public sealed class BrowserAccessTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private const string Page = "https://evil.example.com";
    private readonly TesseraHost host = shared.Host;

    [Theory]
    [InlineData("/")]
    [InlineData("/auth/somedomain/oauth2/token")]
    [InlineData("/auth/somedomain/oauth2/userInfo")]
    [InlineData("/auth/somedomain/oauth2/revoke")]
    public async Task Preflight_BrowserEndpoint_AnsweredForAnyOriginByDefault(string path)
    {
        using var response = await PreflightAsync(host, path, "POST", "authorization,content-type,x-amz-target,x-amz-user-agent");

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        Header(response, "Access-Control-Allow-Origin").ShouldBe("*");
        Header(response, "Access-Control-Allow-Methods")!.ShouldContain("POST");
        Header(response, "Access-Control-Allow-Headers").ShouldBe("authorization,content-type,x-amz-target,x-amz-user-agent");
        Header(response, "Access-Control-Allow-Credentials").ShouldBeNull();
    }

    [Theory]
    [InlineData("/_dev/inbox", "GET")]
    [InlineData("/auth/somedomain/login", "POST")]
    [InlineData("/auth/somedomain/oauth2/authorize", "GET")]
    [InlineData("/health", "GET")]
    public async Task Preflight_PagesAndDevEndpoints_NoCors(string path, string method)
    {
        using var response = await PreflightAsync(host, path, method, "content-type");

        Header(response, "Access-Control-Allow-Origin").ShouldBeNull();
    }

    [Fact]
    public async Task UnsignedOperation_FromAnotherOrigin_IsReadable()
    {
        var pool = await host.CreatePoolAsync();
        var (client, _) = await host.CreateClientAsync(pool);
        using var request = Json("AWSCognitoIdentityProviderService.InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId = client,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "nobody", ["PASSWORD"] = "Wrong-Pass-1" },
        });
        request.Headers.Add("Origin", Page);

        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        ((int)response.StatusCode).ShouldBe(400);
        Header(response, "Access-Control-Allow-Origin").ShouldBe("*");
        Header(response, "Access-Control-Expose-Headers")!.ShouldContain("x-amzn-ErrorType");
    }

    [Theory]
    [InlineData("https://evil.example.com")]
    [InlineData("http://localhost")]
    [InlineData("null")]
    public async Task AdministrativeOperation_FromAWebPage_RefusedBeforeItRuns_WithoutCors(string origin)
    {
        var name = "from-a-page-" + Guid.NewGuid().ToString("N")[..8];
        var body = JsonSerializer.Serialize(new { PoolName = name });
        using var request = Json("AWSCognitoIdentityProviderService.CreateUserPool", body);
        TesseraHost.Sign(request, Encoding.UTF8.GetBytes(body), "cognito-idp", TesseraHost.SecretAccessKey);
        request.Headers.Add("Origin", origin);

        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        ((int)response.StatusCode).ShouldBe(400);
        JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["__type"]!.GetValue<string>().ShouldBe("AccessDeniedException");
        Header(response, "Access-Control-Allow-Origin").ShouldBeNull();
        var pools = await host.CallAsync("ListUserPools", new { MaxResults = 60 });
        pools["UserPools"]!.AsArray().ShouldNotContain(p => p!["Name"]!.GetValue<string>() == name);
    }

    [Fact]
    public async Task AdministrativeOperation_FromAServer_Runs()
    {
        var pool = await host.CreatePoolAsync();
        (await host.CallAsync("DescribeUserPool", new { UserPoolId = pool }))["UserPool"]!["Id"]!.GetValue<string>().ShouldBe(pool);
    }

    [Theory]
    [InlineData("Origin", Page)]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task DevInbox_RequestCausedByAnotherSite_Refused(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_dev/inbox?format=json");
        request.Headers.Add(header, value);

        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        Header(response, "Access-Control-Allow-Origin").ShouldBeNull();
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldNotContain("messages");
    }

    [Fact]
    public async Task DevInbox_DnsRebinding_SameOriginUnderAForeignName_Refused()
    {
        // evil.example.com resolved to 127.0.0.1: the page is same-origin with what it calls, but not under Tessera's name.
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://evil.example.com/_dev/inbox?format=json");
        request.Headers.Add("Origin", "http://evil.example.com");
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("none")]
    [InlineData("same-origin")]
    public async Task DevInbox_TheDevelopersOwnBrowserOrScript_Served(string? site)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_dev/inbox?format=json");
        if (site is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", site);
        }

        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(response, "Access-Control-Allow-Origin").ShouldBeNull();
    }

    [Fact]
    public async Task TokenDiscoveryAndJwks_FromAnotherOrigin_AreReadable()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Post, $"{flow.Base}/oauth2/token"),
            (HttpMethod.Get, $"/{flow.PoolId}/.well-known/openid-configuration"),
            (HttpMethod.Get, $"/{flow.PoolId}/.well-known/jwks.json"),
            (HttpMethod.Get, "/.well-known/jwks_uri"),
        })
        {
            using var request = new HttpRequestMessage(method, path);
            if (method == HttpMethod.Post)
            {
                request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["client_id"] = flow.ClientId, ["code"] = "x" });
            }

            request.Headers.Add("Origin", Page);
            using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

            Header(response, "Access-Control-Allow-Origin").ShouldBe("*", path);
        }
    }

    [Fact]
    public async Task LoginPage_FromAnotherOrigin_NoCors()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{flow.Base}/login{flow.AuthorizeQuery()}");
        request.Headers.Add("Origin", Page);

        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(response, "Access-Control-Allow-Origin").ShouldBeNull();
    }

    [Fact]
    public async Task Sts_SignedWithTheAdminKeyFromAWebPage_Refused()
    {
        var body = "Action=GetCallerIdentity&Version=2011-06-15";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") };
        StsSign(request, body);
        request.Headers.Add("Origin", Page);

        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("<Code>AccessDenied</Code>");
    }

    [Fact]
    public async Task ConfiguredOrigins_OnlyThoseMayRead()
    {
        await using var restricted = await TesseraHost.StartAsync(new Dictionary<string, string?>
        {
            ["Tessera:Cors:AllowedOrigins:0"] = "https://app.example.com",
            ["Tessera:Cors:AllowedOrigins:1"] = "http://localhost:3000",
        });

        using (var allowed = await PreflightAsync(restricted, "/", "POST", "content-type,x-amz-target", "https://app.example.com"))
        {
            Header(allowed, "Access-Control-Allow-Origin").ShouldBe("https://app.example.com");
            allowed.Headers.Vary.ShouldContain("Origin");
        }

        using var other = await PreflightAsync(restricted, "/", "POST", "content-type,x-amz-target", Page);
        Header(other, "Access-Control-Allow-Origin").ShouldBeNull();
    }

    private static HttpRequestMessage Json(string target, object body) => Json(target, JsonSerializer.Serialize(body));

    private static HttpRequestMessage Json(string target, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        return request;
    }

    private static void StsSign(HttpRequestMessage request, string body)
    {
        var amzDate = TimeProvider.System.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        var headers = new List<KeyValuePair<string, string>> { new("host", "localhost"), new("x-amz-date", amzDate) };
        var authorization = new Tessera.Server.SigV4.SigV4Authorization(TesseraHost.AccessKeyId, amzDate[..8], "us-east-1", "sts", ["host", "x-amz-date"], new string('0', 64));
        var signature = Tessera.Server.SigV4.SigV4Verifier.ExpectedSignature(new("POST", "/", string.Empty, headers, Encoding.UTF8.GetBytes(body)), authorization, TesseraHost.SecretAccessKey);
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={TesseraHost.AccessKeyId}/{amzDate[..8]}/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}");
    }

    private static async Task<HttpResponseMessage> PreflightAsync(TesseraHost on, string path, string method, string headers, string origin = Page)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return await on.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
