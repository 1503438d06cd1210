// SPDX-License-Identifier: Apache-2.0
using System.ComponentModel.DataAnnotations;

namespace Tessera.Core.Federation;

/// <summary>The <c>Tessera:Federation</c> configuration section: how Tessera reaches upstream identity providers.</summary>
public sealed class FederationOptions
{
    /// <summary>
    /// Replaces the fixed internet endpoints of a social provider type, so Google, Facebook, Login with Amazon and
    /// Sign in with Apple can be pointed at a local stand-in: <c>Tessera:Federation:Endpoints:Google:authorize_url</c>
    /// and likewise <c>token_url</c>, <c>attributes_url</c>, <c>oidc_issuer</c>, <c>jwks_uri</c>. Empty by default.
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> Endpoints { get; } = new(StringComparer.Ordinal);

    /// <summary>How long a call to an upstream provider (discovery, metadata, token, JWKS) may take. Default 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
