// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.HostedUi;
using Tessera.Core.OAuth;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Tokens;
using Tessera.Server.Hosting;

namespace Tessera.Server.Discovery;

/// <summary><c>/{poolId}/.well-known/openid-configuration</c> and <c>/{poolId}/.well-known/jwks.json</c>, as Cognito serves them.</summary>
internal static class DiscoveryEndpoints
{
    public static void MapDiscovery(this IEndpointRouteBuilder app)
    {
        app.MapGet("/{poolId}/.well-known/jwks.json", JwksAsync).RequireCors(BrowserAccess.Policy);
        app.MapGet("/{poolId}/.well-known/openid-configuration", ConfigurationAsync).RequireCors(BrowserAccess.Policy);
    }

    private static async Task<IResult> JwksAsync(string poolId, IUserPoolStore pools, KeyRing keys, HttpContext context, CancellationToken cancellationToken)
    {
        if (await pools.FindAsync(poolId, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotFound(poolId);
        }

        var jwks = (await keys.VerificationKeysAsync(poolId, cancellationToken).ConfigureAwait(false)).Select(k =>
        {
            var p = k.Rsa.ExportParameters(false);
            return new Jwk("RS256", RandomIds.Base64Url(p.Exponent), k.KeyId, "RSA", RandomIds.Base64Url(p.Modulus), "sig");
        }).ToArray();
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Json(new JwksDocument(jwks), DiscoveryJsonContext.Default.JwksDocument);
    }

    private static async Task<IResult> ConfigurationAsync(string poolId, IUserPoolStore pools, IUserPoolDomainStore domains, IOptions<TesseraOptions> options, CancellationToken cancellationToken)
    {
        if (await pools.FindAsync(poolId, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotFound(poolId);
        }

        var issuer = options.Value.Issuer(poolId);
        var publicUrl = options.Value.PublicUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var local = $"{publicUrl}/{poolId}";
        // The OAuth endpoints exist once the pool has a domain; the prefix domain is advertised, path-routed so no DNS is needed.
        var domain = (await domains.ListForPoolAsync(poolId, cancellationToken).ConfigureAwait(false)).OrderBy(d => d.CertificateArn is null ? 0 : 1).FirstOrDefault();
        var auth = domain is null ? null : $"{publicUrl}/auth/{domain.Domain}";
        var document = new OpenIdConfiguration(
            Issuer: issuer,
            JwksUri: $"{issuer}/.well-known/jwks.json",
            IdTokenSigningAlgValuesSupported: ["RS256"],
            ResponseTypesSupported: ["code", "token"],
            ScopesSupported: ["openid", "email", "phone", "profile"],
            SubjectTypesSupported: ["public"],
            TokenEndpointAuthMethodsSupported: ["client_secret_basic", "client_secret_post"])
        {
            // The local JWKS is always reachable, whatever the issuer says.
            JwksUriLocal = options.Value.IssuerMode == IssuerMode.Aws ? $"{local}/.well-known/jwks.json" : null,
            AuthorizationEndpoint = auth is null ? null : $"{auth}/oauth2/authorize",
            TokenEndpoint = auth is null ? null : $"{auth}/oauth2/token",
            UserInfoEndpoint = auth is null ? null : $"{auth}/oauth2/userInfo",
            RevocationEndpoint = auth is null ? null : $"{auth}/oauth2/revoke",
            EndSessionEndpoint = auth is null ? null : $"{auth}/logout",
            CodeChallengeMethodsSupported = auth is null ? null : [Pkce.S256],
            GrantTypesSupported = auth is null ? null : ["authorization_code", "refresh_token", "client_credentials"],
        };
        return Results.Json(document, DiscoveryJsonContext.Default.OpenIdConfiguration);
    }

    private static IResult NotFound(string poolId)
        => Results.Json(new DiscoveryError($"User pool {poolId} does not exist."), DiscoveryJsonContext.Default.DiscoveryError, statusCode: 404);
}

internal sealed record Jwk(
    [property: JsonPropertyName("alg")] string Alg,
    [property: JsonPropertyName("e")] string E,
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("n")] string N,
    [property: JsonPropertyName("use")] string Use);

internal sealed record JwksDocument([property: JsonPropertyName("keys")] IReadOnlyList<Jwk> Keys);

internal sealed record OpenIdConfiguration(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("jwks_uri")] string JwksUri,
    [property: JsonPropertyName("id_token_signing_alg_values_supported")] IReadOnlyList<string> IdTokenSigningAlgValuesSupported,
    [property: JsonPropertyName("response_types_supported")] IReadOnlyList<string> ResponseTypesSupported,
    [property: JsonPropertyName("scopes_supported")] IReadOnlyList<string> ScopesSupported,
    [property: JsonPropertyName("subject_types_supported")] IReadOnlyList<string> SubjectTypesSupported,
    [property: JsonPropertyName("token_endpoint_auth_methods_supported")] IReadOnlyList<string> TokenEndpointAuthMethodsSupported)
{
    [JsonPropertyName("x_tessera_local_jwks_uri")]
    public string? JwksUriLocal { get; init; }

    [JsonPropertyName("authorization_endpoint")]
    public string? AuthorizationEndpoint { get; init; }

    [JsonPropertyName("token_endpoint")]
    public string? TokenEndpoint { get; init; }

    [JsonPropertyName("userinfo_endpoint")]
    public string? UserInfoEndpoint { get; init; }

    [JsonPropertyName("revocation_endpoint")]
    public string? RevocationEndpoint { get; init; }

    [JsonPropertyName("end_session_endpoint")]
    public string? EndSessionEndpoint { get; init; }

    [JsonPropertyName("code_challenge_methods_supported")]
    public IReadOnlyList<string>? CodeChallengeMethodsSupported { get; init; }

    [JsonPropertyName("grant_types_supported")]
    public IReadOnlyList<string>? GrantTypesSupported { get; init; }
}

internal sealed record DiscoveryError([property: JsonPropertyName("message")] string Message);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JwksDocument))]
[JsonSerializable(typeof(OpenIdConfiguration))]
[JsonSerializable(typeof(DiscoveryError))]
internal sealed partial class DiscoveryJsonContext : JsonSerializerContext;
