// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Tessera.Core.Federation;

namespace Tessera.Core.Tests;

/// <summary>Upstream providers held in memory; a URL not set up is an unreachable upstream.</summary>
public sealed class FakeUpstreamMetadata : IUpstreamMetadata, IUpstreamOidc
{
    /// <summary>JSON endpoints by URL: given the form (empty for a GET) and the bearer token, their answer.</summary>
    public Dictionary<string, Func<IReadOnlyList<KeyValuePair<string, string>>, string?, object>> Json { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, OidcDiscovery> Discovery { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> SamlMetadata { get; } = new(StringComparer.Ordinal);

    public Task<OidcDiscovery> DiscoverAsync(Uri issuer, CancellationToken cancellationToken)
        => Discovery.TryGetValue(issuer.AbsoluteUri.TrimEnd('/'), out var found) ? Task.FromResult(found) : throw new UpstreamException($"{issuer} is down.");

    public Task<string> FetchSamlMetadataAsync(Uri metadataUrl, CancellationToken cancellationToken)
        => SamlMetadata.TryGetValue(metadataUrl.AbsoluteUri, out var found) ? Task.FromResult(found) : throw new UpstreamException($"{metadataUrl} is down.");

    public Task<JsonElement> PostFormAsync(Uri url, IReadOnlyList<KeyValuePair<string, string>> form, string? bearerToken, CancellationToken cancellationToken)
        => Answer(url, form, bearerToken);

    public Task<JsonElement> GetJsonAsync(Uri url, string? bearerToken, CancellationToken cancellationToken) => Answer(url, [], bearerToken);

    /// <summary>The endpoint registered for the whole URL; else the one for its path, given the query as the form.</summary>
    private Task<JsonElement> Answer(Uri url, IReadOnlyList<KeyValuePair<string, string>> form, string? bearerToken)
    {
        if (Json.TryGetValue(url.AbsoluteUri, out var endpoint))
        {
            return Task.FromResult(JsonSerializer.SerializeToElement(endpoint(form, bearerToken)));
        }

        var query = url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0]), p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty))
            .ToList();
        return Json.TryGetValue(url.GetLeftPart(UriPartial.Path), out endpoint)
            ? Task.FromResult(JsonSerializer.SerializeToElement(endpoint(query, bearerToken)))
            : throw new UpstreamException($"{url} is down.");
    }
}
