// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Federation;

/// <summary>
/// An external identity provider of a user pool (AWS shape IdentityProviderType). Secret details (an OIDC or social
/// <c>client_secret</c>, Apple's <c>private_key</c>) are not in <see cref="Details"/>: they are sealed with the master
/// key in <see cref="SealedSecrets"/>, like app client secrets.
/// </summary>
public sealed class IdentityProvider
{
    public required string PoolId { get; set; }
    public required string ProviderName { get; set; }

    /// <summary>One of <see cref="ProviderTypes"/>.</summary>
    public required string ProviderType { get; set; }

    /// <summary>ProviderDetails without the secret ones, completed with the endpoints DescribeIdentityProvider shows.</summary>
    public Dictionary<string, string> Details { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The secret ProviderDetails as a JSON object, sealed; null when the provider has none.</summary>
    public byte[]? SealedSecrets { get; set; }

    /// <summary>User pool attribute name to upstream claim or SAML attribute name.</summary>
    public Dictionary<string, string> AttributeMapping { get; set; } = new(StringComparer.Ordinal);

    public List<string> IdpIdentifiers { get; set; } = [];

    /// <summary>A SAML provider's IdP metadata as fetched from its MetadataURL or given as its MetadataFile.</summary>
    public string? Metadata { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastModifiedAt { get; set; }
}
