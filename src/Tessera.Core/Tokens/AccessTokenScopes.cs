// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.OAuth;

namespace Tessera.Core.Tokens;

/// <summary>
/// What the <c>scope</c> claim of an access token opens at Tessera's own endpoints: the user-pool API operations
/// authorised by an access token, and <c>/oauth2/userInfo</c> with the attributes it answers.
/// </summary>
public static class AccessTokenScopes
{
    // The developer guide ("The user attributes endpoint") lists what each standard scope adds to userInfo.
    private static readonly HashSet<string> ProfileAttributes = new(StringComparer.Ordinal)
    {
        "name", "family_name", "given_name", "middle_name", "nickname", "preferred_username", "profile", "picture",
        "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at",
    };

    private static readonly HashSet<string> EmailAttributes = new(StringComparer.Ordinal) { "email", "email_verified" };

    private static readonly HashSet<string> PhoneAttributes = new(StringComparer.Ordinal) { "phone_number", "phone_number_verified" };

    /// <summary>
    /// Refuses a token without <c>aws.cognito.signin.user.admin</c>: every operation authorised by an access token
    /// (GetUser, ChangePassword, AssociateSoftwareToken, …) "must include the scope aws.cognito.signin.user.admin"
    /// (API reference), and AWS answers NotAuthorizedException "Access Token does not have required scopes".
    /// </summary>
    public static void RequireUserPoolApi(IReadOnlyCollection<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        if (!scopes.Contains(TokenIssuer.AdminScope, StringComparer.Ordinal))
        {
            throw CognitoErrors.MissingAdminScope();
        }
    }

    /// <summary>
    /// Whether the token may read <c>/oauth2/userInfo</c>: only with <c>openid</c>, so the tokens of the
    /// user-pools API (InitiateAuth and friends), which carry no OAuth scope, are refused there.
    /// </summary>
    public static bool OpensUserInfo(IReadOnlyCollection<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        return scopes.Contains(OAuthScopes.OpenId, StringComparer.Ordinal);
    }

    /// <summary>
    /// Whether userInfo answers <paramref name="attribute"/> to a token with these scopes (before the client's
    /// read permissions, which apply as well). <c>openid</c> alone answers every attribute; with <c>profile</c>,
    /// <c>email</c> or <c>phone</c>, just their attributes (custom ones come with <c>profile</c>);
    /// <c>aws.cognito.signin.user.admin</c> and custom scopes change nothing. <c>sub</c> is always answered.
    /// </summary>
    public static bool UserInfoReleases(IReadOnlyCollection<string> scopes, string attribute)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(attribute);
        if (attribute == "sub")
        {
            return true;
        }

        var profile = scopes.Contains("profile", StringComparer.Ordinal);
        var email = scopes.Contains("email", StringComparer.Ordinal);
        var phone = scopes.Contains("phone", StringComparer.Ordinal);
        if (!profile && !email && !phone)
        {
            return true;
        }

        return (profile && (ProfileAttributes.Contains(attribute) || attribute.StartsWith("custom:", StringComparison.Ordinal)))
            || (email && EmailAttributes.Contains(attribute))
            || (phone && PhoneAttributes.Contains(attribute));
    }
}
