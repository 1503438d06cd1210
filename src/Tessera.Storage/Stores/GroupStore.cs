// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Groups;

namespace Tessera.Storage.Stores;

internal sealed class GroupStore(TesseraDbContext db) : IGroupStore
{
    public Task<Group?> FindAsync(string poolId, string groupName, CancellationToken cancellationToken)
        => db.Groups.AsNoTracking().FirstOrDefaultAsync(g => g.PoolId == poolId && g.GroupName == groupName, cancellationToken);

    public async Task<bool> TryAddAsync(Group group, CancellationToken cancellationToken)
    {
        if (await db.Groups.AnyAsync(g => g.PoolId == group.PoolId && g.GroupName == group.GroupName, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        db.Groups.Add(group);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async Task UpdateAsync(Group group, CancellationToken cancellationToken)
    {
        db.Groups.Update(group);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    public async Task<bool> DeleteAsync(string poolId, string groupName, CancellationToken cancellationToken)
    {
        await db.GroupMemberships.Where(m => m.PoolId == poolId && m.GroupName == groupName).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        return await db.Groups.Where(g => g.PoolId == poolId && g.GroupName == groupName).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<Group>> ListAsync(string poolId, string? after, int limit, CancellationToken cancellationToken)
    {
        var query = db.Groups.AsNoTracking().Where(g => g.PoolId == poolId);
        if (after is not null)
        {
            query = query.Where(g => string.Compare(g.GroupName, after) > 0);
        }

        return await query.OrderBy(g => g.GroupName).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Group>> ListForUserAsync(string poolId, Guid userId, CancellationToken cancellationToken)
    {
        var groups = new List<Group>();
        await foreach (var group in HotQueries.GroupsOfUser(db, poolId, userId).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            groups.Add(group);
        }

        return InTokenOrder(groups);
    }

    /// <summary>The order of <c>cognito:groups</c> and of the preferred-role choice.</summary>
    internal static List<Group> InTokenOrder(IEnumerable<Group> groups)
        => groups.OrderBy(g => g.Precedence ?? int.MaxValue).ThenBy(g => g.GroupName, StringComparer.Ordinal).ToList();

    public async Task AddMemberAsync(string poolId, string groupName, Guid userId, CancellationToken cancellationToken)
    {
        if (await db.GroupMemberships.AnyAsync(m => m.PoolId == poolId && m.GroupName == groupName && m.UserId == userId, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        db.GroupMemberships.Add(new GroupMembership { PoolId = poolId, GroupName = groupName, UserId = userId });
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // A concurrent add of the same membership won: the result is the same.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public Task RemoveMemberAsync(string poolId, string groupName, Guid userId, CancellationToken cancellationToken)
        => db.GroupMemberships.Where(m => m.PoolId == poolId && m.GroupName == groupName && m.UserId == userId).ExecuteDeleteAsync(cancellationToken);

    public async Task<IReadOnlyList<Guid>> ListMemberIdsAsync(string poolId, string groupName, CancellationToken cancellationToken)
        => await db.GroupMemberships.AsNoTracking().Where(m => m.PoolId == poolId && m.GroupName == groupName)
            .Select(m => m.UserId).ToListAsync(cancellationToken).ConfigureAwait(false);
}
