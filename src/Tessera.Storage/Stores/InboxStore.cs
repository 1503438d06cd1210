// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Lifecycle;

namespace Tessera.Storage.Stores;

internal sealed class InboxStore(TesseraDbContext db) : IInboxStore
{
    public async Task AddAsync(InboxMessage message, CancellationToken cancellationToken)
    {
        db.InboxMessages.Add(message);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    public async Task<IReadOnlyList<InboxMessage>> ListAsync(string? poolId, int limit, CancellationToken cancellationToken)
    {
        var query = db.InboxMessages.AsNoTracking();
        if (poolId is not null)
        {
            query = query.Where(m => m.PoolId == poolId);
        }

        return await query.OrderByDescending(m => m.Id).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
    }
}
