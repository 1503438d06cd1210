// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.OAuth;

/// <summary>An authorization code as stored: its keyed hash and everything it is bound to (RFC 6749 §4.1.3, RFC 7636).</summary>
public sealed class AuthorizationCode
{
    public required byte[] CodeHash { get; set; }
    public required string PoolId { get; set; }
    public required string ClientId { get; set; }
    public Guid UserId { get; set; }
    public required string RedirectUri { get; set; }
    public string? CodeChallenge { get; set; }
    public string? CodeChallengeMethod { get; set; }
    public required string Scopes { get; set; }
    public string? Nonce { get; set; }
    public DateTimeOffset AuthTime { get; set; }

    /// <summary>The session the code's tokens will carry as <c>origin_jti</c>; a replay revokes it.</summary>
    public Guid OriginJti { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? ConsumedAt { get; set; }
}
