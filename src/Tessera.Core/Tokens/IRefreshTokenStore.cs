// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Tokens;

public interface IRefreshTokenStore
{
    Task AddAsync(RefreshTokenRecord token, CancellationToken cancellationToken);

    Task<RefreshTokenRecord?> FindByHashAsync(byte[] tokenHash, CancellationToken cancellationToken);

    /// <summary>True when the session with this <c>origin_jti</c> was revoked (RevokeToken).</summary>
    Task<bool> IsSessionRevokedAsync(Guid originJti, CancellationToken cancellationToken);

    Task RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken);

    Task RevokeAllForUserAsync(string poolId, Guid userId, DateTimeOffset at, CancellationToken cancellationToken);
}
