// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;
using Tessera.Core.Clients;
using Tessera.Core.Lifecycle;
using Tessera.Core.ResourceServers;
using Tessera.Core.Security;
using Tessera.Core.Sessions;
using Tessera.Core.Tokens;
using Tessera.Core.Triggers;
using Tessera.Core.Users;

namespace Tessera.Core.OAuth;

/// <summary>How a client presented itself at the token or revocation endpoint (RFC 6749 §2.3.1).</summary>
public sealed record ClientAuthentication(string? ClientId, string? ClientSecret, bool ViaBasic);

/// <summary>A successful token response (RFC 6749 §5.1).</summary>
public sealed record OAuthTokens(string AccessToken, string? IdToken, string? RefreshToken, int ExpiresIn);

/// <summary>What the authorization endpoint binds a code to.</summary>
public sealed record CodeGrant(
    AppClient Client,
    Guid UserId,
    string RedirectUri,
    string Scopes,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    string? Nonce,
    DateTimeOffset AuthTime);

/// <summary>
/// The grants of <c>/oauth2/token</c> and the revocation of <c>/oauth2/revoke</c>, following RFC 6749, RFC 7636,
/// RFC 7009 and RFC 9700: codes are single-use, short-lived and bound to client, redirect_uri and PKCE.
/// </summary>
public sealed class OAuthTokenService(
    IAppClientStore clients,
    SecretHash secrets,
    IAuthorizationCodeStore codes,
    RefreshTokenService refresh,
    ResourceServerService resourceServers,
    UserDirectory directory,
    TokenIssuer issuer,
    SecretProtector protector,
    OAuthLookupCache cache,
    SessionService sessions,
    SessionRevocation revocation,
    TimeProvider time)
{
    /// <summary>RFC 9700 §4.2.1 / AWS: an authorization code lives five minutes.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Authenticates the client of <paramref name="poolId"/> by its secret (a keyed hash, never a slow hash).</summary>
    public async Task<AppClient> AuthenticateClientAsync(string poolId, ClientAuthentication presented, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presented);
        if (string.IsNullOrEmpty(presented.ClientId))
        {
            throw presented.ViaBasic ? OAuthErrors.InvalidClient(true) : OAuthErrors.InvalidRequest("client_id is required");
        }

        var client = await cache.ClientAsync(presented.ClientId, ct => clients.FindAsync(presented.ClientId, ct), cancellationToken).ConfigureAwait(false);
        if (client is null || client.PoolId != poolId)
        {
            throw OAuthErrors.InvalidClient(presented.ViaBasic);
        }

        var ok = client.HasSecret ? secrets.MatchesClientSecret(client, presented.ClientSecret) : string.IsNullOrEmpty(presented.ClientSecret);
        return ok ? client : throw OAuthErrors.InvalidClient(presented.ViaBasic);
    }

    public async Task<string> IssueCodeAsync(CodeGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var code = RandomIds.OpaqueToken(32);
        var now = time.GetUtcNow();
        await codes.AddAsync(new AuthorizationCode
        {
            CodeHash = protector.KeyedHash(code),
            PoolId = grant.Client.PoolId,
            ClientId = grant.Client.ClientId,
            UserId = grant.UserId,
            RedirectUri = grant.RedirectUri,
            CodeChallenge = grant.CodeChallenge,
            CodeChallengeMethod = grant.CodeChallengeMethod,
            Scopes = grant.Scopes,
            Nonce = grant.Nonce,
            AuthTime = grant.AuthTime,
            OriginJti = Guid.NewGuid(),
            CreatedAt = now,
            ExpiresAt = now + CodeLifetime,
        }, cancellationToken).ConfigureAwait(false);
        return code;
    }

    public async Task<OAuthTokens> RedeemCodeAsync(AppClient client, string? code, string? redirectUri, string? codeVerifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!client.Settings.AllowsOAuthFlow("code"))
        {
            throw OAuthErrors.UnauthorizedClient();
        }

        if (string.IsNullOrEmpty(code))
        {
            throw OAuthErrors.InvalidRequest("code is required");
        }

        if (string.IsNullOrEmpty(redirectUri))
        {
            throw OAuthErrors.InvalidRequest("redirect_uri is required");
        }

        var hash = protector.KeyedHash(code);
        var record = await codes.FindAsync(hash, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        // A code presented by another client is not that client's to burn: refuse without consuming it.
        if (record is null || record.ClientId != client.ClientId || record.ExpiresAt <= now)
        {
            throw OAuthErrors.InvalidGrant();
        }

        if (record.ConsumedAt is not null)
        {
            await ReplayedAsync(record, cancellationToken).ConfigureAwait(false);
        }

        // RFC 6749 §4.1.3: redirect_uri identical to the one of the authorization request.
        if (!string.Equals(record.RedirectUri, redirectUri, StringComparison.Ordinal))
        {
            throw OAuthErrors.InvalidGrant();
        }

        // RFC 7636 §4.6; and RFC 9700 §2.1.1: a verifier without a challenge is refused too.
        var pkceOk = record.CodeChallenge is null
            ? codeVerifier is null
            : Pkce.Verify(record.CodeChallenge, record.CodeChallengeMethod, codeVerifier);
        if (!pkceOk)
        {
            throw OAuthErrors.InvalidGrant();
        }

        if (!await codes.TryConsumeAsync(hash, now, cancellationToken).ConfigureAwait(false))
        {
            await ReplayedAsync(record, cancellationToken).ConfigureAwait(false);
        }

        var pool = await directory.GetSharedPoolAsync(client.PoolId, cache, cancellationToken).ConfigureAwait(false);
        var user = await directory.FindByIdAsync(pool, record.UserId, cancellationToken).ConfigureAwait(false);
        if (user is null || !user.Enabled)
        {
            throw OAuthErrors.InvalidGrant();
        }

        // The session row is stored with the refresh token, in one transaction.
        var begun = sessions.Begin(user, client.ClientId, SessionKind.Tokens, client.Settings.RefreshTokenLifetime, record.OriginJti);
        var session = new TokenSession(record.OriginJti, record.AuthTime, record.Scopes, record.Nonce, AccessTokenHashSource: "code", Begun: begun);
        var tokens = await issuer.IssueAsync(user, client, session, withRefreshToken: true, new TokenGeneration(pool, TokenGeneration.HostedAuth), knownGroups: null, cancellationToken).ConfigureAwait(false);
        var withId = OAuthScopes.Contains(record.Scopes, OAuthScopes.OpenId);
        return new OAuthTokens(tokens.AccessToken, withId ? tokens.IdToken : null, tokens.RefreshToken, tokens.ExpiresIn);
    }

    /// <summary>The refresh_token grant: <see cref="RefreshTokenService"/> decides; every refusal is invalid_grant (RFC 6749 §5.2).</summary>
    public async Task<OAuthTokens> RefreshAsync(AppClient client, string? refreshToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrEmpty(refreshToken))
        {
            throw OAuthErrors.InvalidRequest("refresh_token is required");
        }

        var outcome = await refresh.RefreshAsync(
            new RefreshRequest(client, refreshToken, RefreshEdge.TokenEndpoint, new ClientProof.Authenticated()), cancellationToken).ConfigureAwait(false);
        if (outcome.Tokens is not { } tokens)
        {
            throw OAuthErrors.InvalidGrant();
        }

        return new OAuthTokens(tokens.AccessToken, outcome.IncludesIdToken ? tokens.IdToken : null, tokens.RefreshToken, tokens.ExpiresIn);
    }

    public async Task<OAuthTokens> ClientCredentialsAsync(AppClient client, string? scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!client.HasSecret || !client.Settings.AllowsOAuthFlow("client_credentials"))
        {
            throw OAuthErrors.UnauthorizedClient();
        }

        var defined = await resourceServers.CustomScopesAsync(client.PoolId, cancellationToken).ConfigureAwait(false);
        var allowed = (client.Settings.AllowedOAuthScopes ?? []).Where(defined.Contains).ToArray();
        var requested = OAuthScopes.Split(scope).Distinct(StringComparer.Ordinal).ToArray();
        var granted = requested.Length == 0 ? allowed : requested;
        if (granted.Length == 0 || granted.Any(s => !allowed.Contains(s, StringComparer.Ordinal)))
        {
            throw OAuthErrors.InvalidScope();
        }

        var (token, expiresIn) = await issuer.IssueClientAccessTokenAsync(client, string.Join(' ', granted), cancellationToken).ConfigureAwait(false);
        return new OAuthTokens(token, null, null, expiresIn);
    }

    /// <summary>RFC 7009: revokes a refresh token and its session (<see cref="SessionRevocation.RevokeRefreshTokenAsync"/>).</summary>
    public async Task RevokeAsync(AppClient client, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrEmpty(token))
        {
            throw OAuthErrors.InvalidRequest("token is required");
        }

        switch (await revocation.RevokeRefreshTokenAsync(client, token, cancellationToken).ConfigureAwait(false))
        {
            case RevocationOutcome.RevocationDisabled:
                throw OAuthErrors.InvalidRequest("Token revocation is not enabled for this client");
            case RevocationOutcome.UnsupportedTokenType:
                throw OAuthErrors.UnsupportedTokenType();
            case RevocationOutcome.OtherClient:
                throw OAuthErrors.UnauthorizedClient();
        }
    }

    private async Task ReplayedAsync(AuthorizationCode record, CancellationToken cancellationToken)
    {
        // RFC 6749 §4.1.2 / RFC 9700 §4.5: a second use revokes what the first one issued.
        await sessions.EndAsync(record.OriginJti, SessionEndReason.CodeReplay, cancellationToken).ConfigureAwait(false);
        throw OAuthErrors.InvalidGrant();
    }
}
