// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Identity;

namespace Tessera.Server.CognitoIdentity.Shapes;

/// <summary>The model's IdentityPool shape: the input of UpdateIdentityPool and the output of Create/Describe/Update.</summary>
internal sealed record IdentityPoolType
{
    public required string IdentityPoolId { get; init; }
    public required string IdentityPoolName { get; init; }
    public required bool AllowUnauthenticatedIdentities { get; init; }
    public bool? AllowClassicFlow { get; init; }
    public Dictionary<string, string>? SupportedLoginProviders { get; init; }
    public string? DeveloperProviderName { get; init; }
    public List<string>? OpenIdConnectProviderARNs { get; init; }
    public List<CognitoIdentityProvider>? CognitoIdentityProviders { get; init; }
    public List<string>? SamlProviderARNs { get; init; }
    public Dictionary<string, string>? IdentityPoolTags { get; init; }

    public static IdentityPoolType From(IdentityPool pool) => new()
    {
        IdentityPoolId = pool.Id,
        IdentityPoolName = pool.Name,
        AllowUnauthenticatedIdentities = pool.AllowUnauthenticatedIdentities,
        AllowClassicFlow = pool.AllowClassicFlow,
        SupportedLoginProviders = pool.Settings.SupportedLoginProviders,
        DeveloperProviderName = pool.Settings.DeveloperProviderName,
        // AWS always lists these two, empty when unset.
        OpenIdConnectProviderARNs = pool.Settings.OpenIdConnectProviderARNs ?? [],
        CognitoIdentityProviders = pool.Settings.CognitoIdentityProviders ?? [],
        SamlProviderARNs = pool.Settings.SamlProviderARNs,
        IdentityPoolTags = pool.Settings.IdentityPoolTags,
    };

    public IdentityPoolSettings ToSettings() => new()
    {
        SupportedLoginProviders = SupportedLoginProviders,
        DeveloperProviderName = DeveloperProviderName,
        OpenIdConnectProviderARNs = OpenIdConnectProviderARNs,
        CognitoIdentityProviders = CognitoIdentityProviders?.Select(p => p with { ServerSideTokenCheck = p.ServerSideTokenCheck ?? false }).ToList(),
        SamlProviderARNs = SamlProviderARNs,
        IdentityPoolTags = IdentityPoolTags,
    };
}

/// <summary>The model's Credentials shape; note <c>SecretKey</c>, not <c>SecretAccessKey</c>.</summary>
internal sealed record CredentialsType(string AccessKeyId, string SecretKey, string SessionToken, DateTimeOffset Expiration)
{
    public static CredentialsType From(TemporaryCredentials credentials)
        => new(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, credentials.Expiration);
}

/// <summary>The model's IdentityDescription shape.</summary>
internal sealed record IdentityDescription(string IdentityId, IReadOnlyList<string>? Logins, DateTimeOffset CreationDate, DateTimeOffset LastModifiedDate)
{
    public static IdentityDescription From(IdentityView view)
        => new(view.Identity.Id, view.Logins.Count > 0 ? view.Logins : null, view.Identity.CreatedAt, view.Identity.UpdatedAt);
}
