// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Configuration;

namespace Tessera.Storage.Stores;

internal sealed class PoolDocumentStore(TesseraDbContext db) : IPoolDocumentStore
{
    public Task<PoolDocument?> FindAsync(string poolId, string kind, string key, CancellationToken cancellationToken)
        => db.PoolDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.PoolId == poolId && d.Kind == kind && d.Key == key, cancellationToken);

    public async Task<IReadOnlyList<PoolDocument>> ListAsync(string poolId, string kind, string? clientId, CancellationToken cancellationToken)
    {
        var query = db.PoolDocuments.AsNoTracking().Where(d => d.PoolId == poolId && d.Kind == kind);
        if (clientId is not null)
        {
            query = query.Where(d => d.ClientId == clientId);
        }

        return await query.OrderBy(d => d.CreatedAt).ThenBy(d => d.Key).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveAsync(PoolDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (await db.PoolDocuments.AnyAsync(d => d.PoolId == document.PoolId && d.Kind == document.Kind && d.Key == document.Key, cancellationToken).ConfigureAwait(false))
        {
            await db.ReplaceAsync(document, cancellationToken).ConfigureAwait(false);
        }
        else if (!await db.TryInsertAsync(document, d => d.PoolId == document.PoolId && d.Kind == document.Kind && d.Key == document.Key, cancellationToken).ConfigureAwait(false))
        {
            // Another request inserted it between our look and our insert: last writer wins, as with an update.
            await db.ReplaceAsync(document, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> DeleteAsync(string poolId, string kind, string key, CancellationToken cancellationToken)
        => await db.PoolDocuments.Where(d => d.PoolId == poolId && d.Kind == kind && d.Key == key).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
}
