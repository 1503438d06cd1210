// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tessera.Core.Errors;

namespace Tessera.Core.Identity;

/// <summary>An identity with its linked logins, as DescribeIdentity shows it.</summary>
public sealed record IdentityView(IdentityRecord Identity, IReadOnlyList<string> Logins);

/// <summary>
/// Identities and what they are worth: GetId, the enhanced flow (GetCredentialsForIdentity) and the
/// basic flow's OpenID token (GetOpenIdToken), as the Cognito developer guide describes them.
/// </summary>
public sealed class IdentityService(
    IIdentityPoolStore pools,
    IIdentityStore identities,
    LoginValidator logins,
    SessionCredentials credentials,
    IdentityKeyRing identityKeys,
    IOptions<TesseraOptions> options,
    TimeProvider time)
{
    /// <summary>The issuer of identity-pool OpenID tokens, as AWS's trust policies name it.</summary>
    public const string OpenIdIssuer = "https://cognito-identity.amazonaws.com";

    /// <summary>The session name of enhanced-flow credentials (aws-amplify/amplify-js#1643).</summary>
    public const string SessionName = "CognitoIdentityCredentials";

    /// <summary>GetOpenIdToken: the token lives ten minutes.</summary>
    public static readonly TimeSpan OpenIdTokenLifetime = TimeSpan.FromMinutes(10);

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>The identity of the given logins (created or linked as needed), or a new unauthenticated one.</summary>
    public async Task<string> GetIdAsync(string identityPoolId, IReadOnlyDictionary<string, string>? loginTokens, CancellationToken cancellationToken)
    {
        var pool = await FindPoolAsync(identityPoolId, cancellationToken).ConfigureAwait(false);
        var verified = await logins.ValidateAsync(pool, loginTokens, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (verified.Count == 0)
        {
            if (!pool.AllowUnauthenticatedIdentities)
            {
                throw CognitoErrors.UnauthenticatedNotSupported();
            }

            // Every unauthenticated GetId makes a new identity; clients cache the id themselves.
            var guest = NewIdentity(pool, now);
            await identities.TryAddAsync(guest, [], cancellationToken).ConfigureAwait(false);
            return guest.Id;
        }

        for (var attempt = 0; ; attempt++)
        {
            var id = await LinkAsync(pool, verified, null, now, cancellationToken).ConfigureAwait(false);
            if (id is not null || attempt == 2)
            {
                return id ?? throw CognitoErrors.ResourceConflict("The login is being linked by another request; try again.");
            }
        }
    }

    /// <summary>The enhanced flow: credentials for the identity's role, one hour.</summary>
    public async Task<(string IdentityId, TemporaryCredentials Credentials)> GetCredentialsAsync(
        string identityId, IReadOnlyDictionary<string, string>? loginTokens, string? customRoleArn, CancellationToken cancellationToken)
    {
        var (pool, login) = await AuthenticateAsync(identityId, loginTokens, cancellationToken).ConfigureAwait(false);
        var roleArn = login is null
            ? pool.Settings.Roles?.GetValueOrDefault("unauthenticated") ?? throw CognitoErrors.InvalidIdentityPoolConfiguration()
            : RoleResolver.Resolve(pool, login, customRoleArn, options.Value.PublicUrl);
        return (identityId, credentials.Issue(roleArn, SessionName, identityId, pool.Id, SessionCredentials.DefaultLifetime));
    }

    /// <summary>The basic flow: an OpenID token for STS AssumeRoleWithWebIdentity, signed by Tessera's identity key.</summary>
    public async Task<string> GetOpenIdTokenAsync(string identityId, IReadOnlyDictionary<string, string>? loginTokens, CancellationToken cancellationToken)
    {
        var (pool, login) = await AuthenticateAsync(identityId, loginTokens, cancellationToken).ConfigureAwait(false);
        if (pool.AllowClassicFlow == false)
        {
            throw CognitoErrors.ClassicFlowDisabled();
        }

        var now = time.GetUtcNow();
        // amr as the role trust policies test it (DG: role-trust-and-permissions).
        var amr = login is null
            ? new[] { "unauthenticated" }
            : ["authenticated", login.ProviderName, $"{login.ProviderName}:CognitoSignIn:{login.Subject}"];
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = identityId,
            ["aud"] = pool.Id,
            ["amr"] = amr,
            ["iss"] = OpenIdIssuer,
            ["exp"] = (now + OpenIdTokenLifetime).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
        };
        var signing = await identityKeys.SigningCredentialsAsync(cancellationToken).ConfigureAwait(false);
        return Handler.CreateToken(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = signing, TokenType = "JWS" });
    }

    public async Task UnlinkAsync(string identityId, IReadOnlyDictionary<string, string> loginTokens, IReadOnlyList<string> loginsToRemove, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loginsToRemove);
        var (_, login) = await AuthenticateAsync(identityId, loginTokens, cancellationToken).ConfigureAwait(false);
        if (login is null)
        {
            throw CognitoErrors.LoginsDontMatch();
        }

        foreach (var provider in loginsToRemove)
        {
            var userPoolId = ProviderNames.UserPoolId(provider, options.Value.PublicUrl);
            await identities.UnlinkAsync(identityId, userPoolId is null ? provider : ProviderNames.Canonical(userPoolId), cancellationToken).ConfigureAwait(false);
        }

        await identities.TouchAsync(identityId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IdentityView> DescribeAsync(string identityId, CancellationToken cancellationToken)
    {
        var identity = await identities.FindAsync(identityId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.IdentityNotFound(identityId);
        var linked = await identities.LoginsAsync(identityId, cancellationToken).ConfigureAwait(false);
        return new IdentityView(identity, linked.Select(l => l.ProviderName).Distinct(StringComparer.Ordinal).ToList());
    }

    public async Task<(IReadOnlyList<IdentityView> Identities, string? NextToken)> ListAsync(string identityPoolId, int maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        await FindPoolAsync(identityPoolId, cancellationToken).ConfigureAwait(false);
        var page = await identities.ListAsync(identityPoolId, nextToken, maxResults + 1, cancellationToken).ConfigureAwait(false);
        var views = page.Take(maxResults).Select(p => new IdentityView(p.Identity, p.Logins.Select(l => l.ProviderName).Distinct(StringComparer.Ordinal).ToList())).ToList();
        return (views, page.Count > maxResults ? views[^1].Identity.Id : null);
    }

    /// <summary>Deletes what exists; an unknown id is reported back, as AWS reports it (ErrorCode ResourceNotFound).</summary>
    public async Task<IReadOnlyList<string>> DeleteAsync(IReadOnlyList<string> identityIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identityIds);
        var missing = new List<string>();
        foreach (var id in identityIds)
        {
            if (!await identities.DeleteAsync(id, cancellationToken).ConfigureAwait(false))
            {
                missing.Add(id);
            }
        }

        return missing;
    }

    /// <summary>
    /// Checks the caller may act as the identity: an authenticated identity needs a valid login linked
    /// to it (new logins are linked); an unauthenticated one needs the pool to allow guests.
    /// </summary>
    private async Task<(IdentityPool Pool, VerifiedLogin? Login)> AuthenticateAsync(string identityId, IReadOnlyDictionary<string, string>? loginTokens, CancellationToken cancellationToken)
    {
        var identity = await identities.FindAsync(identityId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.IdentityNotFound(identityId);
        var pool = await FindPoolAsync(identity.PoolId, cancellationToken).ConfigureAwait(false);
        var linked = await identities.LoginsAsync(identityId, cancellationToken).ConfigureAwait(false);
        var verified = await logins.ValidateAsync(pool, loginTokens, cancellationToken).ConfigureAwait(false);
        if (verified.Count == 0)
        {
            if (linked.Count > 0)
            {
                throw CognitoErrors.LoginsDontMatch();
            }

            return pool.AllowUnauthenticatedIdentities ? (pool, null) : throw CognitoErrors.UnauthenticatedNotSupported();
        }

        var match = verified.FirstOrDefault(v => linked.Any(l => l.ProviderName == v.ProviderName && l.Subject == v.Subject));
        if (match is null)
        {
            // A guest that signs in keeps its identity: the new login is linked to it, unless it belongs elsewhere.
            if (linked.Count > 0 || await LinkAsync(pool, verified, identity.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false) != identity.Id)
            {
                throw CognitoErrors.LoginsDontMatch();
            }

            match = verified[0];
        }

        return (pool, match);
    }

    /// <summary>
    /// Finds the identity the logins belong to, links the others to it, and merges identities the logins
    /// prove to be the same person. Null when a concurrent request linked a login first (retry).
    /// </summary>
    private async Task<string?> LinkAsync(IdentityPool pool, IReadOnlyList<VerifiedLogin> verified, string? targetId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = new List<IdentityLogin?>();
        foreach (var login in verified)
        {
            existing.Add(await identities.FindLoginAsync(pool.Id, login.ProviderName, login.Subject, cancellationToken).ConfigureAwait(false));
        }

        var owners = existing.Where(e => e is not null).Select(e => e!.IdentityId).Distinct(StringComparer.Ordinal).ToList();
        if (targetId is not null && owners.Count > 0 && !owners.Contains(targetId, StringComparer.Ordinal))
        {
            return owners[0];
        }

        var id = targetId ?? owners.FirstOrDefault();
        var missing = verified.Where((_, i) => existing[i] is null).Select(v => new IdentityLogin
        {
            PoolId = pool.Id,
            ProviderName = v.ProviderName,
            Subject = v.Subject,
            IdentityId = id ?? string.Empty,
            LinkedAt = now,
        }).ToList();

        if (id is null)
        {
            var identity = NewIdentity(pool, now);
            missing.ForEach(m => m.IdentityId = identity.Id);
            return await identities.TryAddAsync(identity, missing, cancellationToken).ConfigureAwait(false) ? identity.Id : null;
        }

        foreach (var other in owners.Where(o => o != id))
        {
            await identities.MergeAsync(other, id, cancellationToken).ConfigureAwait(false);
        }

        foreach (var login in missing)
        {
            if (!await identities.TryLinkAsync(login, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }

        if (missing.Count > 0 || owners.Count > 1)
        {
            await identities.TouchAsync(id, now, cancellationToken).ConfigureAwait(false);
        }

        return id;
    }

    private async Task<IdentityPool> FindPoolAsync(string identityPoolId, CancellationToken cancellationToken)
        => await pools.FindAsync(identityPoolId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.IdentityPoolNotFound(identityPoolId);

    private static IdentityRecord NewIdentity(IdentityPool pool, DateTimeOffset now)
        => new() { Id = $"{pool.Id[..pool.Id.IndexOf(':', StringComparison.Ordinal)]}:{Guid.NewGuid()}", PoolId = pool.Id, CreatedAt = now, UpdatedAt = now };
}
