// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;
using Tessera.Core.Clients;
using Tessera.Core.Diagnostics;
using Tessera.Core.OAuth;
using Tessera.Core.Sessions;
using Tessera.Core.Triggers;
using Tessera.Core.Users;

namespace Tessera.Core.Tokens;

/// <summary>The protocol a refresh arrives by; the rules differ only where AWS documents a difference.</summary>
public enum RefreshEdge
{
    /// <summary>InitiateAuth / AdminInitiateAuth with REFRESH_TOKEN_AUTH: refused on a rotating client, never rotates.</summary>
    RefreshTokenAuth,

    /// <summary>GetTokensFromRefreshToken.</summary>
    GetTokensFromRefreshToken,

    /// <summary>The <c>refresh_token</c> grant of <c>/oauth2/token</c>; the client authenticated itself there already.</summary>
    TokenEndpoint,
}

/// <summary>How the caller proves it is the app client.</summary>
public abstract record ClientProof
{
    private ClientProof()
    {
    }

    /// <summary>REFRESH_TOKEN_AUTH: a SECRET_HASH over the user's name (the USERNAME given, or the user's username or sub).</summary>
    public sealed record SecretHash(string? Hash, string? Username) : ClientProof;

    /// <summary>GetTokensFromRefreshToken: the client secret itself.</summary>
    public sealed record Secret(string? Value) : ClientProof;

    /// <summary>The edge authenticated the client before (<c>/oauth2/token</c>).</summary>
    public sealed record Authenticated : ClientProof;
}

public sealed record RefreshRequest(
    AppClient Client,
    string RefreshToken,
    RefreshEdge Edge,
    ClientProof Proof,
    IReadOnlyDictionary<string, string>? ClientMetadata = null,
    string? DeviceKey = null);

/// <summary>Why a refresh was refused; each edge maps it to its protocol's error.</summary>
public enum RefreshFailure
{
    InvalidToken,
    Revoked,
    Expired,
    UserDisabled,

    /// <summary>A token rotated out more than the grace period ago was presented again: its whole session was ended.</summary>
    Reused,

    /// <summary>REFRESH_TOKEN_AUTH on a client with rotation: AWS refreshes those only with GetTokensFromRefreshToken.</summary>
    RotationRequiresGetTokens,
    SecretNotReceived,
    SecretMismatch,
}

/// <summary>Tokens, or why there are none. <see cref="Tokens"/> carries a refresh token only when it rotated.</summary>
public sealed record RefreshOutcome(IssuedTokens? Tokens, RefreshFailure? Failure, string? Scopes)
{
    /// <summary>API sessions (no OAuth scopes) always get an ID token; OAuth ones only with <c>openid</c>.</summary>
    public bool IncludesIdToken => Scopes is null || OAuthScopes.Contains(Scopes, OAuthScopes.OpenId);

    public static RefreshOutcome Refused(RefreshFailure failure) => new(null, failure, null);
}

/// <summary>
/// The one place that decides whether a refresh token may be exchanged for new tokens, on every edge: lookup,
/// client binding and proof, revocation, rotation with its grace period and replay detection, expiry, user state,
/// session liveness, then PreTokenGeneration (TokenGeneration_RefreshTokens) and issuing.
/// </summary>
/// <remarks>
/// Rotation follows AWS: a rotated refresh token keeps the expiry of the token it replaced (the session's absolute
/// lifetime); the replaced token is honoured for RetryGracePeriodSeconds; presented later it is a replay, and its
/// session, the token family, ends (RFC 9700 §4.14.2) with RefreshTokenReuseException.
/// </remarks>
public sealed class RefreshTokenService(
    IRefreshTokenStore refreshTokens,
    RefreshTokenLookup lookup,
    UserDirectory directory,
    SecretHash secretHash,
    TokenIssuer issuer,
    OAuthLookupCache cache,
    SessionService sessions,
    Devices.IDeviceStore devices,
    TimeProvider time)
{
    public async Task<RefreshOutcome> RefreshAsync(RefreshRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outcome = await RefreshCoreAsync(request, cancellationToken).ConfigureAwait(false);
        TesseraMetrics.Refresh(outcome.Failure is { } failure ? failure.ToString() : "ok");
        return outcome;
    }

    private async Task<RefreshOutcome> RefreshCoreAsync(RefreshRequest request, CancellationToken cancellationToken)
    {
        var client = request.Client;
        // A secret presented as such needs no user: check it before the token is looked at, so the endpoint is no
        // oracle for refresh tokens to a caller without the secret.
        if (request.Proof is ClientProof.Secret secret && SecretFailure(client, secret.Value) is { } secretFailure)
        {
            return RefreshOutcome.Refused(secretFailure);
        }

        // One read: the token, the session it names and its user with the user's groups, as stored now.
        var context = await lookup.FindWithContextAsync(client.PoolId, request.RefreshToken, cancellationToken).ConfigureAwait(false);
        var record = context?.Token;
        if (record is null || record.ClientId != client.ClientId || record.PoolId != client.PoolId)
        {
            return RefreshOutcome.Refused(RefreshFailure.InvalidToken);
        }

        var pool = await directory.GetSharedPoolAsync(client.PoolId, cache, cancellationToken).ConfigureAwait(false);
        var found = context!.User is { User.PoolId: var userPool } user && userPool == pool.Id ? user : null;
        if (request.Proof is ClientProof.SecretHash hash && client.HasSecret)
        {
            if (string.IsNullOrEmpty(hash.Hash))
            {
                return RefreshOutcome.Refused(RefreshFailure.SecretNotReceived);
            }

            if (!secretHash.Matches(client, hash.Hash, hash.Username, found?.User.Username, found?.User.Sub))
            {
                return RefreshOutcome.Refused(RefreshFailure.SecretMismatch);
            }
        }

        var rotates = client.Settings.RotatesRefreshTokens;
        if (request.Edge == RefreshEdge.RefreshTokenAuth && rotates)
        {
            return RefreshOutcome.Refused(RefreshFailure.RotationRequiresGetTokens);
        }

        if (record.RevokedAt is not null)
        {
            return RefreshOutcome.Refused(RefreshFailure.Revoked);
        }

        var now = time.GetUtcNow();
        if (record.RotatedAt is { } rotatedAt && await IsReplayAsync(record, rotatedAt, client, now, cancellationToken).ConfigureAwait(false))
        {
            return RefreshOutcome.Refused(RefreshFailure.Reused);
        }

        if (record.ExpiresAt <= now)
        {
            return RefreshOutcome.Refused(RefreshFailure.Expired);
        }

        if (found is null)
        {
            return RefreshOutcome.Refused(RefreshFailure.InvalidToken);
        }

        if (!found.User.Enabled)
        {
            return RefreshOutcome.Refused(RefreshFailure.UserDisabled);
        }

        var live = SessionService.Live(context.Session, record.OriginJti, found.User);
        if (live is null)
        {
            return RefreshOutcome.Refused(RefreshFailure.Revoked);
        }

        if (!await DeviceMatchesAsync(live, request.DeviceKey, cancellationToken).ConfigureAwait(false))
        {
            return RefreshOutcome.Refused(RefreshFailure.InvalidToken);
        }

        // Rotation on GetTokensFromRefreshToken and /oauth2/token. Only one concurrent request marks the token; a loser
        // is a retry and is judged by the grace period like any later one.
        var rotate = rotates && request.Edge != RefreshEdge.RefreshTokenAuth;
        if (rotate && record.RotatedAt is null && !await refreshTokens.TryMarkRotatedAsync(record.Id, now, cancellationToken).ConfigureAwait(false)
            && await IsReplayAsync(record, now, client, now, cancellationToken).ConfigureAwait(false))
        {
            return RefreshOutcome.Refused(RefreshFailure.Reused);
        }

        var session = new TokenSession(record.OriginJti, record.AuthTime, record.Scopes, RefreshTokenExpiresAt: record.ExpiresAt, DeviceKey: live.DeviceKey);
        var tokens = await issuer.IssueAsync(
            found.User, client, session, withRefreshToken: rotate,
            new TokenGeneration(pool, TokenGeneration.RefreshTokens, request.ClientMetadata), found.Groups, cancellationToken).ConfigureAwait(false);
        return new RefreshOutcome(tokens, null, record.Scopes);
    }

    /// <summary>
    /// A session signed in with a device refreshes only on that device: another DEVICE_KEY is refused, and once the
    /// device is confirmed its key must be given (GetTokensFromRefreshToken: "You must provide the confirmed device key
    /// in this request if device remembering is enabled"). A session without a device ignores the key.
    /// </summary>
    private async Task<bool> DeviceMatchesAsync(UserSession session, string? presented, CancellationToken cancellationToken)
    {
        if (session.DeviceKey is not { } bound)
        {
            return true;
        }

        if (!string.IsNullOrEmpty(presented))
        {
            return string.Equals(presented, bound, StringComparison.Ordinal);
        }

        return await devices.FindAsync(session.PoolId, bound, cancellationToken).ConfigureAwait(false) is null;
    }

    private RefreshFailure? SecretFailure(AppClient client, string? presented)
    {
        if (!client.HasSecret)
        {
            return string.IsNullOrEmpty(presented) ? null : RefreshFailure.SecretMismatch;
        }

        if (string.IsNullOrEmpty(presented))
        {
            return RefreshFailure.SecretNotReceived;
        }

        return secretHash.MatchesClientSecret(client, presented) ? null : RefreshFailure.SecretMismatch;
    }

    /// <summary>A rotated-out token past its grace period: the replay ends the token's session, every token of the family.</summary>
    private async Task<bool> IsReplayAsync(RefreshTokenRecord record, DateTimeOffset rotatedAt, AppClient client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var grace = client.Settings.RefreshTokenRetryGracePeriod;
        if (grace > TimeSpan.Zero && now <= rotatedAt + grace)
        {
            return false;
        }

        await sessions.EndAsync(record.OriginJti, SessionEndReason.RefreshTokenReplay, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
