// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Federation;

namespace Tessera.Server.CognitoIdp.Shapes;

/// <summary>IdentityProviderType, as Create, Describe, Update and GetIdentityProviderByIdentifier return it.</summary>
internal sealed record IdentityProviderType(
    string UserPoolId,
    string ProviderName,
    string ProviderType,
    IReadOnlyDictionary<string, string> ProviderDetails,
    IReadOnlyDictionary<string, string> AttributeMapping,
    IReadOnlyList<string> IdpIdentifiers,
    DateTimeOffset LastModifiedDate,
    DateTimeOffset CreationDate)
{
    public static IdentityProviderType From(IdentityProvider provider, IdentityProviderService service) => new(
        provider.PoolId,
        provider.ProviderName,
        provider.ProviderType,
        service.DescribeDetails(provider),
        provider.AttributeMapping,
        provider.IdpIdentifiers,
        provider.LastModifiedAt,
        provider.CreatedAt);
}

/// <summary>ProviderDescription, one entry of ListIdentityProviders.</summary>
internal sealed record ProviderDescription(string ProviderName, string ProviderType, DateTimeOffset LastModifiedDate, DateTimeOffset CreationDate)
{
    public static ProviderDescription From(IdentityProvider provider) => new(provider.ProviderName, provider.ProviderType, provider.LastModifiedAt, provider.CreatedAt);
}
