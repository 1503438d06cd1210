// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Sessions;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Core.Lifecycle;

/// <summary>
/// GlobalSignOut, AdminUserGlobalSignOut and RevokeToken. They end sessions (<see cref="SessionService"/>), so every
/// node's <see cref="AccessTokenValidator"/> rejects the sessions' access tokens too; offline verifiers still accept
/// them until they expire, as with Cognito.
/// </summary>
public sealed class SessionRevocation(
    UserDirectory directory,
    RefreshTokenLookup refreshTokens,
    IAppClientStore clients,
    SecretHash secretHash,
    SessionService sessions)
{
    public async Task SignOutEverywhereAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        // Stricter than Cognito, which leaves the hosted-UI cookie: a copied cookie must not outlive a sign-out (issue 13.5).
        await sessions.EndAllAsync(user, SessionEndReason.GlobalSignOut, cancellationToken).ConfigureAwait(false);
    }

    public async Task AdminSignOutAsync(string poolId, string username, CancellationToken cancellationToken)
    {
        var pool = await directory.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        var user = await directory.GetAsync(pool, username, cancellationToken).ConfigureAwait(false);
        await SignOutEverywhereAsync(user, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Revokes a refresh token and, through its <c>origin_jti</c>, every access token issued with it.</summary>
    public async Task RevokeTokenAsync(string token, string clientId, string? clientSecret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var client = await clients.FindAsync(clientId, cancellationToken).ConfigureAwait(false)
            ?? throw CognitoErrors.Unauthorized("Invalid client id or secret.");
        if (client.HasSecret ? !secretHash.MatchesClientSecret(client, clientSecret) : !string.IsNullOrEmpty(clientSecret))
        {
            throw CognitoErrors.Unauthorized("Invalid client id or secret.");
        }

        switch (await RevokeRefreshTokenAsync(client, token, cancellationToken).ConfigureAwait(false))
        {
            case RevocationOutcome.RevocationDisabled:
                throw CognitoErrors.TokenRevocationDisabled();
            case RevocationOutcome.UnsupportedTokenType:
                throw CognitoErrors.UnsupportedTokenType();
            case RevocationOutcome.OtherClient:
                throw CognitoErrors.Unauthorized("The token was not issued to this client.");
        }
    }

    /// <summary>
    /// The rule behind RevokeToken and <c>/oauth2/revoke</c>, for a client already authenticated: only refresh tokens
    /// are revocable, only by the client they were issued to, and revoking one ends its session (every access and ID
    /// token of it too). Each edge maps the outcome to its protocol's error.
    /// </summary>
    public async Task<RevocationOutcome> RevokeRefreshTokenAsync(AppClient client, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(token);
        if (client.Settings.EnableTokenRevocation == false)
        {
            return RevocationOutcome.RevocationDisabled;
        }

        if (token.Count(c => c == '.') == 2 && token.StartsWith("eyJ", StringComparison.Ordinal))
        {
            // An access or ID token: Cognito revokes refresh tokens only.
            return RevocationOutcome.UnsupportedTokenType;
        }

        var record = await refreshTokens.FindAsync(client.PoolId, token, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            // RFC 7009 §2.2: an unknown or already invalid token is not an error.
            return RevocationOutcome.Unknown;
        }

        if (record.ClientId != client.ClientId)
        {
            return RevocationOutcome.OtherClient;
        }

        await sessions.EndAsync(record.OriginJti, SessionEndReason.RevokeToken, cancellationToken).ConfigureAwait(false);
        return RevocationOutcome.Revoked;
    }
}

/// <summary>What <see cref="SessionRevocation.RevokeRefreshTokenAsync"/> did; the first two are a success on the wire.</summary>
public enum RevocationOutcome
{
    Revoked,
    Unknown,
    RevocationDisabled,
    UnsupportedTokenType,
    OtherClient,
}
