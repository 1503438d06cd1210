// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.AuthEvents;

namespace Tessera.Storage.Stores;

internal sealed class AuthEventStore(TesseraDbContext db) : IAuthEventStore
{
    public async Task AddAsync(AuthEvent authEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authEvent);
        db.AuthEvents.Add(authEvent);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public Task<AuthEvent?> FindAsync(string poolId, Guid userId, string eventId, CancellationToken cancellationToken)
        => db.AuthEvents.AsNoTracking().FirstOrDefaultAsync(e => e.EventId == eventId && e.PoolId == poolId && e.UserId == userId, cancellationToken);

    public Task<AuthEvent?> FindOpenSignInAsync(string poolId, Guid userId, string? clientId, DateTimeOffset since, CancellationToken cancellationToken)
        => db.AuthEvents.AsNoTracking()
            .Where(e => e.PoolId == poolId && e.UserId == userId && e.ClientId == clientId && e.EventType == AuthEventRecorder.SignIn
                && e.EventResponse == AuthEventRecorder.InProgress && e.CreatedAt >= since)
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.EventId)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<bool> UpdateAsync(AuthEvent authEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authEvent);
        var challenges = authEvent.ChallengeResponses.ToList();
        return await db.AuthEvents.Where(e => e.EventId == authEvent.EventId && e.PoolId == authEvent.PoolId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.EventResponse, authEvent.EventResponse)
                .SetProperty(e => e.ChallengeResponses, challenges)
                .SetProperty(e => e.FeedbackValue, authEvent.FeedbackValue)
                .SetProperty(e => e.FeedbackProvider, authEvent.FeedbackProvider)
                .SetProperty(e => e.FeedbackDate, authEvent.FeedbackDate), cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<AuthEvent>> ListAsync(
        string poolId, Guid userId, DateTimeOffset? afterCreatedAt, string? afterEventId, int take, CancellationToken cancellationToken)
    {
        var query = db.AuthEvents.AsNoTracking().Where(e => e.PoolId == poolId && e.UserId == userId);
        if (afterCreatedAt is { } at && afterEventId is not null)
        {
            query = query.Where(e => e.CreatedAt < at || (e.CreatedAt == at && string.Compare(e.EventId, afterEventId) < 0));
        }

        return await query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.EventId).Take(take)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> TrimAsync(string poolId, Guid userId, int keep, CancellationToken cancellationToken)
    {
        var oldestKept = await HotQueries.OldestKeptAuthEvent(db, poolId, userId, keep - 1, cancellationToken).ConfigureAwait(false);
        if (oldestKept is null)
        {
            return 0;
        }

        return await db.AuthEvents
            .Where(e => e.PoolId == poolId && e.UserId == userId
                && (e.CreatedAt < oldestKept.CreatedAt || (e.CreatedAt == oldestKept.CreatedAt && string.Compare(e.EventId, oldestKept.EventId) < 0)))
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
