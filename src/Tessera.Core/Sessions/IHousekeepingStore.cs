// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Sessions;

/// <summary>
/// The deletes of <see cref="Housekeeping"/>. Each removes at most <c>batchSize</c> rows and returns how many it
/// removed; each is safe to run on several nodes at once (a row is deleted once, the other node deletes nothing).
/// </summary>
public interface IHousekeepingStore
{
    /// <summary>Refresh tokens that expired, were revoked, or whose session ended or is gone, before <paramref name="before"/>.</summary>
    Task<int> DeleteRefreshTokensAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken);

    /// <summary>Sessions revoked before <paramref name="revokedBefore"/>, or that expired before <paramref name="expiredBefore"/>.</summary>
    Task<int> DeleteSessionsAsync(DateTimeOffset revokedBefore, DateTimeOffset expiredBefore, int batchSize, CancellationToken cancellationToken);

    /// <summary>Authorization codes, used or not, that expired before <paramref name="before"/>.</summary>
    Task<int> DeleteAuthorizationCodesAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken);

    /// <summary>Development-inbox messages beyond the newest <paramref name="keepPerPool"/> of their pool.</summary>
    Task<int> TrimInboxAsync(int keepPerPool, int batchSize, CancellationToken cancellationToken);

    /// <summary>Auth events created before <paramref name="before"/>.</summary>
    Task<int> DeleteAuthEventsAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken);
}
