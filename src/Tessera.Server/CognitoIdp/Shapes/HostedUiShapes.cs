// SPDX-License-Identifier: Apache-2.0
using Tessera.Core;
using Tessera.Core.HostedUi;
using Tessera.Core.ResourceServers;

namespace Tessera.Server.CognitoIdp.Shapes;

internal sealed record CustomDomainConfigType(string CertificateArn, string? SecurityPolicy = null);

internal sealed record DomainDescriptionType
{
    public string? UserPoolId { get; init; }
    public string? AWSAccountId { get; init; }
    public string? Domain { get; init; }
    public string? CloudFrontDistribution { get; init; }
    public string? Version { get; init; }
    public string? Status { get; init; }
    public CustomDomainConfigType? CustomDomainConfig { get; init; }
    public int? ManagedLoginVersion { get; init; }

    public static DomainDescriptionType From(UserPoolDomain domain, TesseraOptions options) => new()
    {
        UserPoolId = domain.PoolId,
        AWSAccountId = options.AccountId,
        Domain = domain.Domain,
        // The host that serves this domain here; AWS names its CloudFront distribution.
        CloudFrontDistribution = options.PublicUrl.Host,
        Version = domain.UpdatedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        Status = "ACTIVE",
        CustomDomainConfig = domain.CertificateArn is null ? null : new CustomDomainConfigType(domain.CertificateArn, domain.SecurityPolicy),
        ManagedLoginVersion = domain.ManagedLoginVersion,
    };
}

internal sealed record ResourceServerType(string UserPoolId, string Identifier, string Name, IReadOnlyList<ResourceServerScopeType> Scopes)
{
    public static ResourceServerType From(ResourceServer server) => new(server.PoolId, server.Identifier, server.Name, server.Scopes);
}

internal sealed record UICustomizationType
{
    public string? UserPoolId { get; init; }
    public string? ClientId { get; init; }
    public string? ImageUrl { get; init; }
    public string? CSS { get; init; }
    public string? CSSVersion { get; init; }
    public DateTimeOffset? LastModifiedDate { get; init; }
    public DateTimeOffset? CreationDate { get; init; }

    public static UICustomizationType From(UiCustomization c, TesseraOptions options) => new()
    {
        UserPoolId = c.PoolId,
        ClientId = c.ClientId,
        ImageUrl = c.Image is null ? null : $"{options.PublicUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}/{c.PoolId}/ui/{c.ClientId}/logo?v={c.Version}",
        CSS = c.Css,
        CSSVersion = c.Version == 0 ? null : c.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        LastModifiedDate = c.Version == 0 ? null : c.UpdatedAt,
        CreationDate = c.Version == 0 ? null : c.CreatedAt,
    };
}
