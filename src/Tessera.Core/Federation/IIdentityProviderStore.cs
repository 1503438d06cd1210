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
}
