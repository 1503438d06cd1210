// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Identity;
using Tessera.Core.Security;
using Tessera.Server.Discovery;
using Tessera.Server.Hosting;

namespace Tessera.Server.CognitoIdentity;

/// <summary>
/// <c>/.well-known/jwks_uri</c>: the keys of identity-pool OpenID tokens (GetOpenIdToken), at the path
/// cognito-identity.amazonaws.com publishes them.
/// </summary>
internal static class OpenIdKeysEndpoint
{
    public static void MapIdentityKeys(this IEndpointRouteBuilder app)
        => app.MapGet("/.well-known/jwks_uri", JwksAsync).RequireCors(BrowserAccess.Policy);

    private static async Task<IResult> JwksAsync(IdentityKeyRing keys, HttpContext context, CancellationToken cancellationToken)
    {
        var jwks = (await keys.VerificationKeysAsync(cancellationToken).ConfigureAwait(false)).Select(k =>
        {
            var p = k.Rsa.ExportParameters(false);
            return new Jwk("RS512", RandomIds.Base64Url(p.Exponent), k.KeyId, "RSA", RandomIds.Base64Url(p.Modulus), "sig");
        }).ToArray();
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Json(new JwksDocument(jwks), DiscoveryJsonContext.Default.JwksDocument);
    }
}
