// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Identity;

namespace Tessera.Storage.Stores;

internal sealed class IdentityPoolStore(TesseraDbContext db) : IIdentityPoolStore
{
    public Task<IdentityPool?> FindAsync(string poolId, CancellationToken cancellationToken)
        => db.IdentityPools.AsNoTracking().FirstOrDefaultAsync(p => p.Id == poolId, cancellationToken);

    public async Task AddAsync(IdentityPool pool, CancellationToken cancellationToken)
    {
        db.IdentityPools.Add(pool);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    public async Task UpdateAsync(IdentityPool pool, CancellationToken cancellationToken)
    {
        db.IdentityPools.Update(pool);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    public async Task<bool> DeleteAsync(string poolId, CancellationToken cancellationToken)
    {
        await db.IdentityLogins.Where(l => l.PoolId == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Identities.Where(i => i.PoolId == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        return await db.IdentityPools.Where(p => p.Id == poolId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<IdentityPool>> ListAsync(string? afterId, int limit, CancellationToken cancellationToken)
    {
        var query = db.IdentityPools.AsNoTracking();
        if (afterId is not null)
        {
            query = query.Where(p => string.Compare(p.Id, afterId) > 0);
        }

        return await query.OrderBy(p => p.Id).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
    }
}
