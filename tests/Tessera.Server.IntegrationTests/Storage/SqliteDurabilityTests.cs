// SPDX-License-Identifier: Apache-2.0
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.Storage;

/// <summary>SQLite as start-dev uses it: data outlives the process, and concurrent requests do not trip over the file lock.</summary>
public sealed class SqliteDurabilityTests
{
    private static Dictionary<string, string> Password(string username, string password)
        => new() { ["USERNAME"] = username, ["PASSWORD"] = password };

    [Fact]
    public async Task Restart_OnTheSameDirectory_KeepsPoolUserKeysAndRefreshTokens()
    {
        var directory = TesseraHost.NewDirectory();
        try
        {
            string pool, client, refreshToken, accessToken;
            await using (var first = await TesseraHost.StartAsync(directory: directory))
            {
                pool = await first.CreatePoolAsync();
                (client, _) = await first.CreateClientAsync(pool);
                await first.CreateConfirmedUserAsync(pool, client, "alice", "Perm-Pass-1", ("email", "alice@example.com"));
                var tokens = (await first.CallAsync("InitiateAuth", new { AuthFlow = "USER_PASSWORD_AUTH", ClientId = client, AuthParameters = Password("alice", "Perm-Pass-1") }, sign: false))["AuthenticationResult"]!;
                refreshToken = tokens["RefreshToken"]!.GetValue<string>();
                accessToken = tokens["AccessToken"]!.GetValue<string>();
            }

            await using var second = await TesseraHost.StartAsync(directory: directory);

            var described = await second.CallAsync("DescribeUserPool", new { UserPoolId = pool });
            described["UserPool"]!["Id"]!.GetValue<string>().ShouldBe(pool);
            var user = await second.CallAsync("AdminGetUser", new { UserPoolId = pool, Username = "alice" });
            user["UserStatus"]!.GetValue<string>().ShouldBe("CONFIRMED");
            // The access token from before the restart still verifies: keys and master key were kept.
            (await second.CallAsync("GetUser", new { AccessToken = accessToken }, sign: false))["Username"]!.GetValue<string>().ShouldBe("alice");
            var refreshed = await second.CallAsync("InitiateAuth", new
            {
                AuthFlow = "REFRESH_TOKEN_AUTH",
                ClientId = client,
                AuthParameters = new Dictionary<string, string> { ["REFRESH_TOKEN"] = refreshToken },
            }, sign: false);
            var newAccess = refreshed["AuthenticationResult"]!["AccessToken"]!.GetValue<string>();
            (await second.CallAsync("GetUser", new { AccessToken = newAccess }, sign: false))["Username"]!.GetValue<string>().ShouldBe("alice");
            (await second.CallAsync("InitiateAuth", new { AuthFlow = "USER_PASSWORD_AUTH", ClientId = client, AuthParameters = Password("alice", "Perm-Pass-1") }, sign: false))
                ["AuthenticationResult"].ShouldNotBeNull();
        }
        finally
        {
            TesseraHost.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task ParallelSignIns_NeverFailWithDatabaseLocked()
    {
        await using var host = await TesseraHost.StartAsync();
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(host.Directory, "tessera.db")}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode;";
            (await pragma.ExecuteScalarAsync(TestContext.Current.CancellationToken)).ShouldBe("wal");
        }

        var pool = await host.CreatePoolAsync();
        var (client, _) = await host.CreateClientAsync(pool);
        // Twelve sign-ins of each user at once: more than the five guesses the lockout lets pass, so this also proves that
        // right passwords waiting for a hash thread never lock their user out (SignInThrottle).
        var users = Enumerable.Range(0, 4).Select(i => $"user{i}").ToList();
        foreach (var user in users)
        {
            await host.CreateConfirmedUserAsync(pool, client, user, "Perm-Pass-1");
        }

        // Right and wrong passwords together: both write (refresh tokens, failed-attempt counters).
        var calls = Enumerable.Range(0, 48).Select(i => Task.Run(async () =>
        {
            var user = users[i % users.Count];
            var wrong = i % 6 == 5;
            try
            {
                var result = await host.CallAsync("InitiateAuth", new { AuthFlow = "USER_PASSWORD_AUTH", ClientId = client, AuthParameters = Password(user, wrong ? "Wrong-Pass-1" : "Perm-Pass-1") }, sign: false);
                return result["AuthenticationResult"]?["RefreshToken"] is null ? "no tokens" : "ok";
            }
            catch (AwsErrorException e)
            {
                return e.Type;
            }
        })).ToList();
        var results = await Task.WhenAll(calls);

        results.Where((r, i) => i % 6 != 5).ShouldAllBe(r => r == "ok");
        results.Where((r, i) => i % 6 == 5).ShouldAllBe(r => r == "NotAuthorizedException");
    }
}
