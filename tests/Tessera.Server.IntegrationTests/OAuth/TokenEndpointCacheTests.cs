// SPDX-License-Identifier: Apache-2.0
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.OAuth;

/// <summary>
/// /oauth2/token keeps domains, clients and custom scopes in memory (G3); an administrative change must still
/// take effect on the very next request, never after the cache's lifetime.
/// </summary>
public sealed class TokenEndpointCacheTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private readonly TesseraHost host = shared.Host;

    [Fact]
    public async Task ClientCredentials_AfterEachAdministrativeChange_TheNextGrantSeesIt()
    {
        var pool = await host.CreatePoolAsync();
        var domain = "cache" + Guid.NewGuid().ToString("N")[..8];
        await host.CallAsync("CreateUserPoolDomain", new { UserPoolId = pool, Domain = domain });
        await host.CallAsync("CreateResourceServer", new { UserPoolId = pool, Identifier = "orders", Name = "orders", Scopes = Scopes("read", "write") });
        var (clientId, secret) = await OAuthFlow.CreateClientAsync(host, pool, secret: true, ["orders/read", "orders/write"], ["client_credentials"]);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}"));

        (await GrantAsync(domain, basic, "orders/write")).Status.ShouldBe(200);
        await host.CallAsync("UpdateResourceServer", new { UserPoolId = pool, Identifier = "orders", Name = "orders", Scopes = Scopes("read") });
        var removedScope = await GrantAsync(domain, basic, "orders/write");
        removedScope.Status.ShouldBe(400);
        removedScope.Body!["error"]!.GetValue<string>().ShouldBe("invalid_scope");

        (await GrantAsync(domain, basic, "orders/read")).Status.ShouldBe(200);
        // UpdateUserPoolClient resets omitted settings, the OAuth flows included.
        await host.CallAsync("UpdateUserPoolClient", new { UserPoolId = pool, ClientId = clientId, ClientName = "no-oauth" });
        var flowsRemoved = await GrantAsync(domain, basic, "orders/read");
        flowsRemoved.Status.ShouldBe(400);
        flowsRemoved.Body!["error"]!.GetValue<string>().ShouldBe("unauthorized_client");

        await host.CallAsync("DeleteUserPoolClient", new { UserPoolId = pool, ClientId = clientId });
        var deletedClient = await GrantAsync(domain, basic, "orders/read");
        deletedClient.Status.ShouldBe(401);
        deletedClient.Body!["error"]!.GetValue<string>().ShouldBe("invalid_client");

        await host.CallAsync("DeleteUserPoolDomain", new { UserPoolId = pool, Domain = domain });
        (await GrantAsync(domain, basic, "orders/read")).Status.ShouldBe(404);
    }

    private static object[] Scopes(params string[] names) => names.Select(n => new { ScopeName = n, ScopeDescription = n }).ToArray<object>();

    private async Task<(int Status, JsonNode? Body)> GrantAsync(string domain, string basic, string scope)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/auth/{domain}/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = scope }),
        };
        request.Headers.Add("Authorization", "Basic " + basic);
        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonNode.Parse(text) : null);
    }
}
