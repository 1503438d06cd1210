// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.ResourceServers;

public interface IResourceServerStore
{
    Task<ResourceServer?> FindAsync(string poolId, string identifier, CancellationToken cancellationToken);

    /// <summary>Resource servers ordered by identifier, starting after <paramref name="afterIdentifier"/>.</summary>
    Task<IReadOnlyList<ResourceServer>> ListAsync(string poolId, string? afterIdentifier, int limit, CancellationToken cancellationToken);

    /// <summary>Adds the resource server; false when the identifier is taken in the pool.</summary>
    Task<bool> TryAddAsync(ResourceServer server, CancellationToken cancellationToken);

    Task UpdateAsync(ResourceServer server, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string poolId, string identifier, CancellationToken cancellationToken);
}
