// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Sessions;

namespace Tessera.Storage.Stores;

internal sealed class SessionStore(TesseraDbContext db) : ISessionStore
{
    public async Task AddAsync(UserSession session, CancellationToken cancellationToken)
    {
        db.Sessions.Add(session);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    public Task<UserSession?> FindAsync(Guid id, CancellationToken cancellationToken)
        => HotQueries.SessionById(db, id, cancellationToken);

    public async Task<bool> RevokeAsync(Guid id, DateTimeOffset at, string reason, CancellationToken cancellationToken)
        => await db.Sessions.Where(s => s.Id == id && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, at).SetProperty(x => x.RevokedReason, reason), cancellationToken).ConfigureAwait(false) == 1;

    public Task<int> RevokeForUserAsync(string poolId, Guid userId, SessionKind? kind, DateTimeOffset at, string reason, CancellationToken cancellationToken)
        => db.Sessions.Where(s => s.PoolId == poolId && s.UserId == userId && s.RevokedAt == null && (kind == null || s.Kind == kind))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, at).SetProperty(x => x.RevokedReason, reason), cancellationToken);

    public Task<int> RevokeForDeviceAsync(string poolId, Guid userId, string deviceKey, DateTimeOffset at, string reason, CancellationToken cancellationToken)
        => db.Sessions.Where(s => s.PoolId == poolId && s.UserId == userId && s.RevokedAt == null && s.DeviceKey == deviceKey)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, at).SetProperty(x => x.RevokedReason, reason), cancellationToken);
}
