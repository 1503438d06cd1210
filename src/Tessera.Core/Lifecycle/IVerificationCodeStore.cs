// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Lifecycle;

public interface IVerificationCodeStore
{
    Task<VerificationCode?> FindAsync(Guid userId, string purpose, CancellationToken cancellationToken);

    /// <summary>Adds the record or replaces the one with the same user and purpose.</summary>
    Task SaveAsync(VerificationCode code, CancellationToken cancellationToken);

    /// <summary>Marks the code used if its hash is still <paramref name="codeHash"/>; false when someone used it first.</summary>
    Task<bool> TryConsumeAsync(Guid userId, string purpose, byte[] codeHash, CancellationToken cancellationToken);

    /// <summary>
    /// Counts a guess before it is checked, in one conditional statement: a window that began at or before
    /// <paramref name="windowCutoff"/> starts again at <paramref name="now"/> with this guess; otherwise the guess is
    /// counted only while fewer than <paramref name="limit"/> were. False (nothing counted) when the limit is reached
    /// or there is no record, so of racing guesses at most <paramref name="limit"/> per window are counted.
    /// </summary>
    Task<bool> TryCountAttemptAsync(Guid userId, string purpose, int limit, DateTimeOffset now, DateTimeOffset windowCutoff, CancellationToken cancellationToken);

    /// <summary>Gives back a guess counted by <see cref="TryCountAttemptAsync"/> that proved right.</summary>
    Task UncountAttemptAsync(Guid userId, string purpose, CancellationToken cancellationToken);
}
