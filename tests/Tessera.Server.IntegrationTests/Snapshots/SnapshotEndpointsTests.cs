// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Identity;
using Tessera.Core.OAuth;
using Tessera.Core.Snapshots;
using Tessera.Core.Tokens;
using Tessera.Core.Triggers;
using Tessera.Server.Hosting;
using Tessera.Server.IntegrationTests.Infrastructure;
using Tessera.Storage;

namespace Tessera.Server.IntegrationTests.Snapshots;

/// <summary>start-dev's reset and snapshots over HTTP (docs/test-suites.md); the real clients drive them in tests/compat/dev.</summary>
public sealed class SnapshotEndpointsTests : IAsyncLifetime
{
    private const string Arn = "arn:aws:lambda:us-east-1:000000000000:function:slow";
    private readonly BlockingLambda lambda = new();
    private TesseraHost host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
        => host = await TesseraHost.StartAsync(services: s => s.AddSingleton<ILambdaInvoker>(lambda));

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Restore_AClientTheTokenEndpointCached_IsForgottenAtOnce()
    {
        var pool = await host.CreatePoolAsync();
        var domain = "slate" + Guid.NewGuid().ToString("N")[..8];
        await host.CallAsync("CreateUserPoolDomain", new { UserPoolId = pool, Domain = domain });
        await host.CallAsync("CreateResourceServer", new { UserPoolId = pool, Identifier = "orders", Name = "orders", Scopes = new[] { new { ScopeName = "read", ScopeDescription = "read" } } });
        var before = await ClientCredentialsClientAsync(pool);
        (await SendAsync(HttpMethod.Put, "/_dev/snapshots/one-client")).Status.ShouldBe(200);
        var after = await ClientCredentialsClientAsync(pool);
        (await GrantAsync(domain, after)).ShouldBe(200);

        (await SendAsync(HttpMethod.Post, "/_dev/snapshots/one-client/restore")).Status.ShouldBe(200);

        (await GrantAsync(domain, after)).ShouldBe(401);
        (await GrantAsync(domain, before)).ShouldBe(200);
    }

    [Fact]
    public async Task Reset_EmptiesEverything_AndTokensOfTheOldPoolsStopWorking()
    {
        var (pool, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpConfirmedAsync(client, "ana", "ana@example.com");
        var tokens = await host.SignInAsync(client, "ana");
        await host.CallAsync("GetUser", new { AccessToken = tokens["AccessToken"]!.GetValue<string>() }, sign: false);

        var (status, body) = await SendAsync(HttpMethod.Post, "/_dev/reset");

        status.ShouldBe(200);
        body!["elapsedMs"]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(0);
        (await host.CallAsync("ListUserPools", new { MaxResults = 60 }))["UserPools"]!.AsArray().ShouldBeEmpty();
        (await host.InboxAsync()).ShouldBeEmpty();
        (await UserSteps.FailsAsync(() => host.CallAsync("GetUser", new { AccessToken = tokens["AccessToken"]!.GetValue<string>() }, sign: false))).Type.ShouldBe("NotAuthorizedException");
        (await UserSteps.FailsAsync(() => host.RefreshAsync(client, tokens["RefreshToken"]!.GetValue<string>()))).Type.ShouldBe("ResourceNotFoundException");
        pool.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Restore_ARequestInFlight_RunsToItsEndFirst_AndARequestArrivingMeanwhileSeesTheRestoredState()
    {
        var (pool, client) = await host.CreateSignUpPoolAsync(new { AutoVerifiedAttributes = new[] { "email" }, LambdaConfig = new { PreSignUp = Arn } });
        (await SendAsync(HttpMethod.Put, "/_dev/snapshots/no-users")).Status.ShouldBe(200);
        var signUp = host.SignUpAsync(client, "mid", "mid@example.com");
        await lambda.Entered.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var restore = SendAsync(HttpMethod.Post, "/_dev/snapshots/no-users/restore");
        await Task.Delay(300, Ct);
        var listDuringRestore = host.CallAsync("ListUsers", new { UserPoolId = pool });
        await Task.Delay(300, Ct);
        var waiting = (restore.IsCompleted, listDuringRestore.IsCompleted);
        lambda.Release();

        waiting.ShouldBe((false, false));
        (await signUp)["UserSub"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        (await restore).Status.ShouldBe(200);
        (await listDuringRestore)["Users"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task HttpApi_SaveGetListDelete_AnswersTheDocumentedShapes()
    {
        var saved = await SendAsync(HttpMethod.Put, "/_dev/snapshots/shapes");
        var one = await SendAsync(HttpMethod.Get, "/_dev/snapshots/shapes");
        var list = await SendAsync(HttpMethod.Get, "/_dev/snapshots");
        var deleted = await SendAsync(HttpMethod.Delete, "/_dev/snapshots/shapes");
        var deletedAgain = await SendAsync(HttpMethod.Delete, "/_dev/snapshots/shapes");
        var missing = await SendAsync(HttpMethod.Post, "/_dev/snapshots/shapes/restore");
        var badName = await SendAsync(HttpMethod.Put, "/_dev/snapshots/.hidden");

        saved.Status.ShouldBe(200);
        saved.Body!["name"]!.GetValue<string>().ShouldBe("shapes");
        saved.Body["sizeBytes"]!.GetValue<long>().ShouldBePositive();
        saved.Body["createdAt"]!.GetValue<string>().ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$");
        saved.Body["elapsedMs"]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(0);
        one.Body!.ToJsonString().ShouldBe(new JsonObject { ["name"] = "shapes", ["createdAt"] = saved.Body["createdAt"]!.GetValue<string>(), ["sizeBytes"] = saved.Body["sizeBytes"]!.GetValue<long>() }.ToJsonString());
        list.Body!["snapshots"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).ShouldContain("shapes");
        deleted.Status.ShouldBe(204);
        (deletedAgain.Status, deletedAgain.Body!["error"]!.GetValue<string>()).ShouldBe((404, "SnapshotNotFound"));
        (missing.Status, missing.Body!["error"]!.GetValue<string>()).ShouldBe((404, "SnapshotNotFound"));
        (badName.Status, badName.Body!["error"]!.GetValue<string>()).ShouldBe((400, "InvalidSnapshotName"));
    }

    [Fact]
    public async Task MotoReset_AnswersAsMotoDoes_AndEmptiesEverything()
    {
        await host.CreatePoolAsync();

        var (status, body) = await SendAsync(HttpMethod.Post, "/moto-api/reset");

        (status, body!.ToJsonString()).ShouldBe((200, """{"status":"ok"}"""));
        (await host.CallAsync("ListUserPools", new { MaxResults = 60 }))["UserPools"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Reset_FromAPageOfAnotherOrigin_IsRefused_FromTheSameOriginIsNot()
    {
        await host.CreatePoolAsync();

        var crossSite = await SendAsync(HttpMethod.Post, "/_dev/reset", origin: "http://evil.example");
        var pools = (await host.CallAsync("ListUserPools", new { MaxResults = 60 }))["UserPools"]!.AsArray().Count;
        var sameSite = await SendAsync(HttpMethod.Post, "/_dev/reset", origin: "http://localhost");

        (crossSite.Status, crossSite.Body!["error"]!.GetValue<string>()).ShouldBe((403, "CrossOriginRefused"));
        pools.ShouldBe(1);
        sameSite.Status.ShouldBe(200);
    }

    [Fact]
    public void StoreCaches_EveryCacheOfStoredState_IsEmptiedByARestore()
    {
        // A cache added later must implement IStoreCache and be registered as one, or a restore would leave it stale.
        var caches = new[] { typeof(IStoreCache).Assembly, typeof(TesseraDbContext).Assembly, typeof(TesseraApp).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && !t.IsAbstract && t.Name.EndsWith("Cache", StringComparison.Ordinal))
            .ToList();

        var registered = host.Services.GetServices<IStoreCache>().Select(c => c.GetType()).ToList();

        caches.ShouldContain(typeof(OAuthLookupCache));
        caches.ShouldContain(typeof(SigningKeyCache));
        caches.ShouldContain(typeof(IdentityKeyCache));
        registered.ShouldBe(caches, ignoreOrder: true);
    }

    [Fact]
    public async Task ResetAndSnapshots_UnderStart_AreRefusedWithAMessage()
    {
        await using var production = await TesseraHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Tessera:PublicUrl"] = "https://id.example.com",
                ["Tessera:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["Tessera:Passwords:MemoryKiB"] = "19456",
                ["Tessera:Passwords:Passes"] = "2",
            },
            mode: TesseraMode.Production);
        var pool = await production.CreatePoolAsync();

        var answers = new List<(int, string)>();
        foreach (var (method, path) in new[] { (HttpMethod.Post, "/_dev/reset"), (HttpMethod.Post, "/moto-api/reset"), (HttpMethod.Get, "/_dev/snapshots"), (HttpMethod.Put, "/_dev/snapshots/x"), (HttpMethod.Post, "/_dev/snapshots/x/restore") })
        {
            var (status, body) = await SendAsync(production, method, path);
            answers.Add((status, body!["error"]!.GetValue<string>()));
        }

        answers.Distinct().ShouldBe([(403, "DevelopmentOnly")]);
        (await production.CallAsync("DescribeUserPool", new { UserPoolId = pool }))["UserPool"]!["Id"]!.GetValue<string>().ShouldBe(pool);
    }

    private Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? origin = null) => SendAsync(host, method, path, origin);

    private static async Task<(int Status, JsonNode? Body)> SendAsync(TesseraHost target, HttpMethod method, string path, string? origin = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await target.Client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private async Task<string> ClientCredentialsClientAsync(string pool)
    {
        var (clientId, secret) = await OAuthFlow.CreateClientAsync(host, pool, secret: true, ["orders/read"], ["client_credentials"]);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}"));
    }

    private async Task<int> GrantAsync(string domain, string basic)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/auth/{domain}/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "orders/read" }),
        };
        request.Headers.Add("Authorization", "Basic " + basic);
        using var response = await host.Client.SendAsync(request, Ct);
        return (int)response.StatusCode;
    }

    /// <summary>A Lambda that holds each invocation until released: a request kept in flight on purpose.</summary>
    private sealed class BlockingLambda : ILambdaInvoker
    {
        private readonly TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => entered.Task;

        public void Release() => release.TrySetResult();

        public async Task<JsonObject> InvokeAsync(string functionArn, string trigger, JsonObject triggerEvent, CancellationToken cancellationToken)
        {
            entered.TrySetResult();
            await release.Task.WaitAsync(cancellationToken);
            return triggerEvent;
        }
    }
}
