// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Pools;

public interface IUserPoolStore
{
    Task<UserPool?> FindAsync(string poolId, CancellationToken cancellationToken);

    Task AddAsync(UserPool pool, CancellationToken cancellationToken);

    Task UpdateAsync(UserPool pool, CancellationToken cancellationToken);

    /// <summary>Deletes the pool and everything in it (clients, users, groups, tokens, keys).</summary>
    Task<bool> DeleteAsync(string poolId, CancellationToken cancellationToken);

    /// <summary>Pools ordered by id, starting after <paramref name="afterId"/>.</summary>
    Task<IReadOnlyList<UserPool>> ListAsync(string? afterId, int limit, CancellationToken cancellationToken);

    Task<int> CountUsersAsync(string poolId, CancellationToken cancellationToken);
}
