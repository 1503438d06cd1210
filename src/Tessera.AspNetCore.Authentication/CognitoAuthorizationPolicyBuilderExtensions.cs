// SPDX-License-Identifier: Apache-2.0
using Microsoft.AspNetCore.Authorization;

namespace Tessera.AspNetCore.Authentication;

/// <summary>Authorization requirements on Cognito groups and scopes.</summary>
public static class CognitoAuthorizationPolicyBuilderExtensions
{
    /// <summary>Requires membership of at least one of <paramref name="groups"/> (<c>cognito:groups</c>).</summary>
    /// <param name="builder">The policy builder.</param>
    /// <param name="groups">Accepted groups.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthorizationPolicyBuilder RequireCognitoGroup(this AuthorizationPolicyBuilder builder, params string[] groups)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.RequireClaim(CognitoClaimTypes.Groups, groups);
    }

    /// <summary>Requires at least one of <paramref name="scopes"/> in the access token's <c>scope</c>.</summary>
    /// <param name="builder">The policy builder.</param>
    /// <param name="scopes">Accepted scopes, e.g. <c>orders/read</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthorizationPolicyBuilder RequireCognitoScope(this AuthorizationPolicyBuilder builder, params string[] scopes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.RequireAssertion(context => context.User.GetCognitoScopes().Any(scopes.Contains));
    }
}
