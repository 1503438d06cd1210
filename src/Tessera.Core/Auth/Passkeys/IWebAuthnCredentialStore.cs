// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Auth.Passkeys;

public interface IWebAuthnCredentialStore
{
    Task<WebAuthnCredential?> FindAsync(string poolId, string credentialId, CancellationToken cancellationToken);

    /// <summary>The user's passkeys, oldest first (a user has a few at most).</summary>
    Task<IReadOnlyList<WebAuthnCredential>> ListAsync(string poolId, Guid userId, CancellationToken cancellationToken);

    Task<int> CountAsync(string poolId, Guid userId, CancellationToken cancellationToken);

    /// <summary>Adds the credential; false when its id is registered in the pool already.</summary>
    Task<bool> TryAddAsync(WebAuthnCredential credential, CancellationToken cancellationToken);

    /// <summary>
    /// Records a sign-in: the counter moves from <paramref name="expectedSignCount"/> to <paramref name="signCount"/> in one
    /// conditional statement, so of two racing assertions with the same counter only one is accepted. False when the
    /// counter was no longer the expected one (or the credential is gone).
    /// </summary>
    Task<bool> TryRecordUseAsync(string poolId, string credentialId, long expectedSignCount, long signCount, DateTimeOffset usedAt, CancellationToken cancellationToken);

    /// <summary>Deletes one of the user's credentials; false when the user has none with that id.</summary>
    Task<bool> DeleteAsync(string poolId, Guid userId, string credentialId, CancellationToken cancellationToken);
}
