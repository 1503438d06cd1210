// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Federation;

namespace Tessera.Storage.Stores;

internal sealed class IdentityProviderStore(TesseraDbContext db) : IIdentityProviderStore
{
    public Task<IdentityProvider?> FindAsync(string poolId, string providerName, CancellationToken cancellationToken)
        => db.IdentityProviders.AsNoTracking().FirstOrDefaultAsync(p => p.PoolId == poolId && p.ProviderName == providerName, cancellationToken);

    public async Task<IReadOnlyList<IdentityProvider>> ListAsync(string poolId, CancellationToken cancellationToken)
    {
        var list = await db.IdentityProviders.AsNoTracking().Where(p => p.PoolId == poolId).ToListAsync(cancellationToken).ConfigureAwait(false);
        // Ordinal order in memory: the providers' collations differ.
        return list.OrderBy(p => p.ProviderName, StringComparer.Ordinal).ToList();
    }

    public Task<bool> TryAddAsync(IdentityProvider provider, CancellationToken cancellationToken)
        => db.TryInsertAsync(provider, p => p.PoolId == provider.PoolId && p.ProviderName == provider.ProviderName, cancellationToken);

    public Task UpdateAsync(IdentityProvider provider, CancellationToken cancellationToken) => db.ReplaceAsync(provider, cancellationToken);

    public async Task<bool> DeleteAsync(string poolId, string providerName, CancellationToken cancellationToken)
        => await db.IdentityProviders.Where(p => p.PoolId == poolId && p.ProviderName == providerName).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;

    public Task<SamlSigningCertificate?> FindCertificateAsync(string poolId, CancellationToken cancellationToken)
        => db.SamlSigningCertificates.AsNoTracking().FirstOrDefaultAsync(c => c.PoolId == poolId, cancellationToken);

    public Task<bool> TryAddCertificateAsync(SamlSigningCertificate certificate, CancellationToken cancellationToken)
        => db.TryInsertAsync(certificate, c => c.PoolId == certificate.PoolId, cancellationToken);

    public async Task<bool> TryRecordAssertionAsync(SamlAssertionUse use, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Assertions past their validity can no longer be replayed: they go as new ones come.
        await db.SamlAssertionUses.Where(u => u.PoolId == use.PoolId && u.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        return await db.TryInsertAsync(use, u => u.PoolId == use.PoolId && u.AssertionHash == use.AssertionHash, cancellationToken).ConfigureAwait(false);
    }

    public Task<ProviderLink?> FindLinkAsync(string poolId, string providerName, string attributeName, string attributeValue, CancellationToken cancellationToken)
        => db.ProviderLinks.AsNoTracking().FirstOrDefaultAsync(
            l => l.PoolId == poolId && l.ProviderName == providerName && l.AttributeName == attributeName && l.AttributeValue == attributeValue, cancellationToken);

    public async Task<IReadOnlyList<ProviderLink>> ListLinksAsync(string poolId, Guid userId, CancellationToken cancellationToken)
        => await db.ProviderLinks.AsNoTracking().Where(l => l.PoolId == poolId && l.UserId == userId).ToListAsync(cancellationToken).ConfigureAwait(false);

    public Task<bool> TryAddLinkAsync(ProviderLink link, CancellationToken cancellationToken)
        => db.TryInsertAsync(link, l => l.PoolId == link.PoolId && l.ProviderName == link.ProviderName && l.AttributeName == link.AttributeName && l.AttributeValue == link.AttributeValue, cancellationToken);

    public async Task<bool> DeleteLinkAsync(string poolId, string providerName, string attributeName, string attributeValue, CancellationToken cancellationToken)
        => await db.ProviderLinks.Where(l => l.PoolId == poolId && l.ProviderName == providerName && l.AttributeName == attributeName && l.AttributeValue == attributeValue)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
}
