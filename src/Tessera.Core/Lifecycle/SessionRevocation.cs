// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Security;
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
    IRefreshTokenStore refreshTokens,
    IAppClientStore clients,
    SecretHash secretHash,
    SecretProtector protector,
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

        if (client.Settings.EnableTokenRevocation == false)
        {
            throw CognitoErrors.TokenRevocationDisabled();
        }

        if (token.Count(c => c == '.') == 2 && token.StartsWith("eyJ", StringComparison.Ordinal))
        {
            // An access or ID token: only refresh tokens are revocable.
            throw CognitoErrors.UnsupportedTokenType();
        }

        var record = await refreshTokens.FindByHashAsync(protector.KeyedHash(token), cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            // RFC 7009 §2.2: an unknown or already revoked token is not an error.
            return;
        }

        if (record.ClientId != client.ClientId)
        {
            throw CognitoErrors.Unauthorized("The token was not issued to this client.");
        }

        await sessions.EndAsync(record.OriginJti, SessionEndReason.RevokeToken, cancellationToken).ConfigureAwait(false);
    }
}
