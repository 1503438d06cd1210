// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Tokens;

namespace Tessera.Storage.Stores;

internal sealed class SigningKeyStore(TesseraDbContext db) : ISigningKeyStore
{
    public async Task<IReadOnlyList<SigningKey>> ListAsync(string poolId, CancellationToken cancellationToken)
        => await db.SigningKeys.AsNoTracking().Where(k => k.PoolId == poolId).ToListAsync(cancellationToken).ConfigureAwait(false);

    public async Task AddAsync(SigningKey key, CancellationToken cancellationToken)
    {
        db.SigningKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    public async Task ApplyAsync(RotationPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        db.SigningKeys.UpdateRange(plan.Updated);
        db.SigningKeys.AddRange(plan.Added);
        db.SigningKeys.RemoveRange(plan.Removed);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }
}
