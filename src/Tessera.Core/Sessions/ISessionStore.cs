// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Sessions;

public interface ISessionStore
{
    Task AddAsync(UserSession session, CancellationToken cancellationToken);

    /// <summary>The session as stored now: never cached, so a revocation on any node is seen at once.</summary>
    Task<UserSession?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Ends one session; false when it was unknown or already ended.</summary>
    Task<bool> RevokeAsync(Guid id, DateTimeOffset at, string reason, CancellationToken cancellationToken);

    /// <summary>Ends the user's live sessions of <paramref name="kind"/> (every kind when null); returns how many.</summary>
    Task<int> RevokeForUserAsync(string poolId, Guid userId, SessionKind? kind, DateTimeOffset at, string reason, CancellationToken cancellationToken);

    /// <summary>Ends the user's live sessions made with <paramref name="deviceKey"/>; returns how many.</summary>
    Task<int> RevokeForDeviceAsync(string poolId, Guid userId, string deviceKey, DateTimeOffset at, string reason, CancellationToken cancellationToken);
}
