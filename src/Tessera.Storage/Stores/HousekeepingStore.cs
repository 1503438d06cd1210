// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Sessions;

namespace Tessera.Storage.Stores;

internal sealed class HousekeepingStore(TesseraDbContext db) : IHousekeepingStore
{
    public Task<int> DeleteRefreshTokensAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken)
        => db.RefreshTokens
            .Where(t => t.ExpiresAt < before
                || (t.RevokedAt != null && t.RevokedAt < before)
                || !db.Sessions.Any(s => s.Id == t.OriginJti && (s.RevokedAt == null || s.RevokedAt >= before)))
            .OrderBy(t => t.Id).Take(batchSize)
            .ExecuteDeleteAsync(cancellationToken);

    public Task<int> DeleteSessionsAsync(DateTimeOffset revokedBefore, DateTimeOffset expiredBefore, int batchSize, CancellationToken cancellationToken)
        => db.Sessions
            .Where(s => (s.RevokedAt != null && s.RevokedAt < revokedBefore) || s.ExpiresAt < expiredBefore)
            .OrderBy(s => s.Id).Take(batchSize)
            .ExecuteDeleteAsync(cancellationToken);

    public Task<int> DeleteAuthorizationCodesAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken)
        => db.AuthorizationCodes
            .Where(c => c.ExpiresAt < before)
            .OrderBy(c => c.ExpiresAt).Take(batchSize)
            .ExecuteDeleteAsync(cancellationToken);

    public async Task<int> TrimInboxAsync(int keepPerPool, int batchSize, CancellationToken cancellationToken)
    {
        var crowded = await db.InboxMessages.GroupBy(m => m.PoolId).Where(g => g.Count() > keepPerPool).Select(g => g.Key)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var deleted = 0;
        foreach (var poolId in crowded)
        {
            var newestDropped = await db.InboxMessages.Where(m => m.PoolId == poolId).OrderByDescending(m => m.Id).Skip(keepPerPool)
                .Select(m => (long?)m.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (newestDropped is not { } id)
            {
                continue;
            }

            var room = batchSize - deleted;
            deleted += await db.InboxMessages.Where(m => m.PoolId == poolId && m.Id <= id).OrderBy(m => m.Id).Take(room)
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            if (deleted >= batchSize)
            {
                break;
            }
        }

        return deleted;
    }

    public Task<int> DeleteAuthEventsAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken)
        => db.AuthEvents
            .Where(e => e.CreatedAt < before)
            .OrderBy(e => e.CreatedAt).Take(batchSize)
            .ExecuteDeleteAsync(cancellationToken);
}
