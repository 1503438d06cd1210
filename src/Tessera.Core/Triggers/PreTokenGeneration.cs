// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Core.Clients;
using Tessera.Core.Groups;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.Triggers;

/// <summary>
/// Why tokens are being issued, for the PreTokenGeneration trigger: the pool (whose LambdaConfig is consulted),
/// the triggerSource (<c>TokenGeneration_Authentication</c>, <c>_HostedAuth</c>, <c>_NewPasswordChallenge</c>,
/// <c>_AuthenticateDevice</c>, <c>_RefreshTokens</c>) and the caller's ClientMetadata.
/// </summary>
public sealed record TokenGeneration(UserPool Pool, string TriggerSource, IReadOnlyDictionary<string, string>? ClientMetadata = null)
{
    public const string Authentication = "TokenGeneration_Authentication";
    public const string HostedAuth = "TokenGeneration_HostedAuth";
    public const string NewPasswordChallenge = "TokenGeneration_NewPasswordChallenge";
    public const string RefreshTokens = "TokenGeneration_RefreshTokens";
    public const string AuthenticateDevice = "TokenGeneration_AuthenticateDevice";
}

/// <summary>What a PreTokenGeneration function changed; applied to the claim dictionaries before signing.</summary>
public sealed record ClaimsOverride
{
    /// <summary>Claims Cognito never lets a function change (pre token generation trigger page, "excluded claims").</summary>
    private static readonly HashSet<string> Protected = new(StringComparer.Ordinal)
    {
        "acr", "amr", "at_hash", "aud", "auth_time", "azp", "client_id", "c_hash", "cognito:username", "event_id", "exp", "iat",
        "identities", "iss", "jti", "nbf", "nonce", "origin_jti", "scope", "sub", "token_use", "username", "version",
        "cognito:groups", "cognito:roles", "cognito:preferred_role",
    };

    public IReadOnlyList<string>? Groups { get; init; }
    public IReadOnlyList<string>? Roles { get; init; }
    public string? PreferredRole { get; init; }
    public JsonObject? IdAdd { get; init; }
    public IReadOnlyList<string> IdSuppress { get; init; } = [];
    public JsonObject? AccessAdd { get; init; }
    public IReadOnlyList<string> AccessSuppress { get; init; } = [];
    public IReadOnlyList<string> ScopesAdd { get; init; } = [];
    public IReadOnlyList<string> ScopesSuppress { get; init; } = [];

    public void ApplyToId(Dictionary<string, object> claims) => Apply(claims, IdAdd, IdSuppress);

    public void ApplyToAccess(Dictionary<string, object> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        Apply(claims, AccessAdd, AccessSuppress);
        if ((ScopesAdd.Count > 0 || ScopesSuppress.Count > 0) && claims.TryGetValue("scope", out var scope))
        {
            var scopes = ((string)scope).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            scopes.RemoveAll(ScopesSuppress.Contains);
            scopes.AddRange(ScopesAdd.Where(s => !scopes.Contains(s)));
            claims["scope"] = string.Join(' ', scopes);
        }
    }

    private static void Apply(Dictionary<string, object> claims, JsonObject? add, IReadOnlyList<string> suppress)
    {
        foreach (var name in suppress.Where(n => !Protected.Contains(n)))
        {
            claims.Remove(name);
        }

        foreach (var (name, value) in add ?? [])
        {
            if (!Protected.Contains(name) && ToClaim(value) is { } claim)
            {
                claims[name] = claim;
            }
        }
    }

    /// <summary>A JSON value as the token handler writes it back: strings, numbers, booleans, arrays and objects keep their JSON type.</summary>
    private static object? ToClaim(JsonNode? node) => node switch
    {
        null => null,
        JsonArray array => array.Select(ToClaim).OfType<object>().ToList(),
        JsonObject obj => obj.ToDictionary(p => p.Key, p => ToClaim(p.Value) ?? string.Empty, StringComparer.Ordinal),
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when node.AsValue().TryGetValue<long>(out var whole) => whole,
            JsonValueKind.Number => node.GetValue<double>(),
            _ => null,
        },
    };
}

/// <summary>
/// The PreTokenGeneration trigger ("Pre token generation Lambda trigger" in the Cognito developer guide), event
/// versions V1_0 (claimsOverrideDetails: ID token claims and groups) and V2_0 (claimsAndScopeOverrideDetails: ID and
/// access token claims, access token scopes, groups).
/// </summary>
public sealed class PreTokenGenerationTrigger(LambdaTriggers triggers)
{
    /// <summary>The function's changes, or null when the pool has no PreTokenGeneration trigger.</summary>
    public async Task<ClaimsOverride?> RunAsync(
        TokenGeneration generation, User user, AppClient client, IReadOnlyList<Group> groups, string scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(groups);
        var pool = generation.Pool;
        if (!LambdaTriggers.Has(pool, TriggerNames.PreTokenGeneration))
        {
            return null;
        }

        var version = LambdaTriggers.PreTokenGenerationVersion(pool);
        var v2 = version is "V2_0" or "V3_0";
        var request = new JsonObject
        {
            ["userAttributes"] = TriggerJson.UserAttributes(user),
            ["groupConfiguration"] = new JsonObject
            {
                ["groupsToOverride"] = new JsonArray([.. groups.Select(g => (JsonNode)g.GroupName)]),
                ["iamRolesToOverride"] = new JsonArray([.. groups.Where(g => g.RoleArn is not null).Select(g => (JsonNode)g.RoleArn!)]),
                ["preferredRole"] = groups.Where(g => g.RoleArn is not null).OrderBy(g => g.Precedence ?? int.MaxValue).Select(g => g.RoleArn).FirstOrDefault(),
            },
            ["clientMetadata"] = TriggerJson.Map(generation.ClientMetadata),
        };
        if (v2)
        {
            request["scopes"] = new JsonArray([.. scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => (JsonNode)s)]);
        }

        var response = await triggers.InvokeAsync(
            pool, TriggerNames.PreTokenGeneration, new TriggerContext(generation.TriggerSource, user.Username, client.ClientId, v2 ? version[1..2] : "1"), request,
            cancellationToken).ConfigureAwait(false) ?? new JsonObject();

        if (v2 && response["claimsAndScopeOverrideDetails"] is JsonObject details)
        {
            var id = details["idTokenGeneration"] as JsonObject;
            var access = details["accessTokenGeneration"] as JsonObject;
            return WithGroups(details["groupOverrideDetails"] as JsonObject, new ClaimsOverride
            {
                IdAdd = id?["claimsToAddOrOverride"] as JsonObject,
                IdSuppress = [.. TriggerJson.Strings(id?["claimsToSuppress"])],
                AccessAdd = access?["claimsToAddOrOverride"] as JsonObject,
                AccessSuppress = [.. TriggerJson.Strings(access?["claimsToSuppress"])],
                ScopesAdd = [.. TriggerJson.Strings(access?["scopesToAdd"])],
                ScopesSuppress = [.. TriggerJson.Strings(access?["scopesToSuppress"])],
            });
        }

        // V1 (and a V2 function answering in the V1 shape) changes the ID token only, and the groups of both.
        if (response["claimsOverrideDetails"] is JsonObject v1)
        {
            return WithGroups(v1["groupOverrideDetails"] as JsonObject, new ClaimsOverride
            {
                IdAdd = v1["claimsToAddOrOverride"] as JsonObject,
                IdSuppress = [.. TriggerJson.Strings(v1["claimsToSuppress"])],
            });
        }

        return new ClaimsOverride();
    }

    private static ClaimsOverride WithGroups(JsonObject? groups, ClaimsOverride claims) => groups is null
        ? claims
        : claims with
        {
            Groups = groups["groupsToOverride"] is JsonArray g ? [.. TriggerJson.Strings(g)] : null,
            Roles = groups["iamRolesToOverride"] is JsonArray r ? [.. TriggerJson.Strings(r)] : null,
            PreferredRole = TriggerJson.Text(groups, "preferredRole"),
        };
}
