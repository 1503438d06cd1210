// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Federation;

public interface IIdentityProviderStore
{
    Task<IdentityProvider?> FindAsync(string poolId, string providerName, CancellationToken cancellationToken);

    /// <summary>Every provider of the pool, ordered by name (a pool has a few hundred at most).</summary>
    Task<IReadOnlyList<IdentityProvider>> ListAsync(string poolId, CancellationToken cancellationToken);

    /// <summary>Adds the provider; false when the name is taken in the pool.</summary>
    Task<bool> TryAddAsync(IdentityProvider provider, CancellationToken cancellationToken);

    Task UpdateAsync(IdentityProvider provider, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string poolId, string providerName, CancellationToken cancellationToken);

    Task<SamlSigningCertificate?> FindCertificateAsync(string poolId, CancellationToken cancellationToken);

    /// <summary>Stores the pool's first certificate; false when another request stored one first.</summary>
    Task<bool> TryAddCertificateAsync(SamlSigningCertificate certificate, CancellationToken cancellationToken);

    /// <summary>
    /// Records a used SAML assertion; false when it was recorded before (a replay), on whichever node. Forgets the pool's
    /// assertions that expired before <paramref name="now"/>.
    /// </summary>
    Task<bool> TryRecordAssertionAsync(SamlAssertionUse use, DateTimeOffset now, CancellationToken cancellationToken);

    Task<ProviderLink?> FindLinkAsync(string poolId, string providerName, string attributeName, string attributeValue, CancellationToken cancellationToken);

    /// <summary>Links of one user, for AdminDisableProviderForUser and the five-link limit.</summary>
    Task<IReadOnlyList<ProviderLink>> ListLinksAsync(string poolId, Guid userId, CancellationToken cancellationToken);

    /// <summary>Adds the link; false when that upstream identity is already linked in the pool.</summary>
    Task<bool> TryAddLinkAsync(ProviderLink link, CancellationToken cancellationToken);

    Task<bool> DeleteLinkAsync(string poolId, string providerName, string attributeName, string attributeValue, CancellationToken cancellationToken);
}
