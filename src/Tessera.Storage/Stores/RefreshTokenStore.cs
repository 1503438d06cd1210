// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Sessions;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Storage.Stores;

internal sealed class RefreshTokenStore(TesseraDbContext db) : IRefreshTokenStore
{
    public async Task AddAsync(RefreshTokenRecord token, CancellationToken cancellationToken)
    {
        db.RefreshTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    public async Task AddWithSessionAsync(RefreshTokenRecord token, UserSession session, CancellationToken cancellationToken)
    {
        // One SaveChanges: one transaction, one commit (one fsync on SQLite) for both rows.
        db.Sessions.Add(session);
        db.RefreshTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    public async Task<RefreshTokenContext?> FindWithContextByHashAsync(byte[] tokenHash, CancellationToken cancellationToken)
    {
        var row = await HotQueries.For(db).RefreshTokenWithContextByHash(db, tokenHash, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        // The user is the token's only when it is in the token's pool (user ids are unique, pools are checked anyway).
        var user = row.User is { } u && u.PoolId == row.Token.PoolId ? new UserWithGroups(u, GroupStore.InTokenOrder(row.Groups)) : null;
        return new RefreshTokenContext(row.Token, row.Session, user);
    }

    public Task<RefreshTokenRecord?> FindByHashAsync(byte[] tokenHash, CancellationToken cancellationToken)
        => HotQueries.For(db).RefreshTokenByHash(db, tokenHash, cancellationToken);

    public Task RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken)
        => db.RefreshTokens.Where(t => t.Id == id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, at), cancellationToken);

    public async Task<bool> TryMarkRotatedAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken)
        => await db.RefreshTokens.Where(t => t.Id == id && t.RotatedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RotatedAt, at), cancellationToken).ConfigureAwait(false) == 1;
}
