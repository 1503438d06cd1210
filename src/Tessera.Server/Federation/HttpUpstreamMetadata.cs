// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Microsoft.Extensions.Options;
using Tessera.Core.Federation;

namespace Tessera.Server.Federation;

/// <summary>Fetches OpenID Connect discovery documents and SAML metadata from upstream providers.</summary>
internal sealed class HttpUpstreamMetadata(HttpClient http, IOptions<FederationOptions> options) : IUpstreamMetadata
{
    /// <summary>Metadata documents are small; a bigger answer is refused before it fills memory.</summary>
    private const int MaxDocumentBytes = 1 << 20;

    public async Task<OidcDiscovery> DiscoverAsync(Uri issuer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        // OpenID Connect Discovery 1.0 §4: the document lives at the issuer's path plus /.well-known/openid-configuration.
        var url = new Uri(issuer.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration");
        var text = await GetAsync(url, cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            string? Member(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return new OidcDiscovery(
                Member("issuer") ?? throw new UpstreamException($"The discovery document at {url} has no issuer."),
                Member("authorization_endpoint"),
                Member("token_endpoint"),
                Member("userinfo_endpoint"),
                Member("jwks_uri"));
        }
        catch (JsonException ex)
        {
            throw new UpstreamException($"The discovery document at {url} is not JSON.", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new UpstreamException($"The discovery document at {url} is not a JSON object.", ex);
        }
    }

    public Task<string> FetchSamlMetadataAsync(Uri metadataUrl, CancellationToken cancellationToken) => GetAsync(metadataUrl, cancellationToken);

    private async Task<string> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.UpstreamTimeout);
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new UpstreamException($"{url} answered {(int)response.StatusCode}.");
            }

            if (response.Content.Headers.ContentLength > MaxDocumentBytes)
            {
                throw new UpstreamException($"{url} answered a document over {MaxDocumentBytes} bytes.");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            var buffer = new MemoryStream();
            var chunk = new byte[16384];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxDocumentBytes)
                {
                    throw new UpstreamException($"{url} answered a document over {MaxDocumentBytes} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }

            return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (HttpRequestException ex)
        {
            throw new UpstreamException($"{url} could not be reached: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamException($"{url} did not answer within {options.Value.UpstreamTimeout}.", ex);
        }
    }
}
