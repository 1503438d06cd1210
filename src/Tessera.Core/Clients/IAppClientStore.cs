// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Clients;

public interface IAppClientStore
{
    Task<AppClient?> FindAsync(string clientId, CancellationToken cancellationToken);

    Task AddAsync(AppClient client, CancellationToken cancellationToken);

    Task UpdateAsync(AppClient client, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string clientId, CancellationToken cancellationToken);

    Task<IReadOnlyList<AppClient>> ListAsync(string poolId, string? afterId, int limit, CancellationToken cancellationToken);
}
