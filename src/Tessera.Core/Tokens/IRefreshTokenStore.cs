// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Sessions;
using Tessera.Core.Users;

namespace Tessera.Core.Tokens;

public interface IRefreshTokenStore
{
    Task AddAsync(RefreshTokenRecord token, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="session"/>, a session a sign-in just started, and <paramref name="token"/>, its first refresh
    /// token, in one transaction: a sign-in writes both rows or neither.
    /// </summary>
    Task AddWithSessionAsync(RefreshTokenRecord token, UserSession session, CancellationToken cancellationToken);

    Task<RefreshTokenRecord?> FindByHashAsync(byte[] tokenHash, CancellationToken cancellationToken);

    /// <summary>
    /// The token with the session its <c>origin_jti</c> names and the user it names (with the user's groups in token
    /// order), as stored now, in one read: what every refresh judges. Null when no token has <paramref name="tokenHash"/>.
    /// </summary>
    Task<RefreshTokenContext?> FindWithContextByHashAsync(byte[] tokenHash, CancellationToken cancellationToken);

    Task RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Marks the token as rotated out at <paramref name="at"/>; false when it already was (another request rotated it first).</summary>
    Task<bool> TryMarkRotatedAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>A refresh token with the rows a refresh judges it by; <see cref="Session"/> and <see cref="User"/> are null when gone.</summary>
public sealed record RefreshTokenContext(RefreshTokenRecord Token, UserSession? Session, UserWithGroups? User);
