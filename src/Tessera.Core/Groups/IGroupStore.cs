// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Groups;

public interface IGroupStore
{
    Task<Group?> FindAsync(string poolId, string groupName, CancellationToken cancellationToken);

    /// <summary>Adds a group; false when one with the same name exists.</summary>
    Task<bool> TryAddAsync(Group group, CancellationToken cancellationToken);

    Task UpdateAsync(Group group, CancellationToken cancellationToken);

    /// <summary>Deletes the group and its memberships.</summary>
    Task<bool> DeleteAsync(string poolId, string groupName, CancellationToken cancellationToken);

    Task<IReadOnlyList<Group>> ListAsync(string poolId, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>The user's groups ordered by precedence (lowest first), then name.</summary>
    Task<IReadOnlyList<Group>> ListForUserAsync(string poolId, Guid userId, CancellationToken cancellationToken);

    Task AddMemberAsync(string poolId, string groupName, Guid userId, CancellationToken cancellationToken);

    Task RemoveMemberAsync(string poolId, string groupName, Guid userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Guid>> ListMemberIdsAsync(string poolId, string groupName, CancellationToken cancellationToken);
}
