// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Paging;
using Tessera.Core.Users;

namespace Tessera.Core.Groups;

/// <summary>User pool groups and their members; membership reaches tokens as <c>cognito:groups</c> through <see cref="IGroupStore"/>.</summary>
public sealed class GroupService(UserDirectory directory, IGroupStore groups, IUserStore users, TimeProvider time)
{
    public async Task<Group> CreateAsync(string poolId, string groupName, string? description, string? roleArn, int? precedence, CancellationToken cancellationToken)
    {
        _ = await directory.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var group = new Group
        {
            PoolId = poolId,
            GroupName = groupName,
            Description = description,
            RoleArn = roleArn,
            Precedence = precedence,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return await groups.TryAddAsync(group, cancellationToken).ConfigureAwait(false) ? group : throw CognitoErrors.GroupExists(groupName);
    }

    public async Task<Group> GetAsync(string poolId, string groupName, CancellationToken cancellationToken)
    {
        _ = await directory.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        return await groups.FindAsync(poolId, groupName, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.GroupNotFound();
    }

    /// <summary>UpdateGroup changes only the properties the request carries.</summary>
    public async Task<Group> UpdateAsync(string poolId, string groupName, string? description, string? roleArn, int? precedence, CancellationToken cancellationToken)
    {
        var group = await GetAsync(poolId, groupName, cancellationToken).ConfigureAwait(false);
        group.Description = description ?? group.Description;
        group.RoleArn = roleArn ?? group.RoleArn;
        group.Precedence = precedence ?? group.Precedence;
        group.UpdatedAt = time.GetUtcNow();
        await groups.UpdateAsync(group, cancellationToken).ConfigureAwait(false);
        return group;
    }

    public async Task DeleteAsync(string poolId, string groupName, CancellationToken cancellationToken)
    {
        _ = await directory.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        if (!await groups.DeleteAsync(poolId, groupName, cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.GroupNotFound();
        }
    }

    /// <summary>ListGroups: one page of the pool's groups in name order.</summary>
    public async Task<(IReadOnlyList<Group> Groups, string? NextToken)> ListAsync(string poolId, int limit, string? nextToken, CancellationToken cancellationToken)
    {
        _ = await directory.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        var after = PageToken.Decode("groups", nextToken);
        var found = await groups.ListAsync(poolId, after, limit + 1, cancellationToken).ConfigureAwait(false);
        return PageToken.Slice(found, limit, "groups", g => g.GroupName);
    }

    public async Task AddUserAsync(string poolId, string username, string groupName, CancellationToken cancellationToken)
    {
        var (user, group) = await UserAndGroupAsync(poolId, username, groupName, cancellationToken).ConfigureAwait(false);
        await groups.AddMemberAsync(poolId, group.GroupName, user.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removing a user who is not a member succeeds, as in AWS.</summary>
    public async Task RemoveUserAsync(string poolId, string username, string groupName, CancellationToken cancellationToken)
    {
        var (user, group) = await UserAndGroupAsync(poolId, username, groupName, cancellationToken).ConfigureAwait(false);
        await groups.RemoveMemberAsync(poolId, group.GroupName, user.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>AdminListGroupsForUser: the user's groups in the order tokens list them (precedence, then name).</summary>
    public async Task<(IReadOnlyList<Group> Groups, string? NextToken)> ListForUserAsync(string poolId, string username, int limit, string? nextToken, CancellationToken cancellationToken)
    {
        var pool = await directory.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        var user = await directory.GetAsync(pool, username, cancellationToken).ConfigureAwait(false);
        var after = PageToken.Decode("user-groups", nextToken);
        var all = (await groups.ListForUserAsync(poolId, user.Id, cancellationToken).ConfigureAwait(false))
            .OrderBy(SortKey, StringComparer.Ordinal).ToList();
        var rest = after is null ? all : all.Where(g => string.CompareOrdinal(SortKey(g), after) > 0).ToList();
        return PageToken.Slice(rest, limit, "user-groups", SortKey);
    }

    /// <summary>ListUsersInGroup: one page of the group's members in username order.</summary>
    public async Task<(IReadOnlyList<User> Users, string? NextToken)> ListUsersAsync(string poolId, string groupName, int limit, string? nextToken, CancellationToken cancellationToken)
    {
        var group = await GetAsync(poolId, groupName, cancellationToken).ConfigureAwait(false);
        var after = PageToken.Decode("group-users", nextToken);
        var members = await groups.ListMemberIdsAsync(poolId, group.GroupName, cancellationToken).ConfigureAwait(false);
        if (members.Count == 0)
        {
            return ([], null);
        }

        var page = await users.ListAsync(new UserQuery(poolId, null, limit, after, members), cancellationToken).ConfigureAwait(false);
        return (page.Users, PageToken.Encode("group-users", page.Next));
    }

    /// <summary>Orders groups by precedence (absent last), then name, as one ordinal string.</summary>
    private static string SortKey(Group group)
        => (group.Precedence is { } p ? p.ToString("D10", System.Globalization.CultureInfo.InvariantCulture) : "9999999999~") + "/" + group.GroupName;

    private async Task<(User User, Group Group)> UserAndGroupAsync(string poolId, string username, string groupName, CancellationToken cancellationToken)
    {
        var pool = await directory.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        var group = await groups.FindAsync(poolId, groupName, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.GroupNotFound();
        var user = await directory.GetAsync(pool, username, cancellationToken).ConfigureAwait(false);
        return (user, group);
    }
}
