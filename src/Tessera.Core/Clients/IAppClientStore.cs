// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Clients;

public interface IAppClientStore
{
    Task<AppClient?> FindAsync(string clientId, CancellationToken cancellationToken);

    Task AddAsync(AppClient client, CancellationToken cancellationToken);

    Task UpdateAsync(AppClient client, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>Adds a secret to its client; the client's own row is left as it is.</summary>
    Task AddSecretAsync(ClientSecret secret, CancellationToken cancellationToken);

    Task<bool> DeleteSecretAsync(string clientId, string secretId, CancellationToken cancellationToken);

    Task<IReadOnlyList<AppClient>> ListAsync(string poolId, string? afterId, int limit, CancellationToken cancellationToken);
}
