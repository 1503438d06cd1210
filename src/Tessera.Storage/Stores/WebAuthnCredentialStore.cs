// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Auth.Passkeys;

namespace Tessera.Storage.Stores;

internal sealed class WebAuthnCredentialStore(TesseraDbContext db) : IWebAuthnCredentialStore
{
    public Task<WebAuthnCredential?> FindAsync(string poolId, string credentialId, CancellationToken cancellationToken)
        => db.WebAuthnCredentials.AsNoTracking().FirstOrDefaultAsync(c => c.PoolId == poolId && c.CredentialId == credentialId, cancellationToken);

    public async Task<IReadOnlyList<WebAuthnCredential>> ListAsync(string poolId, Guid userId, CancellationToken cancellationToken)
    {
        var list = await db.WebAuthnCredentials.AsNoTracking().Where(c => c.PoolId == poolId && c.UserId == userId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. list.OrderBy(c => c.CreatedAt).ThenBy(c => c.CredentialId, StringComparer.Ordinal)];
    }

    public Task<int> CountAsync(string poolId, Guid userId, CancellationToken cancellationToken)
        => db.WebAuthnCredentials.CountAsync(c => c.PoolId == poolId && c.UserId == userId, cancellationToken);

    public Task<bool> TryAddAsync(WebAuthnCredential credential, CancellationToken cancellationToken)
        => db.TryInsertAsync(credential, c => c.PoolId == credential.PoolId && c.CredentialId == credential.CredentialId, cancellationToken);

    public async Task<bool> TryRecordUseAsync(string poolId, string credentialId, long expectedSignCount, long signCount, DateTimeOffset usedAt, CancellationToken cancellationToken)
        => await db.WebAuthnCredentials.Where(c => c.PoolId == poolId && c.CredentialId == credentialId && c.SignCount == expectedSignCount)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SignCount, signCount).SetProperty(c => c.LastUsedAt, usedAt), cancellationToken).ConfigureAwait(false) == 1;

    public async Task<bool> DeleteAsync(string poolId, Guid userId, string credentialId, CancellationToken cancellationToken)
        => await db.WebAuthnCredentials.Where(c => c.PoolId == poolId && c.UserId == userId && c.CredentialId == credentialId)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
}
