// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.OAuth;
using Tessera.Core.ResourceServers;

namespace Tessera.Storage.Stores;

internal sealed class ResourceServerStore(TesseraDbContext db, OAuthLookupCache cache) : IResourceServerStore
{
    public Task<ResourceServer?> FindAsync(string poolId, string identifier, CancellationToken cancellationToken)
        => db.ResourceServers.AsNoTracking().FirstOrDefaultAsync(r => r.PoolId == poolId && r.Identifier == identifier, cancellationToken);

    public async Task<IReadOnlyList<ResourceServer>> ListAsync(string poolId, string? afterIdentifier, int limit, CancellationToken cancellationToken)
    {
        var query = db.ResourceServers.AsNoTracking().Where(r => r.PoolId == poolId);
        if (afterIdentifier is not null)
        {
            query = query.Where(r => string.Compare(r.Identifier, afterIdentifier) > 0);
        }

        return await query.OrderBy(r => r.Identifier).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TryAddAsync(ResourceServer server, CancellationToken cancellationToken)
    {
        var added = await db.TryInsertAsync(server, r => r.PoolId == server.PoolId && r.Identifier == server.Identifier, cancellationToken).ConfigureAwait(false);
        await cache.ForgetAsync(new(CacheEntryKind.CustomScopes, server.PoolId), cancellationToken).ConfigureAwait(false);
        return added;
    }

    public async Task UpdateAsync(ResourceServer server, CancellationToken cancellationToken)
    {
        await db.ReplaceAsync(server, cancellationToken).ConfigureAwait(false);
        await cache.ForgetAsync(new(CacheEntryKind.CustomScopes, server.PoolId), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string poolId, string identifier, CancellationToken cancellationToken)
    {
        var deleted = await db.ResourceServers.Where(r => r.PoolId == poolId && r.Identifier == identifier).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
        await cache.ForgetAsync(new(CacheEntryKind.CustomScopes, poolId), cancellationToken).ConfigureAwait(false);
        return deleted;
    }
}
