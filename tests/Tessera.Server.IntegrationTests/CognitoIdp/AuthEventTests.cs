// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.AuthEvents;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.CognitoIdp;

/// <summary>UpdateAuthEventFeedback over the wire: unsigned, proven by the event's feedback token alone.</summary>
public sealed class AuthEventTests : IAsyncLifetime
{
    private TesseraHost host = null!;

    public async ValueTask InitializeAsync() => host = await TesseraHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task UpdateAuthEventFeedback_TheEventsToken_IsRecordedAsTheUsers_AnotherEventsIsRefused()
    {
        var pool = await host.CreatePoolAsync(new { UserPoolAddOns = new { AdvancedSecurityMode = "AUDIT" } });
        var (client, _) = await host.CreateClientAsync(pool);
        await host.CreateConfirmedUserAsync(pool, client, "alice", "Perm-Pass-1");
        foreach (var password in new[] { "Wrong-Pass-1", "Perm-Pass-1" })
        {
            try
            {
                await host.CallAsync("InitiateAuth", new
                {
                    AuthFlow = "USER_PASSWORD_AUTH",
                    ClientId = client,
                    AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "alice", ["PASSWORD"] = password },
                }, sign: false);
            }
            catch (AwsErrorException e) when (e.Type == "NotAuthorizedException")
            {
            }
        }

        var listed = await host.CallAsync("AdminListUserAuthEvents", new { UserPoolId = pool, Username = "alice" });
        // Newest first: this sign-in, the wrong password, and the set-up's NEW_PASSWORD_REQUIRED sign-in.
        var events = listed["AuthEvents"]!.AsArray();
        events.Select(e => e!["EventResponse"]!.GetValue<string>()).ShouldBe(["Pass", "Fail", "Pass"]);
        var ids = events.Select(e => e!["EventId"]!.GetValue<string>()).ToList();
        using var scope = host.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<IAuthEventStore>().ListAsync(pool, (await UserIdAsync(pool)), null, null, 10, TestContext.Current.CancellationToken);
        var recorder = scope.ServiceProvider.GetRequiredService<AuthEventRecorder>();
        var tokenOfFirst = recorder.FeedbackToken(stored.Single(e => e.EventId == ids[0]));

        var refused = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("UpdateAuthEventFeedback",
            new { UserPoolId = pool, Username = "alice", EventId = ids[1], FeedbackToken = tokenOfFirst, FeedbackValue = "Valid" }, sign: false));
        refused.Type.ShouldBe("NotAuthorizedException");
        await host.CallAsync("UpdateAuthEventFeedback",
            new { UserPoolId = pool, Username = "alice", EventId = ids[0], FeedbackToken = tokenOfFirst, FeedbackValue = "Valid" }, sign: false);

        var after = await host.CallAsync("AdminListUserAuthEvents", new { UserPoolId = pool, Username = "alice" });
        var feedback = after["AuthEvents"]![0]!["EventFeedback"]!;
        feedback["FeedbackValue"]!.GetValue<string>().ShouldBe("Valid");
        feedback["Provider"]!.GetValue<string>().ShouldBe("User");
        feedback["FeedbackDate"]!.GetValue<double>().ShouldBeGreaterThan(0);
        after["AuthEvents"]![0]!["CreationDate"]!.GetValue<double>().ShouldBeGreaterThan(1_700_000_000);
        after["AuthEvents"]![1]!["EventFeedback"].ShouldBeNull();
    }

    private async Task<Guid> UserIdAsync(string pool)
    {
        var user = await host.CallAsync("AdminGetUser", new { UserPoolId = pool, Username = "alice" });
        return Guid.Parse(user["UserAttributes"]!.AsArray().Single(a => a!["Name"]!.GetValue<string>() == "sub")!["Value"]!.GetValue<string>());
    }
}
