// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Tokens;

public interface IRefreshTokenStore
{
    Task AddAsync(RefreshTokenRecord token, CancellationToken cancellationToken);

    Task<RefreshTokenRecord?> FindByHashAsync(byte[] tokenHash, CancellationToken cancellationToken);

    Task RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Marks the token as rotated out at <paramref name="at"/>; false when it already was (another request rotated it first).</summary>
    Task<bool> TryMarkRotatedAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken);
}
