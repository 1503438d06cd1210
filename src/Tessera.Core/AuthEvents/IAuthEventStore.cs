// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.AuthEvents;

public interface IAuthEventStore
{
    Task AddAsync(AuthEvent authEvent, CancellationToken cancellationToken);

    Task<AuthEvent?> FindAsync(string poolId, Guid userId, string eventId, CancellationToken cancellationToken);

    /// <summary>The user's newest SignIn event at <paramref name="clientId"/> still InProgress, created at or after <paramref name="since"/>.</summary>
    Task<AuthEvent?> FindOpenSignInAsync(string poolId, Guid userId, string? clientId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Writes the event's mutable fields (response, challenges, feedback); false when it is gone.</summary>
    Task<bool> UpdateAsync(AuthEvent authEvent, CancellationToken cancellationToken);

    /// <summary>
    /// The user's events, newest first (by creation time, then event id, both descending), starting after the event
    /// at (<paramref name="afterCreatedAt"/>, <paramref name="afterEventId"/>) when given, at most <paramref name="take"/>.
    /// </summary>
    Task<IReadOnlyList<AuthEvent>> ListAsync(
        string poolId, Guid userId, DateTimeOffset? afterCreatedAt, string? afterEventId, int take, CancellationToken cancellationToken);

    /// <summary>Deletes the user's events beyond the newest <paramref name="keep"/>; returns how many.</summary>
    Task<int> TrimAsync(string poolId, Guid userId, int keep, CancellationToken cancellationToken);
}
