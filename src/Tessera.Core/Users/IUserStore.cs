// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Groups;

namespace Tessera.Core.Users;

public interface IUserStore
{
    Task<User?> FindByNormalizedUsernameAsync(string poolId, string normalizedUsername, CancellationToken cancellationToken);

    Task<User?> FindByIdAsync(string poolId, Guid id, CancellationToken cancellationToken);

    /// <summary>Users whose searchable copy of <paramref name="attribute"/> equals <paramref name="value"/>.</summary>
    Task<IReadOnlyList<User>> FindByAttributeAsync(string poolId, string attribute, string value, CancellationToken cancellationToken);

    /// <summary>Adds a user; throws <see cref="Errors.CognitoException"/> UsernameExists on a duplicate username.</summary>
    Task AddAsync(User user, CancellationToken cancellationToken);

    /// <summary>Saves a user if its version is still <c>user.Version</c>, and increments it; false when someone else saved first.</summary>
    Task<bool> TryUpdateAsync(User user, CancellationToken cancellationToken);

    /// <summary>
    /// Sets only the sign-in counters (FailedSignInCount, LockedUntil) if the user's version is still
    /// <paramref name="expectedVersion"/>, and increments it; false when someone else saved first. One conditional
    /// statement, so of several racing writers with the same expected version exactly one succeeds.
    /// </summary>
    Task<bool> TryUpdateSignInCountersAsync(
        string poolId, Guid id, long expectedVersion, int failedSignInCount, DateTimeOffset? lockedUntil, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string poolId, Guid id, CancellationToken cancellationToken);

    Task<UserPage> ListAsync(UserQuery query, CancellationToken cancellationToken);
}

public sealed record UserWithGroups(User User, IReadOnlyList<Group> Groups);

public sealed record UserQuery(string PoolId, UserFilter? Filter, int Limit, string? After, IReadOnlyCollection<Guid>? Only = null);

public sealed record UserPage(IReadOnlyList<User> Users, string? Next);
