// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tessera.Core.Errors;
using Tessera.Core.Sessions;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Core.Identity;

/// <summary>A login token that passed every check, with the provider identity it proves.</summary>
public sealed record VerifiedLogin(string ProviderName, string Subject, string ClientId, JsonWebToken Token);

/// <summary>
/// Checks the tokens of a <c>Logins</c> map as Cognito does (DG: authentication-flow): the provider is
/// configured on the identity pool, the token is signed by the user pool's keys, its issuer is the
/// provider, its audience one of the configured app clients, it has not expired and, with
/// ServerSideTokenCheck, it has not been revoked.
/// </summary>
public sealed class LoginValidator(
    KeyRing keys,
    IUserStore users,
    SessionService sessions,
    IOptions<TesseraOptions> options,
    TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<IReadOnlyList<VerifiedLogin>> ValidateAsync(IdentityPool pool, IReadOnlyDictionary<string, string>? logins, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var verified = new List<VerifiedLogin>();
        foreach (var (provider, token) in logins ?? new Dictionary<string, string>())
        {
            verified.Add(await ValidateOneAsync(pool, provider, token, cancellationToken).ConfigureAwait(false));
        }

        return verified;
    }

    private async Task<VerifiedLogin> ValidateOneAsync(IdentityPool pool, string provider, string token, CancellationToken cancellationToken)
    {
        var publicUrl = options.Value.PublicUrl;
        var userPoolId = ProviderNames.UserPoolId(provider, publicUrl);
        var configured = userPoolId is null ? [] : (pool.Settings.CognitoIdentityProviders ?? [])
            .Where(p => ProviderNames.UserPoolId(p.ProviderName, publicUrl) == userPoolId)
            .ToList();
        if (configured.Count == 0)
        {
            throw CognitoErrors.UnsupportedLoginProvider();
        }

        JsonWebToken jwt;
        try
        {
            jwt = Handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            throw CognitoErrors.LoginTokenMalformed();
        }

        var issuerPool = ProviderNames.UserPoolId(jwt.Issuer, publicUrl);
        if (issuerPool != userPoolId || jwt.Issuer != options.Value.Issuer(userPoolId!))
        {
            throw CognitoErrors.LoginIssuerMismatch();
        }

        IReadOnlyList<RsaSecurityKey> poolKeys;
        try
        {
            poolKeys = await keys.VerificationKeysAsync(userPoolId!, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            throw CognitoErrors.LoginTokenSignature();
        }

        var result = await Handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidateAudience = false,
            ValidateLifetime = false,
            IssuerSigningKeys = poolKeys,
            TryAllIssuerSigningKeys = false,
        }).ConfigureAwait(false);
        if (!result.IsValid)
        {
            throw CognitoErrors.LoginTokenSignature();
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (!jwt.TryGetPayloadValue<long>("exp", out var exp) || now >= exp)
        {
            throw CognitoErrors.LoginTokenExpired(now, exp);
        }

        // Only ID tokens carry aud; an access token has client_id instead and is refused here, as by AWS.
        var audience = jwt.Audiences.FirstOrDefault();
        var client = configured.FirstOrDefault(p => p.ClientId == audience);
        if (audience is null || client is null || !jwt.TryGetPayloadValue<string>("token_use", out var use) || use != "id")
        {
            throw CognitoErrors.LoginTokenAudience();
        }

        if (client.ServerSideTokenCheck == true)
        {
            await CheckNotRevokedAsync(userPoolId!, jwt, cancellationToken).ConfigureAwait(false);
        }

        return new VerifiedLogin(ProviderNames.Canonical(userPoolId!), jwt.Subject, audience, jwt);
    }

    /// <summary>ServerSideTokenCheck: the user still exists and is enabled, and the session was not signed out or revoked.</summary>
    private async Task CheckNotRevokedAsync(string userPoolId, JsonWebToken jwt, CancellationToken cancellationToken)
    {
        var user = Guid.TryParse(jwt.Subject, out var sub) ? await users.FindByIdAsync(userPoolId, sub, cancellationToken).ConfigureAwait(false) : null;
        var originJti = SessionService.IdOf(jwt);
        if (user is not { Enabled: true } || !await sessions.IsLiveAsync(originJti, user, cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.LoginTokenRevoked();
        }
    }
}
