// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tessera.Core.Clients;
using Tessera.Core.Diagnostics;
using Tessera.Core.Groups;
using Tessera.Core.Security;
using Tessera.Core.Triggers;
using Tessera.Core.Users;

namespace Tessera.Core.Tokens;

/// <summary>What a successful authentication produced, as AuthenticationResultType carries it.</summary>
public sealed record IssuedTokens(string AccessToken, string IdToken, string? RefreshToken, int ExpiresIn)
{
    /// <summary>NewDeviceMetadata: set when a pool that tracks devices signed in a user without a known device.</summary>
    public Devices.NewDeviceMetadata? NewDevice { get; init; }
}

/// <summary>
/// The session a set of tokens belongs to. <paramref name="RefreshTokenExpiresAt"/> is set for a rotated refresh
/// token, which ends when the token it replaces would have: rotation never extends a session. <paramref name="Begun"/>
/// is a session a sign-in just began (<see cref="Sessions.SessionService.Begin"/>) and has not stored: it is stored with
/// the refresh token in one transaction, before the tokens are returned.
/// </summary>
public sealed record TokenSession(
    Guid OriginJti, DateTimeOffset AuthTime, string? Scopes = null, string? Nonce = null, string? AccessTokenHashSource = null,
    DateTimeOffset? RefreshTokenExpiresAt = null, string? DeviceKey = null, Sessions.UserSession? Begun = null);

/// <summary>Mints Cognito-shaped ID and access tokens (DESIGN.md §4) and opaque refresh tokens.</summary>
public sealed class TokenIssuer(
    KeyRing keys,
    IGroupStore groups,
    IRefreshTokenStore refreshTokens,
    SecretProtector protector,
    IOptions<TesseraOptions> options,
    TimeProvider time,
    PreTokenGenerationTrigger? preTokenGeneration = null)
{
    public const string AdminScope = "aws.cognito.signin.user.admin";
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>
    /// Issues access and ID tokens and, for a new session, a refresh token. With <paramref name="generation"/> the pool's
    /// PreTokenGeneration trigger (if any) may change the claims; without one nothing is looked up. A caller that read
    /// the user's groups with the user passes them as <paramref name="knownGroups"/> (in token order) to save a query.
    /// </summary>
    public async Task<IssuedTokens> IssueAsync(
        User user, AppClient client, TokenSession session, bool withRefreshToken, TokenGeneration? generation, IReadOnlyList<Group>? knownGroups,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Begun is not null && (!withRefreshToken || session.Begun.Id != session.OriginJti))
        {
            throw new ArgumentException("A session begun here is stored with its refresh token and names the tokens' origin_jti.", nameof(session));
        }

        var now = time.GetUtcNow();
        var userGroups = knownGroups ?? await groups.ListForUserAsync(user.PoolId, user.Id, cancellationToken).ConfigureAwait(false);
        var overrides = generation is not null && preTokenGeneration is not null && LambdaTriggers.Has(generation.Pool, TriggerNames.PreTokenGeneration)
            ? await preTokenGeneration.RunAsync(generation, user, client, userGroups, session.Scopes ?? AdminScope, cancellationToken).ConfigureAwait(false)
            : null;
        var groupNames = overrides?.Groups?.ToArray() ?? (userGroups.Count > 0 ? userGroups.Select(g => g.GroupName).ToArray() : []);
        var issuer = options.Value.Issuer(user.PoolId);
        var accessLifetime = client.Settings.AccessTokenLifetime;
        var idLifetime = client.Settings.IdTokenLifetime;

        var access = new Dictionary<string, object>(16, StringComparer.Ordinal)
        {
            ["sub"] = user.Sub,
        };
        if (session.DeviceKey is not null)
        {
            // The device the session signed in with or was given (developer guide, "Using the access token").
            access["device_key"] = session.DeviceKey;
        }

        if (groupNames.Length > 0)
        {
            access["cognito:groups"] = groupNames;
        }

        access["iss"] = issuer;
        access["version"] = 2;
        access["client_id"] = client.ClientId;
        access["origin_jti"] = session.OriginJti.ToString();
        access["event_id"] = Guid.NewGuid().ToString();
        access["token_use"] = "access";
        access["scope"] = session.Scopes ?? AdminScope;
        access["auth_time"] = session.AuthTime.ToUnixTimeSeconds();
        access["exp"] = (now + accessLifetime).ToUnixTimeSeconds();
        access["iat"] = now.ToUnixTimeSeconds();
        access["jti"] = Guid.NewGuid().ToString();
        access["username"] = user.Username;
        overrides?.ApplyToAccess(access);

        var accessToken = await SignAsync(user.PoolId, SigningKeyPurpose.Access, access, cancellationToken).ConfigureAwait(false);
        var idToken = await IssueIdTokenAsync(user, client, session, userGroups, overrides, issuer, now, idLifetime, access["event_id"], accessToken, cancellationToken).ConfigureAwait(false);

        string? refreshToken = null;
        if (withRefreshToken)
        {
            refreshToken = RandomIds.OpaqueToken(48);
            var record = new RefreshTokenRecord
            {
                Id = Guid.NewGuid(),
                TokenHash = protector.KeyedHash(refreshToken),
                PoolId = user.PoolId,
                ClientId = client.ClientId,
                UserId = user.Id,
                OriginJti = session.OriginJti,
                AuthTime = session.AuthTime,
                CreatedAt = now,
                ExpiresAt = session.RefreshTokenExpiresAt ?? now + client.Settings.RefreshTokenLifetime,
                Scopes = session.Scopes,
            };
            await (session.Begun is { } begun
                ? refreshTokens.AddWithSessionAsync(record, begun, cancellationToken)
                : refreshTokens.AddAsync(record, cancellationToken)).ConfigureAwait(false);
        }

        return new IssuedTokens(accessToken, idToken, refreshToken, (int)accessLifetime.TotalSeconds);
    }

    private async Task<string> IssueIdTokenAsync(
        User user, AppClient client, TokenSession session, IReadOnlyList<Group> userGroups, ClaimsOverride? overrides, string issuer,
        DateTimeOffset now, TimeSpan lifetime, object eventId, string accessToken, CancellationToken cancellationToken)
    {
        var readable = new UserAttributeReads(client);
        var id = new Dictionary<string, object>(24, StringComparer.Ordinal);
        if (session.AccessTokenHashSource is not null)
        {
            id["at_hash"] = AtHash(accessToken);
        }

        id["sub"] = user.Sub;
        var groupNames = overrides?.Groups?.ToArray() ?? (userGroups.Count > 0 ? userGroups.Select(g => g.GroupName).ToArray() : []);
        if (groupNames.Length > 0)
        {
            id["cognito:groups"] = groupNames;
        }

        // Without groups nothing is enumerated: token issuance is the hot path (PERFORMANCE.md).
        var roles = overrides?.Roles?.ToArray()
            ?? (userGroups.Count > 0 ? userGroups.Where(g => g.RoleArn is not null).Select(g => g.RoleArn!).ToArray() : []);
        if (roles.Length > 0)
        {
            id["cognito:roles"] = roles;
            id["cognito:preferred_role"] = overrides?.PreferredRole
                ?? userGroups.Where(g => g.RoleArn is not null).OrderBy(g => g.Precedence ?? int.MaxValue).Select(g => g.RoleArn).FirstOrDefault()
                ?? roles[0];
        }

        foreach (var (name, value) in user.Attributes)
        {
            if (name == "sub" || !readable.MayRead(name))
            {
                continue;
            }

            // Booleans are JSON booleans in Cognito's ID token; identities an array; everything else, custom attributes included, a string.
            id[name] = name switch
            {
                "email_verified" or "phone_number_verified" => value == "true",
                Federation.FederatedIdentities.Attribute => Federation.FederatedIdentities.Claim(value),
                _ => value,
            };
        }

        id["iss"] = issuer;
        id["cognito:username"] = user.Username;
        if (session.Nonce is not null)
        {
            id["nonce"] = session.Nonce;
        }

        id["origin_jti"] = session.OriginJti.ToString();
        id["aud"] = client.ClientId;
        id["event_id"] = eventId;
        id["token_use"] = "id";
        id["auth_time"] = session.AuthTime.ToUnixTimeSeconds();
        id["exp"] = (now + lifetime).ToUnixTimeSeconds();
        id["iat"] = now.ToUnixTimeSeconds();
        id["jti"] = Guid.NewGuid().ToString();
        overrides?.ApplyToId(id);
        return await SignAsync(user.PoolId, SigningKeyPurpose.Id, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The client_credentials grant: an access token only, naming the client as its subject and carrying the
    /// granted custom scopes (DESIGN.md §4).
    /// </summary>
    public async Task<(string AccessToken, int ExpiresIn)> IssueClientAccessTokenAsync(AppClient client, string scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var now = time.GetUtcNow();
        var lifetime = client.Settings.AccessTokenLifetime;
        var access = new Dictionary<string, object>(10, StringComparer.Ordinal)
        {
            ["sub"] = client.ClientId,
            ["token_use"] = "access",
            ["scope"] = scopes,
            ["auth_time"] = now.ToUnixTimeSeconds(),
            ["iss"] = options.Value.Issuer(client.PoolId),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["version"] = 2,
            ["jti"] = Guid.NewGuid().ToString(),
            ["client_id"] = client.ClientId,
        };
        var token = await SignAsync(client.PoolId, SigningKeyPurpose.Access, access, cancellationToken).ConfigureAwait(false);
        return (token, (int)lifetime.TotalSeconds);
    }

    private async Task<string> SignAsync(string poolId, SigningKeyPurpose purpose, Dictionary<string, object> claims, CancellationToken cancellationToken)
    {
        var credentials = await keys.SigningCredentialsAsync(poolId, purpose, cancellationToken).ConfigureAwait(false);
        var token = Handler.CreateToken(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = credentials, TokenType = null });
        TesseraMetrics.TokenIssued(purpose == SigningKeyPurpose.Access ? "access" : "id");
        return token;
    }

    /// <summary>OpenID Connect Core §3.1.3.6: base64url of the left half of SHA-256 of the access token.</summary>
    public static string AtHash(string accessToken)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(accessToken));
        return RandomIds.Base64Url(hash.AsSpan(0, 16));
    }
}
