// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.OAuth;

namespace Tessera.Storage.Stores;

internal sealed class AuthorizationCodeStore(TesseraDbContext db) : IAuthorizationCodeStore
{
    public async Task AddAsync(AuthorizationCode code, CancellationToken cancellationToken)
    {
        // Expired codes are useless to everyone; clearing them here keeps the table small without a sweeper.
        var cutoff = code.CreatedAt - TimeSpan.FromHours(1);
        await db.AuthorizationCodes.Where(c => c.ExpiresAt < cutoff).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        db.AuthorizationCodes.Add(code);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    public Task<AuthorizationCode?> FindAsync(byte[] codeHash, CancellationToken cancellationToken)
        => db.AuthorizationCodes.AsNoTracking().FirstOrDefaultAsync(c => c.CodeHash == codeHash, cancellationToken);

    public async Task<bool> TryConsumeAsync(byte[] codeHash, DateTimeOffset at, CancellationToken cancellationToken)
        => await db.AuthorizationCodes.Where(c => c.CodeHash == codeHash && c.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsumedAt, at), cancellationToken).ConfigureAwait(false) == 1;
}
