// SPDX-License-Identifier: Apache-2.0
using Tessera.Server.IntegrationTests.Infrastructure;
using Tessera.Tests.Postgres;

namespace Tessera.Server.IntegrationTests.Storage;

/// <summary>The whole server on PostgreSQL: migrations at start, then the API over it.</summary>
public sealed class PostgreSqlHostTests : IAsyncLifetime
{
    private TestPostgres? database;
    private TesseraHost? host;

    public async ValueTask InitializeAsync()
    {
        if (TestPostgres.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        database = await TestPostgres.CreateAsync();
        host = await TesseraHost.StartAsync(new Dictionary<string, string?>
        {
            ["Tessera:Storage:Provider"] = "PostgreSql",
            ["Tessera:Storage:ConnectionString"] = database.ConnectionString,
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task PoolClientUserAndSignIn_WorkOnPostgreSql()
    {
        var host = this.host!;
        var pool = await host.CreatePoolAsync();
        var (client, _) = await host.CreateClientAsync(pool);
        await host.CreateConfirmedUserAsync(pool, client, "alice", "Perm-Pass-1", ("email", "alice@example.com"));

        var signIn = await host.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId = client,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "alice", ["PASSWORD"] = "Perm-Pass-1" },
        }, sign: false);
        var tokens = signIn["AuthenticationResult"]!;
        var user = await host.CallAsync("GetUser", new { AccessToken = tokens["AccessToken"]!.GetValue<string>() }, sign: false);
        var refreshed = await host.CallAsync("InitiateAuth", new
        {
            AuthFlow = "REFRESH_TOKEN_AUTH",
            ClientId = client,
            AuthParameters = new Dictionary<string, string> { ["REFRESH_TOKEN"] = tokens["RefreshToken"]!.GetValue<string>() },
        }, sign: false);
        var described = await host.CallAsync("DescribeUserPool", new { UserPoolId = pool });

        user["Username"]!.GetValue<string>().ShouldBe("alice");
        refreshed["AuthenticationResult"]!["AccessToken"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        described["UserPool"]!["Id"]!.GetValue<string>().ShouldBe(pool);
        described["UserPool"]!["EstimatedNumberOfUsers"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task ResetAndSnapshots_OnPostgreSql_AreRefusedWithTheReason()
    {
        var host = this.host!;
        var pool = await host.CreatePoolAsync();

        using var reset = await host.Client.PostAsync(new Uri("/_dev/reset", UriKind.Relative), null, TestContext.Current.CancellationToken);
        using var save = await host.Client.PutAsync(new Uri("/_dev/snapshots/seeded", UriKind.Relative), null, TestContext.Current.CancellationToken);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await reset.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        ((int)reset.StatusCode, (int)save.StatusCode).ShouldBe((409, 409));
        body["error"]!.GetValue<string>().ShouldBe("NotAvailable");
        body["message"]!.GetValue<string>().ShouldContain("PostgreSQL");
        (await host.CallAsync("DescribeUserPool", new { UserPoolId = pool }))["UserPool"]!["Id"]!.GetValue<string>().ShouldBe(pool);
    }

    [Theory]
    [InlineData("AdminCreateUser", """{"UserPoolId":"%POOL%","Username":"nul-user","MessageAction":"SUPPRESS","UserAttributes":[{"Name":"name","Value":"a\u0000b"}]}""")]
    [InlineData("CreateGroup", """{"UserPoolId":"%POOL%","GroupName":"g","Description":"a\u0000b"}""")]
    public async Task StringWithANulCharacter_WhichPostgreSqlCannotStore_ThrowsSerialization(string operation, string body)
    {
        // PostgreSQL refuses U+0000 in text; refused at the door, the answer is the same on both stores, and never a 500.
        var host = this.host!;
        var pool = await host.CreatePoolAsync();

        using var response = await host.SendAsync("AWSCognitoIdentityProviderService", "cognito-idp", operation, body.Replace("%POOL%", pool, StringComparison.Ordinal));

        ((int)response.StatusCode).ShouldBe(400, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        response.Headers.GetValues("x-amzn-ErrorType").Single().ShouldBe("SerializationException:");
    }
}
