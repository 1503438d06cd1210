// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Tokens;

public interface IRefreshTokenStore
{
    Task AddAsync(RefreshTokenRecord token, CancellationToken cancellationToken);

    Task<RefreshTokenRecord?> FindByHashAsync(byte[] tokenHash, CancellationToken cancellationToken);

    Task RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken);
}
