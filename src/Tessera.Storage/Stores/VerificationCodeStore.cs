// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Lifecycle;

namespace Tessera.Storage.Stores;

internal sealed class VerificationCodeStore(TesseraDbContext db) : IVerificationCodeStore
{
    public Task<VerificationCode?> FindAsync(Guid userId, string purpose, CancellationToken cancellationToken)
        => db.VerificationCodes.AsNoTracking().FirstOrDefaultAsync(c => c.UserId == userId && c.Purpose == purpose, cancellationToken);

    public async Task SaveAsync(VerificationCode code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var exists = await db.VerificationCodes.AnyAsync(c => c.UserId == code.UserId && c.Purpose == code.Purpose, cancellationToken).ConfigureAwait(false);
        if (exists)
        {
            db.VerificationCodes.Update(code);
        }
        else
        {
            db.VerificationCodes.Add(code);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException) when (!exists)
        {
            // Another request issued a code at the same moment; the newest write wins, as with a resend.
            db.ChangeTracker.Clear();
            db.VerificationCodes.Update(code);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async Task<bool> TryConsumeAsync(Guid userId, string purpose, byte[] codeHash, CancellationToken cancellationToken)
        => await db.VerificationCodes
            .Where(c => c.UserId == userId && c.Purpose == purpose && c.CodeHash == codeHash)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.CodeHash, (byte[]?)null), cancellationToken).ConfigureAwait(false) == 1;

    public async Task<bool> TryCountAttemptAsync(
        Guid userId, string purpose, int limit, DateTimeOffset now, DateTimeOffset windowCutoff, CancellationToken cancellationToken)
        => await db.VerificationCodes
            .Where(c => c.UserId == userId && c.Purpose == purpose && (c.FailureWindowStart <= windowCutoff || c.FailedAttempts < limit))
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.FailedAttempts, c => c.FailureWindowStart <= windowCutoff ? 1 : c.FailedAttempts + 1)
                .SetProperty(c => c.FailureWindowStart, c => c.FailureWindowStart <= windowCutoff ? now : c.FailureWindowStart), cancellationToken)
            .ConfigureAwait(false) == 1;

    public Task UncountAttemptAsync(Guid userId, string purpose, CancellationToken cancellationToken)
        => db.VerificationCodes
            .Where(c => c.UserId == userId && c.Purpose == purpose && c.FailedAttempts > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.FailedAttempts, c => c.FailedAttempts - 1), cancellationToken);
}
