// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Tokens;

namespace Tessera.Storage.Stores;

internal sealed class RefreshTokenStore(TesseraDbContext db) : IRefreshTokenStore
{
    public async Task AddAsync(RefreshTokenRecord token, CancellationToken cancellationToken)
    {
        db.RefreshTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    public Task<RefreshTokenRecord?> FindByHashAsync(byte[] tokenHash, CancellationToken cancellationToken)
        => HotQueries.RefreshTokenByHash(db, tokenHash, cancellationToken);

    public Task RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken)
        => db.RefreshTokens.Where(t => t.Id == id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, at), cancellationToken);

    public async Task<bool> TryMarkRotatedAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken)
        => await db.RefreshTokens.Where(t => t.Id == id && t.RotatedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RotatedAt, at), cancellationToken).ConfigureAwait(false) == 1;
}
