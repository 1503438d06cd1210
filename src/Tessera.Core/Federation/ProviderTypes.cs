// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Federation;

/// <summary>The IdentityProviderTypeType values.</summary>
public static class ProviderTypes
{
    public const string Oidc = "OIDC";
    public const string Saml = "SAML";
    public const string Google = "Google";
    public const string Facebook = "Facebook";
    public const string LoginWithAmazon = "LoginWithAmazon";
    public const string SignInWithApple = "SignInWithApple";

    /// <summary>The name of the pool's own directory in SupportedIdentityProviders and AdminLinkProviderForUser.</summary>
    public const string Cognito = "COGNITO";

    /// <summary>The social providers: a pool has at most one of each, and its name is its type.</summary>
    public static IReadOnlySet<string> Social { get; } = new HashSet<string>(StringComparer.Ordinal) { Google, Facebook, LoginWithAmazon, SignInWithApple };

    public static bool IsKnown(string type) => type is Oidc or Saml || Social.Contains(type);
}
