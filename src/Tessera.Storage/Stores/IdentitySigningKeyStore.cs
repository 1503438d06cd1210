// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Identity;

namespace Tessera.Storage.Stores;

internal sealed class IdentitySigningKeyStore(TesseraDbContext db) : IIdentitySigningKeyStore
{
    public async Task<IReadOnlyList<IdentitySigningKey>> ListAsync(CancellationToken cancellationToken)
        => await db.IdentitySigningKeys.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);

    public async Task AddAsync(IdentitySigningKey key, CancellationToken cancellationToken)
    {
        db.IdentitySigningKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }
}
