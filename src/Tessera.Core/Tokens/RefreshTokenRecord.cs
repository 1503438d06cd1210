// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Tokens;

/// <summary>A refresh token as stored: only its keyed hash, with the session it belongs to.</summary>
public sealed class RefreshTokenRecord
{
    public Guid Id { get; set; }
    public required byte[] TokenHash { get; set; }
    public required string PoolId { get; set; }
    public required string ClientId { get; set; }
    public Guid UserId { get; set; }

    /// <summary>The session id carried by every token issued from it as <c>origin_jti</c>.</summary>
    public Guid OriginJti { get; set; }

    public DateTimeOffset AuthTime { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>
    /// When refresh-token rotation replaced this token with a new one. It is still honoured for the client's
    /// RetryGracePeriodSeconds after that, then presenting it is a replay that ends its session (the token family).
    /// </summary>
    public DateTimeOffset? RotatedAt { get; set; }

    /// <summary>The OAuth scopes granted to the session (space-separated), reused on refresh.</summary>
    public string? Scopes { get; set; }
}
