// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Federation;

/// <summary>
/// Reads what an upstream provider publishes about itself. The server implements it over HTTP; each method throws
/// <see cref="UpstreamException"/> when the document cannot be fetched or read.
/// </summary>
public interface IUpstreamMetadata
{
    /// <summary>The OpenID Connect discovery document of <paramref name="issuer"/> (<c>/.well-known/openid-configuration</c>).</summary>
    Task<OidcDiscovery> DiscoverAsync(Uri issuer, CancellationToken cancellationToken);

    /// <summary>The SAML 2.0 metadata document at <paramref name="metadataUrl"/>, as text.</summary>
    Task<string> FetchSamlMetadataAsync(Uri metadataUrl, CancellationToken cancellationToken);
}

/// <summary>The members of an OpenID Connect discovery document that federation uses.</summary>
public sealed record OidcDiscovery(string Issuer, string? AuthorizationEndpoint, string? TokenEndpoint, string? UserInfoEndpoint, string? JwksUri);

/// <summary>An upstream provider could not be reached or answered something unusable; the message is for logs.</summary>
public sealed class UpstreamException(string message, Exception? inner = null) : Exception(message, inner);
