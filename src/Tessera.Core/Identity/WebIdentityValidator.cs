// SPDX-License-Identifier: Apache-2.0
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tessera.Core.Errors;

namespace Tessera.Core.Identity;

/// <summary>A web identity token STS accepted: an identity-pool OpenID token.</summary>
public sealed record WebIdentity(string Subject, IdentityPool Pool, IReadOnlyList<string> Amr);

/// <summary>
/// Checks the token of STS AssumeRoleWithWebIdentity in the basic flow: an OpenID token from
/// GetOpenIdToken, signed by Tessera's identity key, for an existing identity pool. Tessera has no IAM,
/// so the role's trust policy is stood in for by the pool itself: the role must be one of its roles.
/// </summary>
public sealed class WebIdentityValidator(IdentityKeyRing identityKeys, IIdentityPoolStore pools, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<WebIdentity> ValidateAsync(string token, string roleArn, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = Handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            throw StsErrors.InvalidIdentityToken("The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)");
        }

        if (jwt.Issuer != IdentityService.OpenIdIssuer)
        {
            throw StsErrors.InvalidIdentityToken($"No OpenIDConnect provider found in your account for {jwt.Issuer}");
        }

        var result = await Handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = IdentityService.OpenIdIssuer,
            ValidateAudience = false,
            ValidateLifetime = false,
            IssuerSigningKeys = await identityKeys.VerificationKeysAsync(cancellationToken).ConfigureAwait(false),
        }).ConfigureAwait(false);
        if (!result.IsValid)
        {
            throw StsErrors.InvalidIdentityToken("Couldn't verify the signature of the web identity token.");
        }

        if (jwt.ValidTo <= time.GetUtcNow().UtcDateTime)
        {
            throw StsErrors.ExpiredWebIdentityToken();
        }

        var audience = jwt.Audiences.FirstOrDefault();
        var pool = audience is null ? null : await pools.FindAsync(audience, cancellationToken).ConfigureAwait(false);
        if (pool is null)
        {
            throw StsErrors.InvalidIdentityToken("Incorrect token audience");
        }

        if (pool.AllowClassicFlow == false)
        {
            throw StsErrors.InvalidIdentityToken("Basic (classic) flow is not enabled for this identity pool.");
        }

        var amr = jwt.Claims.Where(c => c.Type == "amr").Select(c => c.Value).ToList();
        var unauthenticated = pool.Settings.Roles?.GetValueOrDefault("unauthenticated");
        var authenticated = pool.Settings.Roles?.GetValueOrDefault("authenticated");
        IEnumerable<string> allowed = amr.Contains("authenticated", StringComparer.Ordinal)
            ? RoleResolver.AllRoles(pool).Where(r => r != unauthenticated || r == authenticated)
            : unauthenticated is null ? [] : [unauthenticated];
        if (!allowed.Contains(roleArn, StringComparer.Ordinal))
        {
            throw StsErrors.AccessDenied("Not authorized to perform sts:AssumeRoleWithWebIdentity");
        }

        return new WebIdentity(jwt.Subject, pool, amr);
    }
}
