// SPDX-License-Identifier: Apache-2.0
using Microsoft.IdentityModel.JsonWebTokens;
using Tessera.Core.Errors;

namespace Tessera.Core.Identity;

/// <summary>
/// Chooses the role of an authenticated identity (DG: role-based-access-control): a role mapping for
/// the login's provider (<c>provider:clientId</c> first, then <c>provider</c>) decides by the token's
/// <c>cognito:roles</c>/<c>cognito:preferred_role</c> or by rules on its claims; when it cannot decide,
/// AmbiguousRoleResolution does; without a mapping the pool's authenticated role applies.
/// </summary>
public static class RoleResolver
{
    public static string Resolve(IdentityPool pool, VerifiedLogin login, string? customRoleArn, Uri publicUrl)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(login);
        var authenticated = pool.Settings.Roles?.GetValueOrDefault("authenticated");
        var mapping = FindMapping(pool, login, publicUrl);
        if (mapping is null)
        {
            return authenticated ?? throw CognitoErrors.InvalidIdentityPoolConfiguration();
        }

        var chosen = mapping.Type switch
        {
            "Token" => FromToken(login.Token, customRoleArn),
            "Rules" => FromRules(login.Token, mapping.RulesConfiguration?.Rules ?? []),
            _ => null,
        };
        if (chosen is not null)
        {
            return chosen;
        }

        return mapping.AmbiguousRoleResolution == "AuthenticatedRole"
            ? authenticated ?? throw CognitoErrors.InvalidIdentityPoolConfiguration()
            : throw CognitoErrors.AmbiguousRoleMapping(login.ProviderName);
    }

    /// <summary>Every role a credential of this pool may carry, for the web-identity trust check.</summary>
    public static IEnumerable<string> AllRoles(IdentityPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        foreach (var arn in pool.Settings.Roles?.Values ?? Enumerable.Empty<string>())
        {
            yield return arn;
        }

        foreach (var mapping in pool.Settings.RoleMappings?.Values ?? Enumerable.Empty<RoleMapping>())
        {
            foreach (var rule in mapping.RulesConfiguration?.Rules ?? [])
            {
                yield return rule.RoleARN;
            }
        }
    }

    private static RoleMapping? FindMapping(IdentityPool pool, VerifiedLogin login, Uri publicUrl)
    {
        if (pool.Settings.RoleMappings is not { Count: > 0 } mappings)
        {
            return null;
        }

        RoleMapping? forProvider = null;
        foreach (var (key, mapping) in mappings)
        {
            // "provider:clientId": the client id follows the last colon after the path.
            var colon = key.LastIndexOf(':');
            var hasClient = colon > key.LastIndexOf('/');
            var provider = hasClient ? key[..colon] : key;
            var userPoolId = ProviderNames.UserPoolId(provider, publicUrl);
            if (userPoolId is null || ProviderNames.Canonical(userPoolId) != login.ProviderName)
            {
                continue;
            }

            if (hasClient && key[(colon + 1)..] == login.ClientId)
            {
                return mapping;
            }

            if (!hasClient)
            {
                forProvider = mapping;
            }
        }

        return forProvider;
    }

    private static string? FromToken(JsonWebToken token, string? customRoleArn)
    {
        var roles = Values(token, "cognito:roles");
        if (customRoleArn is not null)
        {
            // CustomRoleArn chooses among the roles the token carries, never beyond them.
            return roles.Contains(customRoleArn, StringComparer.Ordinal)
                ? customRoleArn
                : throw CognitoErrors.NotAuthorized("The CustomRoleArn is not one of the roles in the token (cognito:roles).");
        }

        if (token.TryGetPayloadValue<string>("cognito:preferred_role", out var preferred) && !string.IsNullOrEmpty(preferred))
        {
            return preferred;
        }

        return roles.Count == 1 ? roles[0] : null;
    }

    private static string? FromRules(JsonWebToken token, IReadOnlyList<MappingRule> rules)
    {
        foreach (var rule in rules)
        {
            var values = Values(token, rule.Claim);
            var match = rule.MatchType switch
            {
                "Equals" => values.Any(v => v == rule.Value),
                "Contains" => values.Any(v => v.Contains(rule.Value, StringComparison.Ordinal)),
                "StartsWith" => values.Any(v => v.StartsWith(rule.Value, StringComparison.Ordinal)),
                "NotEqual" => values.Count > 0 && values.All(v => v != rule.Value),
                _ => false,
            };
            if (match)
            {
                return rule.RoleARN;
            }
        }

        return null;
    }

    /// <summary>A claim's values as strings: each element of an array, or the one value.</summary>
    private static List<string> Values(JsonWebToken token, string claim)
        => token.Claims.Where(c => c.Type == claim).Select(c => c.Value).ToList();
}
