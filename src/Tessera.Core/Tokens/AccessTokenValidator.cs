// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tessera.Core.Errors;
using Tessera.Core.Sessions;
using Tessera.Core.Users;

namespace Tessera.Core.Tokens;

/// <summary>An access token that Tessera accepted, with the user it names.</summary>
public sealed record AuthenticatedUser(User User, string ClientId, IReadOnlyList<string> Scopes, Guid OriginJti, string? DeviceKey = null);

/// <summary>
/// Checks access tokens given to Tessera's own operations (GetUser, ChangePassword, …): signature,
/// expiry, token_use, and — unlike an offline verifier — that its session (<see cref="SessionService"/>) was not ended.
/// </summary>
public sealed class AccessTokenValidator(
    KeyRing keys,
    IUserStore users,
    SessionService sessions,
    IOptions<TesseraOptions> options,
    TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<AuthenticatedUser> ValidateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || !Handler.CanReadToken(token))
        {
            throw CognitoErrors.InvalidAccessToken();
        }

        JsonWebToken jwt;
        try
        {
            jwt = Handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            throw CognitoErrors.InvalidAccessToken();
        }

        var poolId = PoolIdFromIssuer(jwt.Issuer);
        if (poolId is null || options.Value.Issuer(poolId) != jwt.Issuer)
        {
            throw CognitoErrors.InvalidAccessToken();
        }

        IReadOnlyList<RsaSecurityKey> poolKeys;
        try
        {
            poolKeys = await keys.VerificationKeysAsync(poolId, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            throw CognitoErrors.InvalidAccessToken();
        }

        var result = await Handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidateAudience = false,
            IssuerSigningKeys = poolKeys,
            ClockSkew = TimeSpan.Zero,
            LifetimeValidator = (_, expires, _, _) => expires is { } e && e > time.GetUtcNow().UtcDateTime,
            TryAllIssuerSigningKeys = false,
        }).ConfigureAwait(false);

        if (!result.IsValid)
        {
            throw result.Exception is SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException
                ? CognitoErrors.AccessTokenExpired()
                : CognitoErrors.InvalidAccessToken();
        }

        if (!jwt.TryGetPayloadValue<string>("token_use", out var use) || use != "access"
            || !Guid.TryParse(jwt.Subject, out var sub)
            || !jwt.TryGetPayloadValue<string>("client_id", out var clientId))
        {
            throw CognitoErrors.InvalidAccessToken();
        }

        var user = await users.FindByIdAsync(poolId, sub, cancellationToken).ConfigureAwait(false)
            ?? throw CognitoErrors.NotAuthorized("User does not exist.");
        // GlobalSignOut, RevokeToken and AdminDisableUser end the session the token names (origin_jti).
        var originJti = SessionService.IdOf(jwt);
        if (!await sessions.IsLiveAsync(originJti, user, cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.AccessTokenRevoked();
        }

        if (!user.Enabled)
        {
            throw CognitoErrors.UserDisabled();
        }

        var scopes = jwt.TryGetPayloadValue<string>("scope", out var s) ? s.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        var deviceKey = jwt.TryGetPayloadValue<string>("device_key", out var d) ? d : null;
        return new AuthenticatedUser(user, clientId, scopes, originJti, deviceKey);
    }

    /// <summary>
    /// The caller of a user-pool API operation authorised by an access token: a valid token that also carries
    /// the scope <see cref="AccessTokenScopes.RequireUserPoolApi"/> asks for.
    /// </summary>
    public async Task<AuthenticatedUser> ValidateForUserPoolApiAsync(string? token, CancellationToken cancellationToken)
    {
        var caller = await ValidateAsync(token, cancellationToken).ConfigureAwait(false);
        AccessTokenScopes.RequireUserPoolApi(caller.Scopes);
        return caller;
    }

    private static string? PoolIdFromIssuer(string? issuer)
    {
        if (string.IsNullOrEmpty(issuer))
        {
            return null;
        }

        var slash = issuer.LastIndexOf('/');
        var poolId = slash >= 0 ? issuer[(slash + 1)..] : null;
        return poolId is { Length: > 2 } && poolId.Contains('_', StringComparison.Ordinal) ? poolId : null;
    }
}
