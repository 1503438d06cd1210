// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Lifecycle;

public interface IVerificationCodeStore
{
    Task<VerificationCode?> FindAsync(Guid userId, string purpose, CancellationToken cancellationToken);

    /// <summary>Adds the record or replaces the one with the same user and purpose.</summary>
    Task SaveAsync(VerificationCode code, CancellationToken cancellationToken);

    /// <summary>Marks the code used if its hash is still <paramref name="codeHash"/>; false when someone used it first.</summary>
    Task<bool> TryConsumeAsync(Guid userId, string purpose, byte[] codeHash, CancellationToken cancellationToken);

    /// <summary>Counts a wrong guess, starting a new window at <paramref name="now"/> when the current one began before <paramref name="windowCutoff"/>.</summary>
    Task RecordFailureAsync(Guid userId, string purpose, DateTimeOffset now, DateTimeOffset windowCutoff, CancellationToken cancellationToken);
}
