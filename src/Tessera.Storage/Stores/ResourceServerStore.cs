// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.ResourceServers;

namespace Tessera.Storage.Stores;

internal sealed class ResourceServerStore(TesseraDbContext db) : IResourceServerStore
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

    public Task<bool> TryAddAsync(ResourceServer server, CancellationToken cancellationToken)
        => db.TryInsertAsync(server, r => r.PoolId == server.PoolId && r.Identifier == server.Identifier, cancellationToken);

    public Task UpdateAsync(ResourceServer server, CancellationToken cancellationToken) => db.ReplaceAsync(server, cancellationToken);

    public async Task<bool> DeleteAsync(string poolId, string identifier, CancellationToken cancellationToken)
        => await db.ResourceServers.Where(r => r.PoolId == poolId && r.Identifier == identifier).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
}
