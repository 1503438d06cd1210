// SPDX-License-Identifier: Apache-2.0
using Microsoft.IdentityModel.JsonWebTokens;
using Tessera.Core.Users;

namespace Tessera.Core.Sessions;

/// <summary>
/// The one place that decides whether a session is live, and that starts and ends sessions. Access, ID and refresh
/// tokens name their session by <c>origin_jti</c> and the hosted UI's cookie by its id; each is honoured exactly as
/// long as its session row is unrevoked. The row is read on every check (no cache), so a revocation written by one
/// node is refused by every node on the same database from the next request on.
/// </summary>
public sealed class SessionService(ISessionStore sessions, IUserStore users, TimeProvider time)
{
    /// <summary>Cognito's hosted-UI session lasts one hour (COGNITO-NOTES §1.8).</summary>
    public static readonly TimeSpan HostedUiLifetime = TimeSpan.FromHours(1);

    /// <summary>The session a Tessera-issued JWT names (<c>origin_jti</c>), or <see cref="Guid.Empty"/> when it names none.</summary>
    public static Guid IdOf(JsonWebToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.TryGetPayloadValue<string>("origin_jti", out var value) && Guid.TryParse(value, out var id) ? id : Guid.Empty;
    }

    /// <summary>Starts a session for <paramref name="user"/>; <paramref name="id"/> is the <c>origin_jti</c> when the caller already chose it.</summary>
    public async Task<UserSession> StartAsync(
        User user, string clientId, SessionKind kind, TimeSpan lifetime, Guid? id, CancellationToken cancellationToken, string? deviceKey = null)
    {
        var session = Begin(user, clientId, kind, lifetime, id, deviceKey);
        await sessions.AddAsync(session, cancellationToken).ConfigureAwait(false);
        return session;
    }

    /// <summary>
    /// A session as <see cref="StartAsync"/> starts it, not yet stored: the caller stores it with its first refresh token in
    /// one transaction (<see cref="Tokens.IRefreshTokenStore.AddWithSessionAsync"/>) before any token naming it is handed out.
    /// </summary>
    public UserSession Begin(User user, string clientId, SessionKind kind, TimeSpan lifetime, Guid? id = null, string? deviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = time.GetUtcNow();
        return new UserSession
        {
            Id = id ?? Guid.NewGuid(),
            PoolId = user.PoolId,
            UserId = user.Id,
            ClientId = clientId,
            Kind = kind,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
            DeviceKey = deviceKey,
        };
    }

    /// <summary>
    /// The rule: a token or cookie is honoured only while the session it names exists, belongs to the same user and
    /// has not been ended. A token without a session id (none is issued) is not honoured.
    /// </summary>
    public async Task<bool> IsLiveAsync(Guid sessionId, User user, CancellationToken cancellationToken)
        => await FindLiveAsync(sessionId, user, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>The session when <see cref="IsLiveAsync"/> would say it is live, else null.</summary>
    public async Task<UserSession?> FindLiveAsync(Guid sessionId, User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (sessionId == Guid.Empty)
        {
            return null;
        }

        return Live(await sessions.FindAsync(sessionId, cancellationToken).ConfigureAwait(false), sessionId, user);
    }

    /// <summary>
    /// <see cref="FindLiveAsync"/>'s rule applied to a session row the caller read itself, as stored now (the refresh path
    /// reads it with its refresh token in one query): null unless it is the session <paramref name="sessionId"/> names,
    /// unrevoked and <paramref name="user"/>'s.
    /// </summary>
    public static UserSession? Live(UserSession? session, Guid sessionId, User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return sessionId != Guid.Empty && session is { RevokedAt: null } && session.Id == sessionId && session.PoolId == user.PoolId && session.UserId == user.Id
            ? session
            : null;
    }

    /// <summary>The user a hosted-UI cookie still signs in: its session is live and the user enabled; otherwise null (show the sign-in page).</summary>
    public async Task<User?> ResumeHostedUiAsync(string poolId, Guid sessionId, Guid userId, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(poolId, userId, cancellationToken).ConfigureAwait(false);
        return user is { Enabled: true } && await IsLiveAsync(sessionId, user, cancellationToken).ConfigureAwait(false) ? user : null;
    }

    /// <summary>Ends one session (sign-out of one browser, RevokeToken, a replayed code); an unknown id is a no-op.</summary>
    public Task EndAsync(Guid sessionId, string reason, CancellationToken cancellationToken)
        => sessions.RevokeAsync(sessionId, time.GetUtcNow(), reason, cancellationToken);

    /// <summary>Global sign-out and disabling the user: every session, its tokens and its hosted-UI cookies.</summary>
    public Task EndAllAsync(User user, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return sessions.RevokeForUserAsync(user.PoolId, user.Id, kind: null, time.GetUtcNow(), reason, cancellationToken);
    }

    /// <summary>
    /// A password change or reset: the hosted-UI sessions end, so a copied cookie cannot outlive the old password
    /// (issue 13.5; stricter than Cognito). Tokens stay valid, as Cognito documents no revocation for these operations.
    /// </summary>
    public Task EndHostedUiAsync(User user, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return sessions.RevokeForUserAsync(user.PoolId, user.Id, SessionKind.HostedUi, time.GetUtcNow(), reason, cancellationToken);
    }
}
