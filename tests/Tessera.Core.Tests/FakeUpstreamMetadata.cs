// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Federation;

namespace Tessera.Core.Tests;

/// <summary>Upstream providers' documents held in memory; a URL not set up is an unreachable upstream.</summary>
public sealed class FakeUpstreamMetadata : IUpstreamMetadata
{
    public Dictionary<string, OidcDiscovery> Discovery { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> SamlMetadata { get; } = new(StringComparer.Ordinal);

    public Task<OidcDiscovery> DiscoverAsync(Uri issuer, CancellationToken cancellationToken)
        => Discovery.TryGetValue(issuer.AbsoluteUri.TrimEnd('/'), out var found) ? Task.FromResult(found) : throw new UpstreamException($"{issuer} is down.");

    public Task<string> FetchSamlMetadataAsync(Uri metadataUrl, CancellationToken cancellationToken)
        => SamlMetadata.TryGetValue(metadataUrl.AbsoluteUri, out var found) ? Task.FromResult(found) : throw new UpstreamException($"{metadataUrl} is down.");
}
