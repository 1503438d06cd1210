// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tessera.Core.Auth;
using Tessera.Core.Errors;
using Tessera.Core.Lifecycle;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Storage.Conformance;

/// <summary>IUserStore behaviour every provider must show, ListUsers filters included.</summary>
public abstract class UserStoreConformance<TDatabase>(TDatabase database) : StoreConformance<TDatabase>(database)
    where TDatabase : StoreDatabase
{
    [Fact]
    public async Task AddAsync_ThenFind_RoundTripsEveryColumn()
    {
        var pool = await AddPoolAsync();
        var user = NewUser(pool.Id, "Alice", ("email", "Alice@Example.com"), ("email_verified", "true"), ("phone_number", "+15555550100"),
            ("preferred_username", "Ally"), ("name", "Alice Liddell"), ("given_name", "Alice"), ("family_name", "Liddell"), ("custom:tier", "gold"));
        user.Status = UserStatus.ForceChangePassword;
        user.Enabled = false;
        user.PasswordHash = "hash$1";
        user.TemporaryPasswordExpiresAt = Now.AddDays(7);
        user.FailedSignInCount = 2;
        user.LockedUntil = Now.AddMinutes(3);

        await WithAsync<IUserStore>(s => s.AddAsync(user, Ct));
        var found = await WithAsync<IUserStore, User?>(s => s.FindByNormalizedUsernameAsync(pool.Id, "alice", Ct));

        found.ShouldNotBeNull();
        found.Id.ShouldBe(user.Id);
        found.Username.ShouldBe("Alice");
        found.NormalizedUsername.ShouldBe("alice");
        found.Status.ShouldBe(UserStatus.ForceChangePassword);
        found.Enabled.ShouldBeFalse();
        found.PasswordHash.ShouldBe("hash$1");
        found.TemporaryPasswordExpiresAt.ShouldBe(Now.AddDays(7));
        found.CreatedAt.ShouldBe(Now);
        found.FailedSignInCount.ShouldBe(2);
        found.LockedUntil.ShouldBe(Now.AddMinutes(3));
        found.Attributes.ShouldBe(user.Attributes, ignoreOrder: true);
        found.Email.ShouldBe("alice@example.com");
        found.PreferredUsername.ShouldBe("ally");
        found.PhoneNumber.ShouldBe("+15555550100");
        found.Name.ShouldBe("Alice Liddell");
        found.GivenName.ShouldBe("Alice");
        found.FamilyName.ShouldBe("Liddell");
        found.Version.ShouldBe(0);
        (await WithAsync<IUserStore, User?>(s => s.FindByIdAsync(pool.Id, user.Id, Ct)))!.Username.ShouldBe("Alice");
    }

    [Fact]
    public async Task Find_OtherPoolOrUnknown_ReturnsNull()
    {
        var pool = await AddPoolAsync();
        var other = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "alice");

        (await WithAsync<IUserStore, User?>(s => s.FindByNormalizedUsernameAsync(other.Id, "alice", Ct))).ShouldBeNull();
        (await WithAsync<IUserStore, User?>(s => s.FindByIdAsync(other.Id, user.Id, Ct))).ShouldBeNull();
        (await WithAsync<IUserStore, User?>(s => s.FindByNormalizedUsernameAsync(pool.Id, "bob", Ct))).ShouldBeNull();
        (await WithAsync<IUserStore, User?>(s => s.FindByIdAsync(pool.Id, Guid.NewGuid(), Ct))).ShouldBeNull();
    }

    [Fact]
    public async Task AddAsync_DuplicateUsername_ThrowsUsernameExists()
    {
        var pool = await AddPoolAsync();
        var other = await AddPoolAsync();
        await AddUserAsync(pool.Id, "alice");

        var error = await Should.ThrowAsync<CognitoException>(() => AddUserAsync(pool.Id, "alice"));

        error.Code.ShouldBe("UsernameExistsException");
        await AddUserAsync(other.Id, "alice");
    }

    [Fact]
    public async Task AddAsync_SameUsernameConcurrently_ExactlyOneWins()
    {
        var pool = await AddPoolAsync();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(async () =>
        {
            try
            {
                await AddUserAsync(pool.Id, "racer");
                return "added";
            }
            catch (CognitoException e)
            {
                return e.Code;
            }
        })));

        attempts.Count(a => a == "added").ShouldBe(1);
        attempts.Where(a => a != "added").ShouldAllBe(a => a == "UsernameExistsException");
        (await WithAsync<IUserPoolStore, int>(s => s.CountUsersAsync(pool.Id, Ct))).ShouldBe(1);
    }

    [Fact]
    public async Task TryUpdateSignInCountersAsync_SameVersionConcurrently_ExactlyOneWins_AndOnlyTheCountersChange()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "counted", ("email", "c@example.com"));

        var results = await Task.WhenAll(Enumerable.Range(1, 12).Select(n => Task.Run(() =>
            WithAsync<IUserStore, bool>(s => s.TryUpdateSignInCountersAsync(pool.Id, user.Id, 0, n, Now.AddSeconds(n), Ct)))));
        var found = await WithAsync<IUserStore, User?>(s => s.FindByIdAsync(pool.Id, user.Id, Ct));
        var stale = await WithAsync<IUserStore, bool>(s => s.TryUpdateSignInCountersAsync(pool.Id, user.Id, 0, 99, null, Ct));
        var cleared = await WithAsync<IUserStore, bool>(s => s.TryUpdateSignInCountersAsync(pool.Id, user.Id, 1, 0, null, Ct));

        results.Count(r => r).ShouldBe(1);
        var winner = Enumerable.Range(1, 12).Single(n => results[n - 1]);
        found!.Version.ShouldBe(1);
        found.FailedSignInCount.ShouldBe(winner);
        found.LockedUntil.ShouldBe(Now.AddSeconds(winner));
        found.Attributes.ShouldBe(user.Attributes, ignoreOrder: true);
        found.UpdatedAt.ShouldBe(user.UpdatedAt);
        stale.ShouldBeFalse();
        cleared.ShouldBeTrue();
        (await WithAsync<IUserStore, User?>(s => s.FindByIdAsync(pool.Id, user.Id, Ct)))!.LockedUntil.ShouldBeNull();
        (await WithAsync<IUserStore, bool>(s => s.TryUpdateSignInCountersAsync(pool.Id, Guid.NewGuid(), 0, 1, null, Ct))).ShouldBeFalse();
    }

    [Fact]
    public async Task SignInThrottle_ParallelGuesses_NoMoreThanTheFreeAttemptsAreLetThrough()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "target");
        var time = new FakeTimeProvider(Now);

        // Each guess reads the user first, as a sign-in does, and only then races to count itself.
        var reads = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => WithAsync<IUserStore, User?>(s => s.FindByIdAsync(pool.Id, user.Id, Ct))));
        var let = await Task.WhenAll(reads.Select(read => Task.Run(() => WithAsync<IUserStore, User?>(s =>
            new SignInThrottle(s, new UnknownUserCounters(), new SignInGuesses(), time).TryCountAttemptAsync(read!, Ct)))));
        var stored = await WithAsync<IUserStore, User?>(s => s.FindByIdAsync(pool.Id, user.Id, Ct));

        let.Count(u => u is not null).ShouldBe(SignInThrottle.FreeAttempts);
        stored!.FailedSignInCount.ShouldBe(SignInThrottle.FreeAttempts);
        stored.LockedUntil.ShouldBe(Now.AddSeconds(1));
    }

    [Fact]
    public async Task TryUpdateAsync_CurrentVersion_SavesAndIncrements()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "alice", ("email", "old@example.com"));
        user.SetAttribute("email", "New@Example.com");
        user.Status = UserStatus.ResetRequired;

        (await WithAsync<IUserStore, bool>(s => s.TryUpdateAsync(user, Ct))).ShouldBeTrue();

        user.Version.ShouldBe(1);
        var found = await WithAsync<IUserStore, User?>(s => s.FindByIdAsync(pool.Id, user.Id, Ct));
        found!.Version.ShouldBe(1);
        found.Email.ShouldBe("new@example.com");
        found.Attributes["email"].ShouldBe("New@Example.com");
        found.Status.ShouldBe(UserStatus.ResetRequired);
    }

    [Fact]
    public async Task TryUpdateAsync_StaleVersion_ReturnsFalseAndKeepsTheNewerRow()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "alice");
        var first = await WithAsync<IUserStore, User?>(s => s.FindByIdAsync(pool.Id, user.Id, Ct));
        var second = await WithAsync<IUserStore, User?>(s => s.FindByIdAsync(pool.Id, user.Id, Ct));
        first!.FailedSignInCount = 1;
        second!.FailedSignInCount = 5;

        (await WithAsync<IUserStore, bool>(s => s.TryUpdateAsync(first, Ct))).ShouldBeTrue();
        (await WithAsync<IUserStore, bool>(s => s.TryUpdateAsync(second, Ct))).ShouldBeFalse();

        second.Version.ShouldBe(0);
        var found = await WithAsync<IUserStore, User?>(s => s.FindByIdAsync(pool.Id, user.Id, Ct));
        found!.FailedSignInCount.ShouldBe(1);
        found.Version.ShouldBe(1);
    }

    [Fact]
    public async Task UserDirectoryUpdateAsync_ManyConcurrentIncrements_NoneIsLost()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "counter");
        // UpdateAsync retries up to 10 times; a writer can lose at most once per other writer, so 10 in parallel always land.
        const int writers = 10;
        const int rounds = 3;

        for (var round = 0; round < rounds; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
            {
                await using var scope = Database.Services.CreateAsyncScope();
                var directory = new UserDirectory(
                    scope.ServiceProvider.GetRequiredService<IUserPoolStore>(),
                    scope.ServiceProvider.GetRequiredService<IUserStore>(),
                    TimeProvider.System);
                var mine = await scope.ServiceProvider.GetRequiredService<IUserStore>().FindByIdAsync(pool.Id, user.Id, Ct);
                await directory.UpdateAsync(mine!, u => u.FailedSignInCount++, Ct);
            })));
        }

        var found = await WithAsync<IUserStore, User?>(s => s.FindByIdAsync(pool.Id, user.Id, Ct));
        found!.FailedSignInCount.ShouldBe(writers * rounds);
        found.Version.ShouldBe(writers * rounds);
    }

    [Fact]
    public async Task DeleteAsync_RemovesOnlyThatUser()
    {
        var pool = await AddPoolAsync();
        var alice = await AddUserAsync(pool.Id, "alice");
        var bob = await AddUserAsync(pool.Id, "bob");

        (await WithAsync<IUserStore, bool>(s => s.DeleteAsync(pool.Id, alice.Id, Ct))).ShouldBeTrue();

        (await WithAsync<IUserStore, User?>(s => s.FindByIdAsync(pool.Id, alice.Id, Ct))).ShouldBeNull();
        (await WithAsync<IUserStore, User?>(s => s.FindByIdAsync(pool.Id, bob.Id, Ct))).ShouldNotBeNull();
        (await WithAsync<IUserStore, bool>(s => s.DeleteAsync(pool.Id, alice.Id, Ct))).ShouldBeFalse();
        // Deleting frees the username.
        await AddUserAsync(pool.Id, "alice");
    }

    [Theory]
    [InlineData("email", "alice@example.com", "alice")]
    [InlineData("phone_number", "+15555550100", "alice")]
    [InlineData("preferred_username", "ally", "alice")]
    [InlineData("email", "nobody@example.com", null)]
    [InlineData("name", "Alice", null)]
    public async Task FindByAttributeAsync_MatchesTheSearchableCopy(string attribute, string value, string? expected)
    {
        var pool = await AddPoolAsync();
        var other = await AddPoolAsync();
        await AddUserAsync(pool.Id, "alice", ("email", "Alice@Example.com"), ("phone_number", "+15555550100"), ("preferred_username", "Ally"), ("name", "Alice"));
        await AddUserAsync(pool.Id, "bob", ("email", "bob@example.com"), ("phone_number", "+15555550101"));
        await AddUserAsync(other.Id, "alice2", ("email", "alice@example.com"), ("phone_number", "+15555550100"), ("preferred_username", "ally"));

        var found = await WithAsync<IUserStore, IReadOnlyList<User>>(s => s.FindByAttributeAsync(pool.Id, attribute, value, Ct));

        found.Select(u => u.Username).ShouldBe(expected is null ? [] : [expected]);
    }

    [Fact]
    public async Task ListAsync_NoFilter_PagesThroughEveryUserOnce()
    {
        var pool = await AddPoolAsync();
        var other = await AddPoolAsync();
        var names = Enumerable.Range(0, 11).Select(i => $"user{i:d2}").ToList();
        foreach (var name in names.OrderBy(_ => Guid.NewGuid()))
        {
            await AddUserAsync(pool.Id, name);
        }

        await AddUserAsync(other.Id, "user99");

        var pages = await ListAllAsync(new UserQuery(pool.Id, null, 4, null));

        pages.Count.ShouldBe(3);
        pages[0].Users.Count.ShouldBe(4);
        pages[2].Next.ShouldBeNull();
        pages.SelectMany(p => p.Users).Select(u => u.Username).ShouldBe(names);
    }

    [Fact]
    public async Task ListAsync_ExactlyOnePageFull_HasNoNextToken()
    {
        var pool = await AddPoolAsync();
        await AddUserAsync(pool.Id, "a");
        await AddUserAsync(pool.Id, "b");

        var page = await WithAsync<IUserStore, UserPage>(s => s.ListAsync(new UserQuery(pool.Id, null, 2, null), Ct));

        page.Users.Count.ShouldBe(2);
        page.Next.ShouldBeNull();
    }

    [Fact]
    public async Task ListAsync_Only_RestrictsToThoseIds()
    {
        var pool = await AddPoolAsync();
        var alice = await AddUserAsync(pool.Id, "alice", ("given_name", "Al"));
        await AddUserAsync(pool.Id, "bob", ("given_name", "Al"));
        var carol = await AddUserAsync(pool.Id, "carol", ("given_name", "Carol"));

        var page = await WithAsync<IUserStore, UserPage>(s => s.ListAsync(new UserQuery(pool.Id, null, 10, null, [alice.Id, carol.Id]), Ct));
        var filtered = await WithAsync<IUserStore, UserPage>(s => s.ListAsync(new UserQuery(pool.Id, new UserFilter("given_name", "Al", false), 10, null, [alice.Id, carol.Id]), Ct));

        page.Users.Select(u => u.Username).ShouldBe(["alice", "carol"]);
        filtered.Users.Select(u => u.Username).ShouldBe(["alice"]);
    }

    [Theory]
    [MemberData(nameof(UserFilterCases.All), MemberType = typeof(UserFilterCases))]
    public async Task ListAsync_Filter_MatchesLikeCognito(string attribute, string value, bool prefix, string[] expected)
    {
        var pool = await SeedFilterPoolAsync();

        var page = await WithAsync<IUserStore, UserPage>(s => s.ListAsync(new UserQuery(pool, new UserFilter(attribute, value, prefix), 60, null), Ct));

        page.Users.Select(u => u.Username).ShouldBe(expected, ignoreOrder: true);
    }

    [Fact]
    public async Task ListAsync_FilterBySub_FindsThatUser()
    {
        var pool = await AddPoolAsync();
        var alice = await AddUserAsync(pool.Id, "alice");
        await AddUserAsync(pool.Id, "bob");

        var bySub = await WithAsync<IUserStore, UserPage>(s => s.ListAsync(new UserQuery(pool.Id, new UserFilter("sub", alice.Sub, false), 60, null), Ct));
        var upper = await WithAsync<IUserStore, UserPage>(s => s.ListAsync(new UserQuery(pool.Id, new UserFilter("sub", alice.Sub.ToUpperInvariant(), false), 60, null), Ct));
        var junk = await WithAsync<IUserStore, UserPage>(s => s.ListAsync(new UserQuery(pool.Id, new UserFilter("sub", "not-a-guid", false), 60, null), Ct));
        var prefix = await WithAsync<IUserStore, UserPage>(s => s.ListAsync(new UserQuery(pool.Id, new UserFilter("sub", alice.Sub[..13], true), 60, null), Ct));
        var upperPrefix = await WithAsync<IUserStore, UserPage>(s => s.ListAsync(new UserQuery(pool.Id, new UserFilter("sub", alice.Sub[..13].ToUpperInvariant(), true), 60, null), Ct));

        bySub.Users.Select(u => u.Username).ShouldBe(["alice"]);
        upper.Users.Select(u => u.Username).ShouldBe(["alice"]);
        junk.Users.ShouldBeEmpty();
        prefix.Users.Select(u => u.Username).ShouldBe(["alice"]);
        upperPrefix.Users.Select(u => u.Username).ShouldBe(["alice"]);
    }

    [Fact]
    public async Task ListAsync_PrefixFilter_PagesThroughEveryMatchOnce()
    {
        var pool = await AddPoolAsync();
        var matching = Enumerable.Range(0, 7).Select(i => $"m{i}").ToList();
        foreach (var name in matching)
        {
            await AddUserAsync(pool.Id, name, ("family_name", "Match" + name));
        }

        for (var i = 0; i < 5; i++)
        {
            await AddUserAsync(pool.Id, $"n{i}", ("family_name", "Other"));
        }

        var pages = await ListAllAsync(new UserQuery(pool.Id, new UserFilter("family_name", "Match", true), 3, null));

        pages.Select(p => p.Users.Count).ShouldBe([3, 3, 1]);
        pages.SelectMany(p => p.Users).Select(u => u.Username).ShouldBe(matching);
    }

    private async Task<List<UserPage>> ListAllAsync(UserQuery query)
    {
        var pages = new List<UserPage>();
        string? after = null;
        do
        {
            var page = await WithAsync<IUserStore, UserPage>(s => s.ListAsync(query with { After = after }, Ct));
            pages.Add(page);
            after = page.Next;
        }
        while (after is not null && pages.Count < 100);
        return pages;
    }

    /// <summary>A case-sensitive pool with users chosen to tell exact, prefix, case and LIKE-wildcard handling apart.</summary>
    private async Task<string> SeedFilterPoolAsync()
    {
        var pool = await AddPoolAsync();
        await AddUserAsync(pool.Id, "Jon.Smith", ("email", "Jon@Example.com"), ("phone_number", "+15555550100"), ("name", "Jon Smith"),
            ("given_name", "Jon"), ("family_name", "Smith"), ("preferred_username", "JonnyS"), ("custom:tier", "gold"));
        var jonah = NewUser(pool.Id, "Jonah", ("email", "jonah@example.com"), ("phone_number", "+15555550101"), ("given_name", "Jonah"), ("family_name", "Smyth"));
        jonah.Status = UserStatus.ForceChangePassword;
        await WithAsync<IUserStore>(s => s.AddAsync(jonah, Ct));
        await AddUserAsync(pool.Id, "percent_50%", ("name", "50% off"), ("phone_number", "+15555550110"));
        var disabled = NewUser(pool.Id, "percent_500", ("name", "500 club"));
        disabled.Enabled = false;
        await WithAsync<IUserStore>(s => s.AddAsync(disabled, Ct));
        await AddUserAsync(pool.Id, "emoji", ("given_name", "Zoë 🦊 Fox"));
        return pool.Id;
    }
}

/// <summary>ListUsers filters against the users SeedFilterPoolAsync makes, with the usernames each must return.</summary>
public static class UserFilterCases
{
    public static TheoryData<string, string, bool, string[]> All() => new()
    {
        // username: exact and prefix, against the username as created and its normalized form.
        { "username", "Jon.Smith", false, ["Jon.Smith"] },
        { "username", "jon.smith", false, ["Jon.Smith"] },
        { "username", "Jon", true, ["Jon.Smith", "Jonah"] },
        { "username", "jon", true, ["Jon.Smith", "Jonah"] },
        { "username", "J%", true, [] },
        { "username", "jo_", true, [] },
        { "email", "jon@example.com", false, ["Jon.Smith"] },
        { "email", "JON@EXAMPLE.COM", false, ["Jon.Smith"] },
        { "email", "jon", true, ["Jon.Smith", "Jonah"] },
        { "email", "j%n", true, [] },
        { "phone_number", "+15555550100", false, ["Jon.Smith"] },
        { "phone_number", "+1555555010", true, ["Jon.Smith", "Jonah"] },
        { "phone_number", "+1555555011", true, ["percent_50%"] },
        { "name", "Jon Smith", false, ["Jon.Smith"] },
        { "name", "jon smith", false, [] },
        { "name", "Jon", true, ["Jon.Smith"] },
        { "name", "50%", true, ["percent_50%"] },
        { "name", "50", true, ["percent_50%", "percent_500"] },
        { "given_name", "Jon", false, ["Jon.Smith"] },
        { "given_name", "Jo", true, ["Jon.Smith", "Jonah"] },
        { "given_name", "jo", true, [] },
        { "given_name", "J_n", true, [] },
        { "family_name", "Smith", false, ["Jon.Smith"] },
        { "family_name", "Sm", true, ["Jon.Smith", "Jonah"] },
        { "family_name", "SM", true, [] },
        { "preferred_username", "JonnyS", false, ["Jon.Smith"] },
        { "preferred_username", "jonny", true, ["Jon.Smith"] },
        { "cognito:user_status", "CONFIRMED", false, ["Jon.Smith", "percent_50%", "percent_500", "emoji"] },
        { "cognito:user_status", "force_change_password", false, ["Jonah"] },
        { "cognito:user_status", "Force", true, ["Jonah"] },
        { "cognito:user_status", "UNCONFIRMED", false, [] },
        { "status", "Enabled", false, ["Jon.Smith", "Jonah", "percent_50%", "emoji"] },
        { "status", "Disabled", false, ["percent_500"] },
        { "status", "enabled", false, [] },
        { "custom:tier", "gold", false, [] },
        { "given_name", "Zoë 🦊", true, ["emoji"] },
        { "given_name", "Zoë", true, ["emoji"] },
    };
}
