// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Tessera.Core.AuthEvents;
using Tessera.Core.Errors;
using Tessera.Core.Pools;

namespace Tessera.Core.Tests.AuthEvents;

/// <summary>AdminListUserAuthEvents and the two feedback operations (AuthEventService).</summary>
public sealed class AuthEventServiceTests : IAsyncLifetime
{
    private CoreFixture core = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => core = await CoreFixture.CreateAsync();

    public async ValueTask DisposeAsync() => await core.DisposeAsync();

    private async Task<UserPool> PoolAsync(string mode = "AUDIT")
        => await core.AddPoolAsync(new UserPoolSettings { UserPoolAddOns = JsonDocument.Parse($$"""{"AdvancedSecurityMode":"{{mode}}"}""").RootElement.Clone() });

    private async Task<Tessera.Core.Users.User> UserWithEventsAsync(UserPool pool, string username, int count)
    {
        var user = await core.AddUserAsync(pool, username);
        for (var i = 0; i < count; i++)
        {
            await core.Get<AuthEventRecorder>().RecordAsync(pool, user, null, AuthEventRecorder.ResendCode, AuthEventRecorder.Pass, null, Ct);
            core.Time.Advance(TimeSpan.FromSeconds(1));
        }

        return user;
    }

    [Fact]
    public async Task ListAsync_PagesNewestFirst_WithNextToken()
    {
        var pool = await PoolAsync();
        await UserWithEventsAsync(pool, "alice", 5);
        var service = core.Get<AuthEventService>();

        var (first, next) = await service.ListAsync(pool.Id, "alice", 2, null, Ct);
        var (second, next2) = await service.ListAsync(pool.Id, "alice", 2, next, Ct);
        var (third, last) = await service.ListAsync(pool.Id, "alice", 2, next2, Ct);

        var all = first.Concat(second).Concat(third).ToList();
        all.Count.ShouldBe(5);
        all.Select(e => e.EventId).Distinct().Count().ShouldBe(5);
        all.ShouldBe(all.OrderByDescending(e => e.CreatedAt).ToList());
        last.ShouldBeNull();
        (await service.ListAsync(pool.Id, "alice", 0, null, Ct)).Page.Count.ShouldBe(5);
    }

    [Fact]
    public async Task ListAsync_ThreatProtectionOff_ThrowsUserPoolAddOnNotEnabled()
    {
        var pool = await PoolAsync("OFF");
        await core.AddUserAsync(pool, "bob");

        var e = await Should.ThrowAsync<CognitoException>(() => core.Get<AuthEventService>().ListAsync(pool.Id, "bob", null, null, Ct));
        e.Code.ShouldBe("UserPoolAddOnNotEnabledException");
    }

    [Fact]
    public async Task ListAsync_UnknownUser_ThrowsUserNotFound_AndABadTokenIsRefused()
    {
        var pool = await PoolAsync();
        await core.AddUserAsync(pool, "carol");
        var service = core.Get<AuthEventService>();

        (await Should.ThrowAsync<CognitoException>(() => service.ListAsync(pool.Id, "nobody", null, null, Ct))).Code.ShouldBe("UserNotFoundException");
        (await Should.ThrowAsync<CognitoException>(() => service.ListAsync(pool.Id, "carol", null, "bm90LWEtdG9rZW4", Ct))).Code.ShouldBe("InvalidParameterException");
    }

    [Fact]
    public async Task UpdateFeedbackAsync_AdminAndUserWithTheToken_AreRecordedWithTheirProvider()
    {
        var pool = await PoolAsync();
        var dave = await UserWithEventsAsync(pool, "dave", 2);
        var service = core.Get<AuthEventService>();
        var (events, _) = await service.ListAsync(pool.Id, "dave", null, null, Ct);

        await service.UpdateFeedbackAsync(pool.Id, "dave", events[0].EventId, null, "Invalid", admin: true, Ct);
        var token = core.Get<AuthEventRecorder>().FeedbackToken(events[1]);
        await service.UpdateFeedbackAsync(pool.Id, "dave", events[1].EventId, token, "Valid", admin: false, Ct);

        var (updated, _) = await service.ListAsync(pool.Id, "dave", null, null, Ct);
        (updated[0].FeedbackValue, updated[0].FeedbackProvider).ShouldBe(("Invalid", "Admin"));
        (updated[1].FeedbackValue, updated[1].FeedbackProvider).ShouldBe(("Valid", "User"));
        updated[1].FeedbackDate.ShouldBe(core.Time.GetUtcNow());
        dave.Username.ShouldBe("dave");
    }

    [Fact]
    public async Task UpdateFeedbackAsync_WrongTokenOrUnknownEvent_IsRefusedAlike()
    {
        var pool = await PoolAsync();
        await UserWithEventsAsync(pool, "erin", 1);
        var service = core.Get<AuthEventService>();
        var (events, _) = await service.ListAsync(pool.Id, "erin", null, null, Ct);

        var wrong = await Should.ThrowAsync<CognitoException>(() => service.UpdateFeedbackAsync(pool.Id, "erin", events[0].EventId, "forged", "Valid", admin: false, Ct));
        var unknown = await Should.ThrowAsync<CognitoException>(() => service.UpdateFeedbackAsync(pool.Id, "erin", Guid.NewGuid().ToString(), "forged", "Valid", admin: false, Ct));
        (wrong.Code, wrong.Message).ShouldBe((unknown.Code, unknown.Message));
        wrong.Code.ShouldBe("NotAuthorizedException");
        (await Should.ThrowAsync<CognitoException>(() => service.UpdateFeedbackAsync(pool.Id, "erin", Guid.NewGuid().ToString(), null, "Valid", admin: true, Ct)))
            .Code.ShouldBe("ResourceNotFoundException");
        (await service.ListAsync(pool.Id, "erin", null, null, Ct)).Page[0].FeedbackValue.ShouldBeNull();
    }
}
