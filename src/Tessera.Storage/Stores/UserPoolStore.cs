// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.OAuth;
using Tessera.Core.Pools;

namespace Tessera.Storage.Stores;

internal sealed class UserPoolStore(TesseraDbContext db, OAuthLookupCache cache) : IUserPoolStore
{
    public Task<UserPool?> FindAsync(string poolId, CancellationToken cancellationToken)
        => db.UserPools.AsNoTracking().FirstOrDefaultAsync(p => p.Id == poolId, cancellationToken);

    public async Task AddAsync(UserPool pool, CancellationToken cancellationToken)
    {
        db.UserPools.Add(pool);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    public async Task UpdateAsync(UserPool pool, CancellationToken cancellationToken)
    {
        db.UserPools.Update(pool);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        await cache.ForgetAsync(new(CacheEntryKind.PoolSettings, pool.Id), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string poolId, CancellationToken cancellationToken)
    {
        // Children first, in one transaction, so no provider depends on cascade support in bulk deletes.
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.GroupMemberships.Where(m => m.PoolId == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.VerificationCodes.Where(c => c.PoolId == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        // The dev inbox holds codes and addresses of the pool's users: they go with it.
        await db.InboxMessages.Where(m => m.PoolId == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.RefreshTokens.Where(t => t.PoolId == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Sessions.Where(t => t.PoolId == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Groups.Where(g => g.PoolId == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Users.Where(u => u.PoolId == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.AppClients.Where(c => c.PoolId == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.SigningKeys.Where(k => k.PoolId == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await db.UserPools.Where(p => p.Id == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        await cache.ForgetAsync(new(CacheEntryKind.Pool, poolId), cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }

    public async Task<IReadOnlyList<UserPool>> ListAsync(string? afterId, int limit, CancellationToken cancellationToken)
    {
        var query = db.UserPools.AsNoTracking();
        if (afterId is not null)
        {
            query = query.Where(p => string.Compare(p.Id, afterId) > 0);
        }

        return await query.OrderBy(p => p.Id).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<int> CountUsersAsync(string poolId, CancellationToken cancellationToken)
        => db.Users.CountAsync(u => u.PoolId == poolId, cancellationToken);
}
