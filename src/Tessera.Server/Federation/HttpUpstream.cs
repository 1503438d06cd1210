// SPDX-License-Identifier: Apache-2.0
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Tessera.Core.Federation;

namespace Tessera.Server.Federation;

/// <summary>Tessera's calls to upstream identity providers: discovery and metadata documents, token, JWKS and userInfo.</summary>
internal sealed class HttpUpstream(HttpClient http, IOptions<FederationOptions> options) : IUpstreamMetadata, IUpstreamOidc
{
    /// <summary>Upstream documents are small; a bigger answer is refused before it fills memory.</summary>
    private const int MaxDocumentBytes = 1 << 20;

    public async Task<OidcDiscovery> DiscoverAsync(Uri issuer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        // OpenID Connect Discovery 1.0 §4: the document lives at the issuer's path plus /.well-known/openid-configuration.
        var url = new Uri(issuer.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration");
        var root = await GetJsonAsync(url, null, cancellationToken).ConfigureAwait(false);
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new UpstreamException($"The discovery document at {url} is not a JSON object.");
        }

        string? Member(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new OidcDiscovery(
            Member("issuer") ?? throw new UpstreamException($"The discovery document at {url} has no issuer."),
            Member("authorization_endpoint"),
            Member("token_endpoint"),
            Member("userinfo_endpoint"),
            Member("jwks_uri"));
    }

    public async Task<string> FetchSamlMetadataAsync(Uri metadataUrl, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, metadataUrl);
        var (_, text) = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return text;
    }

    public async Task<JsonElement> GetJsonAsync(Uri url, string? bearerToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        return await JsonAsync(request, bearerToken, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonElement> PostFormAsync(Uri url, IReadOnlyList<KeyValuePair<string, string>> form, string? bearerToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        return await JsonAsync(request, bearerToken, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonElement> JsonAsync(HttpRequestMessage request, string? bearerToken, CancellationToken cancellationToken)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (bearerToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        var (status, text) = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new UpstreamException($"{request.RequestUri} answered {status} with a body that is not JSON.", ex);
        }
    }

    private async Task<(int Status, string Text)> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.UpstreamTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var text = await ReadAsync(response, request.RequestUri, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                // The body of an error (RFC 6749 §5.2 error, error_description) is for the log only.
                throw new UpstreamException($"{request.RequestUri} answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
            }

            return ((int)response.StatusCode, text);
        }
        catch (HttpRequestException ex)
        {
            throw new UpstreamException($"{request.RequestUri} could not be reached: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamException($"{request.RequestUri} did not answer within {options.Value.UpstreamTimeout}.", ex);
        }
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response, Uri? url, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxDocumentBytes)
        {
            throw new UpstreamException($"{url} answered a document over {MaxDocumentBytes} bytes.");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxDocumentBytes)
            {
                throw new UpstreamException($"{url} answered a document over {MaxDocumentBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
