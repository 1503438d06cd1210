// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Groups;
using Tessera.Core.Users;

namespace Tessera.Storage.Conformance;

/// <summary>IGroupStore behaviour every provider must show: groups and memberships.</summary>
public abstract class GroupStoreConformance<TDatabase>(TDatabase database) : StoreConformance<TDatabase>(database)
    where TDatabase : StoreDatabase
{
    private static Group NewGroup(string poolId, string name, int? precedence = null)
        => new() { PoolId = poolId, GroupName = name, Precedence = precedence, Description = "d-" + name, RoleArn = "arn:aws:iam::123456789012:role/" + name, CreatedAt = Now, UpdatedAt = Now };

    [Fact]
    public async Task TryAddAsync_ThenFindAsync_RoundTrips()
    {
        var pool = await AddPoolAsync();

        (await WithAsync<IGroupStore, bool>(s => s.TryAddAsync(NewGroup(pool.Id, "admins", 3), Ct))).ShouldBeTrue();
        var found = await WithAsync<IGroupStore, Group?>(s => s.FindAsync(pool.Id, "admins", Ct));

        found.ShouldNotBeNull();
        found.Precedence.ShouldBe(3);
        found.Description.ShouldBe("d-admins");
        found.RoleArn.ShouldBe("arn:aws:iam::123456789012:role/admins");
        found.CreatedAt.ShouldBe(Now);
        (await WithAsync<IGroupStore, Group?>(s => s.FindAsync(pool.Id, "Admins", Ct))).ShouldBeNull();
    }

    [Fact]
    public async Task TryAddAsync_SameNameTwice_ReturnsFalseTheSecondTime()
    {
        var pool = await AddPoolAsync();
        var other = await AddPoolAsync();
        await WithAsync<IGroupStore>(s => s.TryAddAsync(NewGroup(pool.Id, "admins"), Ct));

        (await WithAsync<IGroupStore, bool>(s => s.TryAddAsync(NewGroup(pool.Id, "admins"), Ct))).ShouldBeFalse();
        (await WithAsync<IGroupStore, bool>(s => s.TryAddAsync(NewGroup(other.Id, "admins"), Ct))).ShouldBeTrue();
    }

    [Fact]
    public async Task TryAddAsync_Concurrently_ExactlyOneWins()
    {
        var pool = await AddPoolAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            WithAsync<IGroupStore, bool>(s => s.TryAddAsync(NewGroup(pool.Id, "racers"), Ct)))));

        results.Count(r => r).ShouldBe(1);
    }

    [Fact]
    public async Task UpdateAsync_ChangesDescriptionAndPrecedence()
    {
        var pool = await AddPoolAsync();
        var group = NewGroup(pool.Id, "devs", 1);
        await WithAsync<IGroupStore>(s => s.TryAddAsync(group, Ct));
        group.Description = "changed";
        group.Precedence = null;

        await WithAsync<IGroupStore>(s => s.UpdateAsync(group, Ct));
        var found = await WithAsync<IGroupStore, Group?>(s => s.FindAsync(pool.Id, "devs", Ct));

        found!.Description.ShouldBe("changed");
        found.Precedence.ShouldBeNull();
    }

    [Fact]
    public async Task ListAsync_PagesInNameOrder()
    {
        var pool = await AddPoolAsync();
        var names = new[] { "delta", "alpha", "echo", "charlie", "bravo" };
        foreach (var name in names)
        {
            await WithAsync<IGroupStore>(s => s.TryAddAsync(NewGroup(pool.Id, name), Ct));
        }

        var first = await WithAsync<IGroupStore, IReadOnlyList<Group>>(s => s.ListAsync(pool.Id, null, 2, Ct));
        var second = await WithAsync<IGroupStore, IReadOnlyList<Group>>(s => s.ListAsync(pool.Id, first[^1].GroupName, 2, Ct));
        var third = await WithAsync<IGroupStore, IReadOnlyList<Group>>(s => s.ListAsync(pool.Id, second[^1].GroupName, 2, Ct));

        first.Select(g => g.GroupName).ShouldBe(["alpha", "bravo"]);
        second.Select(g => g.GroupName).ShouldBe(["charlie", "delta"]);
        third.Select(g => g.GroupName).ShouldBe(["echo"]);
    }

    [Fact]
    public async Task Memberships_AddListRemove()
    {
        var pool = await AddPoolAsync();
        var alice = await AddUserAsync(pool.Id, "alice");
        var bob = await AddUserAsync(pool.Id, "bob");
        await WithAsync<IGroupStore>(async s =>
        {
            await s.TryAddAsync(NewGroup(pool.Id, "zeta", 2), Ct);
            await s.TryAddAsync(NewGroup(pool.Id, "beta"), Ct);
            await s.TryAddAsync(NewGroup(pool.Id, "alpha"), Ct);
            await s.TryAddAsync(NewGroup(pool.Id, "omega", 1), Ct);
        });

        await WithAsync<IGroupStore>(async s =>
        {
            foreach (var name in new[] { "zeta", "beta", "alpha", "omega" })
            {
                await s.AddMemberAsync(pool.Id, name, alice.Id, Ct);
            }

            await s.AddMemberAsync(pool.Id, "zeta", alice.Id, Ct); // twice: no error, no duplicate
            await s.AddMemberAsync(pool.Id, "zeta", bob.Id, Ct);
        });

        // Precedence first (lowest wins), groups without one last, then by name.
        var aliceGroups = await WithAsync<IGroupStore, IReadOnlyList<Group>>(s => s.ListForUserAsync(pool.Id, alice.Id, Ct));
        aliceGroups.Select(g => g.GroupName).ShouldBe(["omega", "zeta", "alpha", "beta"]);
        var members = await WithAsync<IGroupStore, IReadOnlyList<Guid>>(s => s.ListMemberIdsAsync(pool.Id, "zeta", Ct));
        members.ShouldBe([alice.Id, bob.Id], ignoreOrder: true);

        await WithAsync<IGroupStore>(s => s.RemoveMemberAsync(pool.Id, "zeta", alice.Id, Ct));

        (await WithAsync<IGroupStore, IReadOnlyList<Guid>>(s => s.ListMemberIdsAsync(pool.Id, "zeta", Ct))).ShouldBe([bob.Id]);
        (await WithAsync<IGroupStore, IReadOnlyList<Group>>(s => s.ListForUserAsync(pool.Id, alice.Id, Ct)))
            .Select(g => g.GroupName).ShouldBe(["omega", "alpha", "beta"]);
    }

    [Fact]
    public async Task AddMemberAsync_Concurrently_AddsOnce()
    {
        var pool = await AddPoolAsync();
        var alice = await AddUserAsync(pool.Id, "alice");
        await WithAsync<IGroupStore>(s => s.TryAddAsync(NewGroup(pool.Id, "team"), Ct));

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            WithAsync<IGroupStore>(s => s.AddMemberAsync(pool.Id, "team", alice.Id, Ct)))));

        (await WithAsync<IGroupStore, IReadOnlyList<Guid>>(s => s.ListMemberIdsAsync(pool.Id, "team", Ct))).ShouldBe([alice.Id]);
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheGroupAndItsMemberships()
    {
        var pool = await AddPoolAsync();
        var alice = await AddUserAsync(pool.Id, "alice");
        await WithAsync<IGroupStore>(async s =>
        {
            await s.TryAddAsync(NewGroup(pool.Id, "doomed"), Ct);
            await s.TryAddAsync(NewGroup(pool.Id, "kept"), Ct);
            await s.AddMemberAsync(pool.Id, "doomed", alice.Id, Ct);
            await s.AddMemberAsync(pool.Id, "kept", alice.Id, Ct);
        });

        (await WithAsync<IGroupStore, bool>(s => s.DeleteAsync(pool.Id, "doomed", Ct))).ShouldBeTrue();

        (await WithAsync<IGroupStore, Group?>(s => s.FindAsync(pool.Id, "doomed", Ct))).ShouldBeNull();
        (await WithAsync<IGroupStore, IReadOnlyList<Guid>>(s => s.ListMemberIdsAsync(pool.Id, "doomed", Ct))).ShouldBeEmpty();
        (await WithAsync<IGroupStore, IReadOnlyList<Group>>(s => s.ListForUserAsync(pool.Id, alice.Id, Ct))).Select(g => g.GroupName).ShouldBe(["kept"]);
        (await WithAsync<IGroupStore, bool>(s => s.DeleteAsync(pool.Id, "doomed", Ct))).ShouldBeFalse();
    }

    [Fact]
    public async Task DeletingAUser_RemovesItsMemberships()
    {
        var pool = await AddPoolAsync();
        var alice = await AddUserAsync(pool.Id, "alice");
        await WithAsync<IGroupStore>(async s =>
        {
            await s.TryAddAsync(NewGroup(pool.Id, "team"), Ct);
            await s.AddMemberAsync(pool.Id, "team", alice.Id, Ct);
        });

        (await WithAsync<IUserStore, bool>(s => s.DeleteAsync(pool.Id, alice.Id, Ct))).ShouldBeTrue();

        (await WithAsync<IGroupStore, IReadOnlyList<Guid>>(s => s.ListMemberIdsAsync(pool.Id, "team", Ct))).ShouldBeEmpty();
    }
}
