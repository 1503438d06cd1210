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

    /// <summary>Where to send the browser: the provider's authorize_url with our client, scopes, state, nonce and S256 challenge.</summary>
    public static string AuthorizeUrl(IdentityProvider provider, string redirectUri, FederationState state)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(state);
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("response_type", "code"),
            new("client_id", provider.Details["client_id"]),
            new("redirect_uri", redirectUri),
            new("scope", provider.Details.GetValueOrDefault("authorize_scopes") ?? "openid"),
            new("state", state.State),
            new("nonce", state.Nonce),
            new("code_challenge", Challenge(state.CodeVerifier)),
            new("code_challenge_method", "S256"),
        };
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
        var clientId = provider.Details["client_id"];
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "authorization_code"),
            new("code", code),
            new("redirect_uri", redirectUri),
            new("client_id", clientId),
            new("code_verifier", state.CodeVerifier),
        };
        if (providers.RevealSecret(provider, ProviderDetailsRules.ClientSecret) is { } secret)
        {
            form.Add(new("client_secret", secret));
        }

        JsonElement tokens;
        try
        {
            tokens = await upstream.PostFormAsync(new Uri(provider.Details["token_url"]), form, null, cancellationToken).ConfigureAwait(false);
        }
        catch (UpstreamException e)
        {
            throw new FederationException("invalid_request", "The identity provider did not accept the sign-in.", e.Message);
        }

        var idToken = String(tokens, "id_token") ?? throw new FederationException("invalid_request", "The identity provider returned no ID token.", "token response without id_token");
        var claims = await ValidateIdTokenAsync(provider, idToken, state.Nonce, cancellationToken).ConfigureAwait(false);

        if (provider.Details.GetValueOrDefault("attributes_url") is { } attributesUrl && String(tokens, "access_token") is { } accessToken)
        {
            JsonElement info;
            try
            {
                var url = new Uri(attributesUrl);
                info = provider.Details.GetValueOrDefault("attributes_request_method") == "POST"
                    ? await upstream.PostFormAsync(url, [], accessToken, cancellationToken).ConfigureAwait(false)
                    : await upstream.GetJsonAsync(url, accessToken, cancellationToken).ConfigureAwait(false);
            }
            catch (UpstreamException e)
            {
                throw new FederationException("invalid_request", "The identity provider's user information could not be read.", e.Message);
            }

            // OpenID Connect Core §5.3.2: a userInfo answer for another subject must not be used.
            if (info.ValueKind != JsonValueKind.Object || String(info, "sub") is { } sub && sub != claims["sub"])
            {
                throw new FederationException("invalid_request", "The identity provider's user information is not for the signed-in user.", "userinfo sub differs from the ID token's");
            }

            foreach (var property in info.EnumerateObject())
            {
                claims.TryAdd(property.Name, AsString(property.Value));
            }
        }

        return claims;
    }

    private async Task<Dictionary<string, string>> ValidateIdTokenAsync(IdentityProvider provider, string idToken, string nonce, CancellationToken cancellationToken)
    {
        JsonElement jwks;
        try
        {
            jwks = await upstream.GetJsonAsync(new Uri(provider.Details["jwks_uri"]), null, cancellationToken).ConfigureAwait(false);
        }
        catch (UpstreamException e)
        {
            throw new FederationException("invalid_request", "The identity provider's signing keys could not be read.", e.Message);
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = provider.Details["oidc_issuer"],
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
