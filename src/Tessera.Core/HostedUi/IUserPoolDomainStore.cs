// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.HostedUi;

public interface IUserPoolDomainStore
{
    Task<UserPoolDomain?> FindAsync(string domain, CancellationToken cancellationToken);

    Task<IReadOnlyList<UserPoolDomain>> ListForPoolAsync(string poolId, CancellationToken cancellationToken);

    /// <summary>Adds the domain; false when the name is taken.</summary>
    Task<bool> TryAddAsync(UserPoolDomain domain, CancellationToken cancellationToken);

    Task UpdateAsync(UserPoolDomain domain, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string domain, CancellationToken cancellationToken);
}
