// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.AuthEvents;
using Tessera.Core.Users;

namespace Tessera.Storage.Conformance;

/// <summary>IAuthEventStore behaviour every provider must show: a user's events round-trip, newest first, trimmed, gone with the user.</summary>
public abstract class AuthEventStoreConformance<TDatabase>(TDatabase database) : StoreConformance<TDatabase>(database)
    where TDatabase : StoreDatabase
{
    private static AuthEvent NewEvent(User user, DateTimeOffset createdAt, string? eventId = null, string type = AuthEventRecorder.SignIn, string response = AuthEventRecorder.Pass) => new()
    {
        EventId = eventId ?? Guid.NewGuid().ToString(),
        PoolId = user.PoolId,
        UserId = user.Id,
        ClientId = "client-a",
        EventType = type,
        EventResponse = response,
        CreatedAt = createdAt,
    };

    private Task<IReadOnlyList<AuthEvent>> ListAsync(User user, AuthEvent? after, int take)
        => WithAsync<IAuthEventStore, IReadOnlyList<AuthEvent>>(s => s.ListAsync(user.PoolId, user.Id, after?.CreatedAt, after?.EventId, take, Ct));

    [Fact]
    public async Task AddAsync_ThenFindAndUpdate_RoundTripsEveryField()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "ana");
        var added = NewEvent(user, Now, response: AuthEventRecorder.InProgress);
        added.ChallengeResponses = [new("Password", "Success")];
        added.IpAddress = "203.0.113.7";
        added.DeviceName = "Mozilla/5.0 (X11; Linux x86_64)";
        await WithAsync<IAuthEventStore>(s => s.AddAsync(added, Ct));

        added.EventResponse = AuthEventRecorder.Pass;
        added.ChallengeResponses = [new("Password", "Success"), new("Mfa", "Failure"), new("Mfa", "Success")];
        added.FeedbackValue = "Invalid";
        added.FeedbackProvider = "Admin";
        added.FeedbackDate = Now.AddMinutes(5);
        (await WithAsync<IAuthEventStore, bool>(s => s.UpdateAsync(added, Ct))).ShouldBeTrue();
        var found = await WithAsync<IAuthEventStore, AuthEvent?>(s => s.FindAsync(pool.Id, user.Id, added.EventId, Ct));

        found.ShouldNotBeNull();
        found.ClientId.ShouldBe("client-a");
        found.EventType.ShouldBe(AuthEventRecorder.SignIn);
        found.EventResponse.ShouldBe(AuthEventRecorder.Pass);
        found.ChallengeResponses.ShouldBe([new("Password", "Success"), new("Mfa", "Failure"), new("Mfa", "Success")]);
        found.IpAddress.ShouldBe("203.0.113.7");
        found.DeviceName.ShouldBe("Mozilla/5.0 (X11; Linux x86_64)");
        found.CreatedAt.ShouldBe(Now);
        (found.FeedbackValue, found.FeedbackProvider, found.FeedbackDate).ShouldBe(("Invalid", "Admin", Now.AddMinutes(5)));
        (await WithAsync<IAuthEventStore, AuthEvent?>(s => s.FindAsync("us-east-1_other", user.Id, added.EventId, Ct))).ShouldBeNull();
        (await WithAsync<IAuthEventStore, AuthEvent?>(s => s.FindAsync(pool.Id, Guid.NewGuid(), added.EventId, Ct))).ShouldBeNull();
    }

    [Fact]
    public async Task UpdateAsync_EventGone_ReturnsFalse()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "ana");

        (await WithAsync<IAuthEventStore, bool>(s => s.UpdateAsync(NewEvent(user, Now), Ct))).ShouldBeFalse();
    }

    [Fact]
    public async Task FindOpenSignInAsync_TheNewestInProgressSignInOfTheClientSinceTheInstant()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "ana");
        var old = NewEvent(user, Now.AddMinutes(-10), response: AuthEventRecorder.InProgress);
        var older = NewEvent(user, Now.AddMinutes(1), response: AuthEventRecorder.InProgress);
        var newest = NewEvent(user, Now.AddMinutes(2), response: AuthEventRecorder.InProgress);
        var passed = NewEvent(user, Now.AddMinutes(3));
        var otherClient = NewEvent(user, Now.AddMinutes(4), response: AuthEventRecorder.InProgress);
        otherClient.ClientId = "client-b";
        var signUp = NewEvent(user, Now.AddMinutes(5), type: AuthEventRecorder.SignUp, response: AuthEventRecorder.InProgress);
        foreach (var e in new[] { old, older, newest, passed, otherClient, signUp })
        {
            await WithAsync<IAuthEventStore>(s => s.AddAsync(e, Ct));
        }

        var open = await WithAsync<IAuthEventStore, AuthEvent?>(s => s.FindOpenSignInAsync(pool.Id, user.Id, "client-a", Now, Ct));

        open.ShouldNotBeNull();
        open.EventId.ShouldBe(newest.EventId);
        (await WithAsync<IAuthEventStore, AuthEvent?>(s => s.FindOpenSignInAsync(pool.Id, user.Id, "client-a", Now.AddMinutes(3), Ct))).ShouldBeNull();
        var theOtherClients = await WithAsync<IAuthEventStore, AuthEvent?>(s => s.FindOpenSignInAsync(pool.Id, user.Id, "client-b", Now, Ct));
        theOtherClients.ShouldNotBeNull();
        theOtherClients.EventId.ShouldBe(otherClient.EventId);
    }

    [Fact]
    public async Task ListAsync_NewestFirstThenByEventId_PagesThroughATieWithoutLosingOne()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "ana");
        var other = await AddUserAsync(pool.Id, "bea");
        // Three events in one millisecond: the page boundary falls inside the tie.
        string[] ids = ["0a000000-0000-4000-8000-000000000001", "0b000000-0000-4000-8000-000000000002", "0c000000-0000-4000-8000-000000000003"];
        await WithAsync<IAuthEventStore>(async s =>
        {
            await s.AddAsync(NewEvent(user, Now.AddMinutes(-1)), Ct);
            foreach (var id in ids)
            {
                await s.AddAsync(NewEvent(user, Now, id), Ct);
            }

            await s.AddAsync(NewEvent(other, Now.AddMinutes(1)), Ct);
        });

        var first = await ListAsync(user, null, 2);
        var second = await ListAsync(user, first[^1], 2);
        var third = await ListAsync(user, second[^1], 2);

        first.Select(e => e.EventId).ShouldBe([ids[2], ids[1]]);
        second.Select(e => e.EventId).First().ShouldBe(ids[0]);
        second.Count.ShouldBe(2);
        second[1].CreatedAt.ShouldBe(Now.AddMinutes(-1));
        third.ShouldBeEmpty();
    }

    [Fact]
    public async Task TrimAsync_KeepsTheNewestAndCountsTheDeleted()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "ana");
        var other = await AddUserAsync(pool.Id, "bea");
        await WithAsync<IAuthEventStore>(async s =>
        {
            for (var i = 0; i < 5; i++)
            {
                await s.AddAsync(NewEvent(user, Now.AddMinutes(i)), Ct);
            }

            await s.AddAsync(NewEvent(other, Now.AddMinutes(-5)), Ct);
        });

        var deleted = await WithAsync<IAuthEventStore, int>(s => s.TrimAsync(pool.Id, user.Id, 2, Ct));
        var kept = await ListAsync(user, null, 10);

        deleted.ShouldBe(3);
        kept.Select(e => e.CreatedAt).ShouldBe([Now.AddMinutes(4), Now.AddMinutes(3)]);
        (await ListAsync(other, null, 10)).Count.ShouldBe(1);
        (await WithAsync<IAuthEventStore, int>(s => s.TrimAsync(pool.Id, user.Id, 2, Ct))).ShouldBe(0);
    }

    [Fact]
    public async Task DeletingTheUser_DeletesItsEvents()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "ana");
        var added = NewEvent(user, Now);
        await WithAsync<IAuthEventStore>(s => s.AddAsync(added, Ct));

        await WithAsync<IUserStore>(s => s.DeleteAsync(pool.Id, user.Id, Ct));

        (await WithAsync<IAuthEventStore, AuthEvent?>(s => s.FindAsync(pool.Id, user.Id, added.EventId, Ct))).ShouldBeNull();
    }
}
