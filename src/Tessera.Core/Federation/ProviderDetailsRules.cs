// SPDX-License-Identifier: Apache-2.0
using System.Text.RegularExpressions;
using Tessera.Core.Errors;
using Tessera.Core.Users;

namespace Tessera.Core.Federation;

/// <summary>
/// The rules of CreateIdentityProvider and UpdateIdentityProvider: names, ProviderDetails per provider type (the keys
/// and endpoints of ProviderDetailsType's documentation), AttributeMapping and IdpIdentifiers.
/// </summary>
public static partial class ProviderDetailsRules
{
    public const string ClientSecret = "client_secret";
    public const string PrivateKey = "private_key";
    public const string MetadataUrl = "MetadataURL";
    public const string MetadataFile = "MetadataFile";

    private static readonly string[] OidcEndpoints = ["authorize_url", "token_url", "attributes_url", "jwks_uri"];
    private static readonly string[] SamlFlags = ["IDPSignout", "IDPInit", "EncryptedResponses"];

    /// <summary>The details each type keeps from a request; anything else (Describe's computed keys sent back) is dropped.</summary>
    private static readonly Dictionary<string, string[]> Accepted = new(StringComparer.Ordinal)
    {
        [ProviderTypes.Oidc] = ["client_id", ClientSecret, "authorize_scopes", "attributes_request_method", "oidc_issuer", .. OidcEndpoints],
        [ProviderTypes.Saml] = [MetadataUrl, MetadataFile, "RequestSigningAlgorithm", .. SamlFlags],
        [ProviderTypes.Google] = ["client_id", ClientSecret, "authorize_scopes"],
        [ProviderTypes.Facebook] = ["client_id", ClientSecret, "authorize_scopes", "api_version"],
        [ProviderTypes.LoginWithAmazon] = ["client_id", ClientSecret, "authorize_scopes"],
        [ProviderTypes.SignInWithApple] = ["client_id", "team_id", "key_id", PrivateKey, "authorize_scopes"],
    };

    private static readonly Dictionary<string, string[]> Required = new(StringComparer.Ordinal)
    {
        [ProviderTypes.Oidc] = ["client_id", "attributes_request_method", "oidc_issuer", "authorize_scopes"],
        [ProviderTypes.Google] = ["client_id", ClientSecret, "authorize_scopes"],
        [ProviderTypes.Facebook] = ["client_id", ClientSecret, "authorize_scopes"],
        [ProviderTypes.LoginWithAmazon] = ["client_id", ClientSecret, "authorize_scopes"],
        [ProviderTypes.SignInWithApple] = ["client_id", "team_id", "key_id", PrivateKey, "authorize_scopes"],
    };

    /// <summary>The user id claim of each type: the default mapping of <c>username</c>.</summary>
    private static readonly Dictionary<string, string> SubjectClaim = new(StringComparer.Ordinal)
    {
        [ProviderTypes.Oidc] = "sub",
        [ProviderTypes.Google] = "sub",
        [ProviderTypes.SignInWithApple] = "sub",
        [ProviderTypes.Facebook] = "id",
        [ProviderTypes.LoginWithAmazon] = "user_id",
    };

    /// <summary>The keys that are sealed at rest and never logged.</summary>
    public static bool IsSecret(string key) => key is ClientSecret or PrivateKey;

    /// <summary>
    /// ProviderNameTypeV2, and the social rule AWS enforces: a Google provider is named Google ("Provider X cannot
    /// be of type Google."); an OIDC or SAML provider cannot take a social or the COGNITO name.
    /// </summary>
    public static void CheckName(string name, string type)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!ProviderTypes.IsKnown(type))
        {
            throw CognitoErrors.InvalidParameter($"1 validation error detected: Value '{type}' at 'providerType' failed to satisfy constraint: Member must satisfy enum value set: [SAML, Facebook, Google, LoginWithAmazon, SignInWithApple, OIDC]");
        }

        if (name.Length > 32 || !ProviderName().IsMatch(name))
        {
            throw CognitoErrors.InvalidParameter($"1 validation error detected: Value '{name}' at 'providerName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^_\\p{{Z}}][\\p{{L}}\\p{{M}}\\p{{S}}\\p{{N}}\\p{{P}}][^_\\p{{Z}}]+");
        }

        var social = ProviderTypes.Social.Contains(type);
        if (social ? name != type : ProviderTypes.Social.Contains(name) || string.Equals(name, ProviderTypes.Cognito, StringComparison.OrdinalIgnoreCase))
        {
            throw CognitoErrors.InvalidParameter($"Provider {name} cannot be of type {type}.");
        }
    }

    /// <summary>
    /// Checks <paramref name="requested"/> for a provider of <paramref name="type"/> and splits it into the details
    /// Describe shows (with the type's fixed endpoints, or the operator's replacements) and the secrets to seal.
    /// A secret the request leaves out is taken from <paramref name="kept"/>, so an update need not resend it.
    /// </summary>
    public static (Dictionary<string, string> Details, Dictionary<string, string> Secrets) Check(
        string type, IReadOnlyDictionary<string, string> requested, IReadOnlyDictionary<string, string> kept, FederationOptions options)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(options);
        var details = new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in Accepted[type])
        {
            var value = requested.GetValueOrDefault(key) is { Length: > 0 } given ? given : IsSecret(key) ? kept.GetValueOrDefault(key) : null;
            if (value is not null)
            {
                (IsSecret(key) ? secrets : details)[key] = value;
            }
        }

        if (Required.TryGetValue(type, out var required) && required.Any(k => !details.ContainsKey(k) && !secrets.ContainsKey(k)))
        {
            throw CognitoErrors.InvalidParameter($"{Join(required)} are all required idp details");
        }

        switch (type)
        {
            case ProviderTypes.Oidc:
                CheckOidc(details);
                break;
            case ProviderTypes.Saml:
                CheckSaml(details);
                break;
            default:
                AddSocialEndpoints(type, details, options);
                break;
        }

        return (details, secrets);
    }

    /// <summary>Whether an OIDC provider's endpoints must come from its issuer's discovery document.</summary>
    public static bool NeedsDiscovery(string type, IReadOnlyDictionary<string, string> details)
        => type == ProviderTypes.Oidc && OidcEndpoints.Any(k => !details.ContainsKey(k));

    /// <summary>Fills the endpoints the request left out from discovery; the document must name the configured issuer.</summary>
    public static void ApplyDiscovery(Dictionary<string, string> details, OidcDiscovery discovery)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(discovery);
        // OpenID Connect Discovery 1.0 §4.3: the issuer in the document must equal the one it was fetched for.
        if (!string.Equals(discovery.Issuer.TrimEnd('/'), details["oidc_issuer"].TrimEnd('/'), StringComparison.Ordinal))
        {
            throw CognitoErrors.InvalidParameter("The oidc_issuer does not match the issuer of its discovery document.");
        }

        foreach (var (key, value) in new[] { ("authorize_url", discovery.AuthorizationEndpoint), ("token_url", discovery.TokenEndpoint), ("attributes_url", discovery.UserInfoEndpoint), ("jwks_uri", discovery.JwksUri) })
        {
            if (!details.ContainsKey(key) && value is not null)
            {
                details[key] = CheckUrl(key, value);
            }
        }

        if (!details.ContainsKey("authorize_url") || !details.ContainsKey("token_url") || !details.ContainsKey("jwks_uri"))
        {
            throw CognitoErrors.InvalidParameter("The discovery document of oidc_issuer lacks authorization_endpoint, token_endpoint or jwks_uri.");
        }
    }

    /// <summary>The SAML details Describe adds from the IdP's metadata.</summary>
    public static void ApplySamlMetadata(Dictionary<string, string> details, SamlIdpMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(metadata);
        SetOrRemove(details, "SSORedirectBindingURI", metadata.SsoRedirectUrl);
        SetOrRemove(details, "SLORedirectBindingURI", metadata.SloRedirectUrl);
    }

    /// <summary>
    /// AttributeMapping: keys are user pool attributes (or <c>username</c>); <c>sub</c> is Cognito's own and cannot
    /// be mapped. Without a <c>username</c> entry, the type's user id claim is mapped to it, as Describe shows.
    /// </summary>
    public static Dictionary<string, string> CheckAttributeMapping(string type, IReadOnlyDictionary<string, string>? mapping, UserPoolSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (attribute, upstream) in mapping ?? new Dictionary<string, string>())
        {
            if (attribute.Length is < 1 or > 32 || string.IsNullOrEmpty(upstream))
            {
                throw CognitoErrors.InvalidParameter($"Invalid attribute mapping for {attribute}.");
            }

            if (attribute == "sub" || (attribute != "username" && schema.Find(attribute) is null))
            {
                throw CognitoErrors.InvalidParameter($"Attribute {attribute} cannot be mapped: it is not a mappable attribute of the user pool.");
            }

            result[attribute] = upstream;
        }

        if (!result.ContainsKey("username") && SubjectClaim.TryGetValue(type, out var subject))
        {
            result["username"] = subject;
        }

        return result;
    }

    /// <summary>IdpIdentifiersListType: at most 50, each <c>[\w\s+=.@-]+</c> of at most 40 characters, unique.</summary>
    public static List<string> CheckIdpIdentifiers(IReadOnlyList<string>? identifiers)
    {
        var list = identifiers?.ToList() ?? [];
        if (list.Count > 50)
        {
            throw CognitoErrors.InvalidParameter("1 validation error detected: Value at 'idpIdentifiers' failed to satisfy constraint: Member must have length less than or equal to 50");
        }

        if (list.FirstOrDefault(i => i.Length is < 1 or > 40 || !IdpIdentifier().IsMatch(i)) is { } bad)
        {
            throw CognitoErrors.InvalidParameter($"1 validation error detected: Value '{bad}' at 'idpIdentifiers' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=.@-]+");
        }

        if (list.GroupBy(i => i, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw CognitoErrors.InvalidParameter($"Duplicate IdpIdentifier {twice.Key}.");
        }

        return list;
    }

    private static void CheckOidc(Dictionary<string, string> details)
    {
        if (details["attributes_request_method"] is not ("GET" or "POST"))
        {
            throw CognitoErrors.InvalidParameter("attributes_request_method must be GET or POST.");
        }

        foreach (var key in OidcEndpoints.Append("oidc_issuer").Where(details.ContainsKey))
        {
            details[key] = CheckUrl(key, details[key]);
        }

        details["attributes_url_add_attributes"] = "false";
    }

    private static void CheckSaml(Dictionary<string, string> details)
    {
        var hasUrl = details.ContainsKey(MetadataUrl);
        if (hasUrl == details.ContainsKey(MetadataFile))
        {
            throw CognitoErrors.InvalidParameter("Exactly one of MetadataURL and MetadataFile is required for a SAML provider.");
        }

        if (hasUrl)
        {
            details[MetadataUrl] = CheckUrl(MetadataUrl, details[MetadataUrl]);
        }

        foreach (var flag in SamlFlags.Where(details.ContainsKey))
        {
            details[flag] = details[flag].ToLowerInvariant() is var value && value is "true" or "false"
                ? value
                : throw CognitoErrors.InvalidParameter($"{flag} must be true or false.");
        }

        if (details.TryGetValue("RequestSigningAlgorithm", out var algorithm) && algorithm != "rsa-sha256")
        {
            throw CognitoErrors.InvalidParameter("RequestSigningAlgorithm must be rsa-sha256.");
        }
    }

    private static void AddSocialEndpoints(string type, Dictionary<string, string> details, FederationOptions options)
    {
        var version = type == ProviderTypes.Facebook ? details.TryAdd("api_version", "v17.0") ? "v17.0" : details["api_version"] : null;
        Dictionary<string, string> endpoints = type switch
        {
            // The endpoints DescribeIdentityProvider shows for each social type (ProviderDetailsType documentation).
            ProviderTypes.Google => new()
            {
                ["attributes_url"] = "https://people.googleapis.com/v1/people/me?personFields=",
                ["attributes_url_add_attributes"] = "true",
                ["authorize_url"] = "https://accounts.google.com/o/oauth2/v2/auth",
                ["oidc_issuer"] = "https://accounts.google.com",
                ["token_request_method"] = "POST",
                ["token_url"] = "https://www.googleapis.com/oauth2/v4/token",
            },
            ProviderTypes.Facebook => new()
            {
                ["attributes_url"] = $"https://graph.facebook.com/{version}/me?fields=",
                ["attributes_url_add_attributes"] = "true",
                ["authorize_url"] = $"https://www.facebook.com/{version}/dialog/oauth",
                ["token_request_method"] = "GET",
                ["token_url"] = $"https://graph.facebook.com/{version}/oauth/access_token",
            },
            ProviderTypes.LoginWithAmazon => new()
            {
                ["attributes_url"] = "https://api.amazon.com/user/profile",
                ["attributes_url_add_attributes"] = "false",
                ["authorize_url"] = "https://www.amazon.com/ap/oa",
                ["token_request_method"] = "POST",
                ["token_url"] = "https://api.amazon.com/auth/o2/token",
            },
            _ => new()
            {
                ["attributes_url_add_attributes"] = "false",
                ["authorize_url"] = "https://appleid.apple.com/auth/authorize",
                ["oidc_issuer"] = "https://appleid.apple.com",
                ["token_request_method"] = "POST",
                ["token_url"] = "https://appleid.apple.com/auth/token",
            },
        };
        foreach (var (key, value) in options.Endpoints.GetValueOrDefault(type) ?? [])
        {
            endpoints[key] = value;
        }

        foreach (var (key, value) in endpoints)
        {
            details[key] = value;
        }
    }

    private static string CheckUrl(string key, string value)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && string.IsNullOrEmpty(uri.UserInfo)
            ? value
            : throw CognitoErrors.InvalidParameter($"{key} must be an absolute https URL.");

    private static void SetOrRemove(Dictionary<string, string> details, string key, string? value)
    {
        if (value is null)
        {
            details.Remove(key);
        }
        else
        {
            details[key] = value;
        }
    }

    private static string Join(string[] keys) => keys.Length == 1 ? keys[0] : $"{string.Join(", ", keys[..^1])} and {keys[^1]}";

    [GeneratedRegex(@"^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+$")]
    private static partial Regex ProviderName();

    [GeneratedRegex(@"^[\w\s+=.@-]+$")]
    private static partial Regex IdpIdentifier();
}
