// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Sessions;

/// <summary>What a session was started by: a token sign-in (its tokens carry the id as <c>origin_jti</c>) or the hosted UI's cookie.</summary>
public enum SessionKind
{
    Tokens = 0,
    HostedUi = 1,
}

/// <summary>
/// One sign-in, kept on the server so it can be ended: every token it issued names it (<c>origin_jti</c>), and so
/// does the hosted UI's cookie. Revocation is a row, never a comparison of timestamps, so a sign-in right after a
/// sign-out starts a session that no earlier revocation touches.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; }
    public required string PoolId { get; set; }
    public Guid UserId { get; set; }
    public required string ClientId { get; set; }
    public SessionKind Kind { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When nothing issued by the session can still be used: its refresh token's or cookie's end.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>The device key the sign-in was made with or issued (device tracking), carried by its access tokens as <c>device_key</c>.</summary>
    public string? DeviceKey { get; set; }

    /// <summary>Why it ended (a <see cref="SessionEndReason"/> value), for the operator.</summary>
    public string? RevokedReason { get; set; }
}

/// <summary>The reasons a session ends, as stored in <see cref="UserSession.RevokedReason"/>.</summary>
public static class SessionEndReason
{
    public const string Logout = "Logout";
    public const string GlobalSignOut = "GlobalSignOut";
    public const string RevokeToken = "RevokeToken";
    public const string PasswordChange = "PasswordChange";
    public const string PasswordReset = "PasswordReset";
    public const string UserDisabled = "UserDisabled";
    public const string CodeReplay = "CodeReplay";
    public const string RefreshTokenReplay = "RefreshTokenReplay";
    public const string DeviceForgotten = "DeviceForgotten";
    public const string IdpLogout = "IdpLogout";
}
