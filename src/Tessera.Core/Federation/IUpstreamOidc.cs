// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;

namespace Tessera.Core.Federation;

/// <summary>
/// The calls an OpenID Connect relying party makes to its provider. The server implements them over HTTP; each
/// throws <see cref="UpstreamException"/> when the provider cannot be reached or answers an error.
/// </summary>
public interface IUpstreamOidc
{
    /// <summary>POSTs a form (the token endpoint; userInfo by POST with <paramref name="bearerToken"/>) and reads the JSON answer.</summary>
    Task<JsonElement> PostFormAsync(Uri url, IReadOnlyList<KeyValuePair<string, string>> form, string? bearerToken, CancellationToken cancellationToken);

    /// <summary>GETs a JSON document (a JWKS; userInfo with <paramref name="bearerToken"/>).</summary>
    Task<JsonElement> GetJsonAsync(Uri url, string? bearerToken, CancellationToken cancellationToken);
}
