// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tessera.Core.Security;

namespace Tessera.Core.Federation;

/// <summary>
/// Tessera as an OpenID Connect relying party of an OIDC provider (OpenID Connect Core 1.0 §3.1, the authorization
/// code flow with PKCE, RFC 7636): the request it sends the browser with, and the checks on the answer.
/// </summary>
public sealed class OidcFederation(IUpstreamOidc upstream, IdentityProviderService providers, TimeProvider time)
{
    /// <summary>The leeway for clocks that differ between Tessera and the provider.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>Google's issuer; its ID tokens carry it with or without the scheme.</summary>
    private const string GoogleIssuer = "https://accounts.google.com";

    /// <summary>Where to send the browser: the provider's authorize_url with our client, scopes, state, nonce and S256 challenge.</summary>
    public static string AuthorizeUrl(IdentityProvider provider, string redirectUri, FederationState state)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(state);
        var scope = provider.Details.GetValueOrDefault("authorize_scopes") ?? "openid";
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("response_type", "code"),
            new("client_id", provider.Details["client_id"]),
            new("redirect_uri", redirectUri),
            new("scope", scope),
            new("state", state.State),
            new("nonce", state.Nonce),
            new("code_challenge", Challenge(state.CodeVerifier)),
            new("code_challenge_method", "S256"),
        };
        if (provider.ProviderType == ProviderTypes.SignInWithApple && scope.Split(' ').Any(s => s is "name" or "email"))
        {
            // Sign in with Apple answers requests for name or email only with form_post: a POST to /oauth2/idpresponse.
            parameters.Add(new("response_mode", "form_post"));
        }

        var url = provider.Details["authorize_url"];
        var builder = new StringBuilder(url);
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (key, value) in parameters)
        {
            builder.Append(separator).Append(key).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return builder.ToString();
    }

    /// <summary>
    /// Exchanges <paramref name="code"/> at the token endpoint and verifies the ID token (signature from the provider's
    /// JWKS, issuer, audience, expiry, nonce; OpenID Connect Core §3.1.3.7); then adds what userInfo says when the provider
    /// has an attributes_url. Returns every claim as a string, as attribute mapping reads them.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> CompleteAsync(IdentityProvider provider, string code, string redirectUri, FederationState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(state);
        var tokens = await ExchangeCodeAsync(provider, code, redirectUri, state, cancellationToken).ConfigureAwait(false);
        var accessToken = String(tokens, "access_token");
        Dictionary<string, string> claims;
        if (provider.ProviderType is ProviderTypes.Facebook or ProviderTypes.LoginWithAmazon)
        {
            // OAuth 2.0 only: who signed in is what the profile endpoint says for the access token.
            claims = new Dictionary<string, string>(StringComparer.Ordinal);
            if (accessToken is null)
            {
                throw new FederationException("invalid_request", "The identity provider returned no access token.", "token response without access_token");
            }
        }
        else
        {
            var idToken = String(tokens, "id_token") ?? throw new FederationException("invalid_request", "The identity provider returned no ID token.", "token response without id_token");
            claims = await ValidateIdTokenAsync(provider, idToken, state.Nonce, cancellationToken).ConfigureAwait(false);
        }

        // Google and Apple say who the user is in the ID token; their attributes_url is not an OpenID userInfo endpoint.
        if (provider.ProviderType is not (ProviderTypes.Google or ProviderTypes.SignInWithApple)
            && provider.Details.GetValueOrDefault("attributes_url") is { } attributesUrl && accessToken is not null)
        {
            await AddUserInfoAsync(provider, AttributesUrl(provider, attributesUrl), accessToken, claims, cancellationToken).ConfigureAwait(false);
        }

        return claims;
    }

    /// <summary>The authorization code for tokens at token_url, by POST (or GET where token_request_method says so, as Facebook's).</summary>
    private async Task<JsonElement> ExchangeCodeAsync(IdentityProvider provider, string code, string redirectUri, FederationState state, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "authorization_code"),
            new("code", code),
            new("redirect_uri", redirectUri),
            new("client_id", provider.Details["client_id"]),
            new("code_verifier", state.CodeVerifier),
        };
        var secret = provider.ProviderType == ProviderTypes.SignInWithApple
            ? AppleClientSecret(provider)
            : providers.RevealSecret(provider, ProviderDetailsRules.ClientSecret);
        if (secret is not null)
        {
            form.Add(new("client_secret", secret));
        }

        try
        {
            var tokenUrl = provider.Details["token_url"];
            return provider.Details.GetValueOrDefault("token_request_method") == "GET"
                ? await upstream.GetJsonAsync(new Uri(tokenUrl + (tokenUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?') + Query(form)), null, cancellationToken).ConfigureAwait(false)
                : await upstream.PostFormAsync(new Uri(tokenUrl), form, null, cancellationToken).ConfigureAwait(false);
        }
        catch (UpstreamException e)
        {
            throw new FederationException("invalid_request", "The identity provider did not accept the sign-in.", e.Message);
        }
    }

    private async Task AddUserInfoAsync(IdentityProvider provider, Uri url, string accessToken, Dictionary<string, string> claims, CancellationToken cancellationToken)
    {
        JsonElement info;
        try
        {
            info = provider.Details.GetValueOrDefault("attributes_request_method") == "POST"
                ? await upstream.PostFormAsync(url, [], accessToken, cancellationToken).ConfigureAwait(false)
                : await upstream.GetJsonAsync(url, accessToken, cancellationToken).ConfigureAwait(false);
        }
        catch (UpstreamException e)
        {
            throw new FederationException("invalid_request", "The identity provider's user information could not be read.", e.Message);
        }

        // OpenID Connect Core §5.3.2: a userInfo answer for another subject must not be used.
        if (info.ValueKind != JsonValueKind.Object || (claims.TryGetValue("sub", out var subject) && String(info, "sub") is { } sub && sub != subject))
        {
            throw new FederationException("invalid_request", "The identity provider's user information is not for the signed-in user.", "userinfo sub differs from the ID token's");
        }

        foreach (var property in info.EnumerateObject())
        {
            claims.TryAdd(property.Name, AsString(property.Value));
        }
    }

    /// <summary>
    /// With attributes_url_add_attributes (Facebook's Graph API), the upstream fields the AttributeMapping reads are
    /// appended to the URL, as Cognito does: <c>…/me?fields=id,email,name</c>.
    /// </summary>
    private static Uri AttributesUrl(IdentityProvider provider, string attributesUrl)
    {
        if (provider.Details.GetValueOrDefault("attributes_url_add_attributes") != "true")
        {
            return new Uri(attributesUrl);
        }

        var fields = provider.AttributeMapping.Values.Append(provider.AttributeMapping.GetValueOrDefault("username") ?? "id").Distinct(StringComparer.Ordinal);
        return new Uri(attributesUrl + string.Join(',', fields.Select(Uri.EscapeDataString)));
    }

    /// <summary>
    /// Sign in with Apple's client secret: a JWT signed with the provider's private_key (ES256), key_id as kid, team_id
    /// as issuer, client_id as subject and Apple (oidc_issuer) as audience, valid five minutes.
    /// </summary>
    private string AppleClientSecret(IdentityProvider provider)
    {
        var pem = providers.RevealSecret(provider, ProviderDetailsRules.PrivateKey)
            ?? throw new FederationException("invalid_request", "The Sign in with Apple provider has no private key.", "no private_key");
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (ArgumentException e)
        {
            throw new FederationException("invalid_request", "The Sign in with Apple provider's private key cannot be read.", e.Message);
        }

        var now = time.GetUtcNow();
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = provider.Details["team_id"],
            Audience = provider.Details["oidc_issuer"],
            Subject = new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("sub", provider.Details["client_id"])]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + TimeSpan.FromMinutes(5)).UtcDateTime,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = provider.Details["key_id"] }, SecurityAlgorithms.EcdsaSha256),
        };
        return Handler.CreateToken(descriptor);
    }

    private static string Query(IEnumerable<KeyValuePair<string, string>> pairs)
        => string.Join('&', pairs.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    private async Task<Dictionary<string, string>> ValidateIdTokenAsync(IdentityProvider provider, string idToken, string nonce, CancellationToken cancellationToken)
    {
        JsonElement jwks;
        try
        {
            jwks = await upstream.GetJsonAsync(new Uri(JwksUri(provider)), null, cancellationToken).ConfigureAwait(false);
        }
        catch (UpstreamException e)
        {
            throw new FederationException("invalid_request", "The identity provider's signing keys could not be read.", e.Message);
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuers = provider.ProviderType == ProviderTypes.Google && provider.Details["oidc_issuer"] == GoogleIssuer
                ? [GoogleIssuer, "accounts.google.com"]
                : [provider.Details["oidc_issuer"]],
            ValidAudience = provider.Details["client_id"],
            IssuerSigningKeys = new JsonWebKeySet(jwks.GetRawText()).GetSigningKeys(),
            // Expiry is checked below against TimeProvider, so the fake clock of tests applies.
            ValidateLifetime = false,
            RequireSignedTokens = true,
            TryAllIssuerSigningKeys = true,
        };
        var result = await Handler.ValidateTokenAsync(idToken, parameters).ConfigureAwait(false);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            throw new FederationException("invalid_request", "The identity provider's ID token is not valid.", result.Exception?.Message);
        }

        var now = time.GetUtcNow();
        if (!token.TryGetPayloadValue<long>("exp", out var exp) || DateTimeOffset.FromUnixTimeSeconds(exp) + ClockSkew <= now)
        {
            throw new FederationException("invalid_request", "The identity provider's ID token has expired.", $"exp {exp}, now {now.ToUnixTimeSeconds()}");
        }

        if (!token.TryGetPayloadValue<string>("nonce", out var tokenNonce)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(tokenNonce ?? string.Empty), Encoding.UTF8.GetBytes(nonce)))
        {
            throw new FederationException("invalid_request", "The identity provider's ID token is not for this sign-in.", "nonce mismatch");
        }

        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(idToken.Split('.')[1]));
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in payload.RootElement.EnumerateObject())
        {
            claims[property.Name] = AsString(property.Value);
        }

        return claims.ContainsKey("sub") ? claims : throw new FederationException("invalid_request", "The identity provider's ID token has no subject.", "no sub");
    }

    /// <summary>The JWKS of the ID tokens: an OIDC provider's jwks_uri; Google's and Apple's published keys unless configured otherwise.</summary>
    private static string JwksUri(IdentityProvider provider)
        => provider.Details.GetValueOrDefault("jwks_uri") ?? provider.ProviderType switch
        {
            ProviderTypes.Google => "https://www.googleapis.com/oauth2/v3/certs",
            ProviderTypes.SignInWithApple => "https://appleid.apple.com/auth/keys",
            _ => throw new FederationException("invalid_request", "The identity provider has no signing keys.", "no jwks_uri"),
        };

    private static string Challenge(string verifier) => RandomIds.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static string? String(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Claims as attribute values: strings as they are, booleans as true/false, anything else as its JSON.</summary>
    private static string AsString(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}
