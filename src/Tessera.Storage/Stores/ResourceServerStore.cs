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

    public async Task<bool> TryAddAsync(ResourceServer server, CancellationToken cancellationToken)
    {
        if (await db.ResourceServers.AnyAsync(r => r.PoolId == server.PoolId && r.Identifier == server.Identifier, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        db.ResourceServers.Add(server);
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

    public async Task UpdateAsync(ResourceServer server, CancellationToken cancellationToken)
    {
        db.ResourceServers.Update(server);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    public async Task<bool> DeleteAsync(string poolId, string identifier, CancellationToken cancellationToken)
        => await db.ResourceServers.Where(r => r.PoolId == poolId && r.Identifier == identifier).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
}
