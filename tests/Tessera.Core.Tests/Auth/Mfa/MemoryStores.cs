// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Auth.Mfa;

/// <summary>Just enough of the stores for UserDirectory: users by id and username, versioned updates.</summary>
internal sealed class MemoryStores : IUserPoolStore, IUserStore
{
    private readonly Dictionary<string, UserPool> pools = [];
    private readonly Dictionary<Guid, User> users = [];

    public Task<UserPool?> FindAsync(string poolId, CancellationToken cancellationToken) => Task.FromResult(pools.GetValueOrDefault(poolId));

    public Task AddAsync(UserPool pool, CancellationToken cancellationToken)
    {
        pools[pool.Id] = pool;
        return Task.CompletedTask;
    }

    public Task UpdateAsync(UserPool pool, CancellationToken cancellationToken) => AddAsync(pool, cancellationToken);

    public Task<bool> DeleteAsync(string poolId, CancellationToken cancellationToken) => Task.FromResult(pools.Remove(poolId));

    public Task<IReadOnlyList<UserPool>> ListAsync(string? afterId, int limit, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<UserPool>>([.. pools.Values]);

    public Task<int> CountUsersAsync(string poolId, CancellationToken cancellationToken) => Task.FromResult(users.Count);

    public Task<User?> FindByNormalizedUsernameAsync(string poolId, string normalizedUsername, CancellationToken cancellationToken)
        => Task.FromResult(users.Values.FirstOrDefault(u => u.PoolId == poolId && u.NormalizedUsername == normalizedUsername));

    public Task<User?> FindByIdAsync(string poolId, Guid id, CancellationToken cancellationToken) => Task.FromResult(users.GetValueOrDefault(id));

    public Task<IReadOnlyList<User>> FindByAttributeAsync(string poolId, string attribute, string value, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<User>>([]);

    public Task AddAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        users[user.Id] = user;
        return Task.CompletedTask;
    }

    public Task<bool> TryUpdateAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.Version++;
        users[user.Id] = user;
        return Task.FromResult(true);
    }

    public Task<bool> TryUpdateSignInCountersAsync(
        string poolId, Guid id, long expectedVersion, int failedSignInCount, DateTimeOffset? lockedUntil, CancellationToken cancellationToken)
        => throw new NotSupportedException("These stores keep no sign-in counters.");

    public Task<bool> DeleteAsync(string poolId, Guid id, CancellationToken cancellationToken) => Task.FromResult(users.Remove(id));

    public Task<UserPage> ListAsync(UserQuery query, CancellationToken cancellationToken) => Task.FromResult(new UserPage([.. users.Values], null));
}
