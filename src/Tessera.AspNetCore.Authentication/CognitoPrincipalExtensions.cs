// SPDX-License-Identifier: Apache-2.0
using System.Security.Claims;

namespace Tessera.AspNetCore.Authentication;

/// <summary>Reads the Cognito user out of an authenticated principal.</summary>
public static class CognitoPrincipalExtensions
{
    /// <summary>The username: <c>username</c> of an access token or <c>cognito:username</c> of an ID token.</summary>
    /// <param name="principal">The authenticated user.</param>
    /// <returns>The username, or null when the principal carries neither claim.</returns>
    public static string? GetCognitoUsername(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindFirst(CognitoClaimTypes.Username)?.Value ?? principal.FindFirst(CognitoClaimTypes.CognitoUsername)?.Value;
    }

    /// <summary>The user's <c>sub</c>.</summary>
    /// <param name="principal">The authenticated user.</param>
    /// <returns>The subject, or null.</returns>
    public static string? GetCognitoSubject(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindFirst(CognitoClaimTypes.Subject)?.Value;
    }

    /// <summary>The user's groups from <c>cognito:groups</c>.</summary>
    /// <param name="principal">The authenticated user.</param>
    /// <returns>The group names, possibly empty.</returns>
    public static IReadOnlyList<string> GetCognitoGroups(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindAll(CognitoClaimTypes.Groups).Select(c => c.Value).ToList();
    }

    /// <summary>The OAuth scopes of an access token.</summary>
    /// <param name="principal">The authenticated user.</param>
    /// <returns>The scopes, possibly empty.</returns>
    public static IReadOnlyList<string> GetCognitoScopes(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindAll(CognitoClaimTypes.Scope).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
    }
}
