// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Identity;

/// <summary>A Cognito identity pool: who may get an identity, and which roles its credentials carry.</summary>
public sealed class IdentityPool
{
    /// <summary><c>&lt;region&gt;:&lt;uuid&gt;</c>, as AWS shapes it.</summary>
    public required string Id { get; set; }

    public required string Name { get; set; }

    public bool AllowUnauthenticatedIdentities { get; set; }

    /// <summary>Unset is not false: AWS allows the basic flow unless it was explicitly disabled.</summary>
    public bool? AllowClassicFlow { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public IdentityPoolSettings Settings { get; set; } = new();
}

/// <summary>Everything else an identity pool carries; stored as one document.</summary>
public sealed class IdentityPoolSettings
{
    public Dictionary<string, string>? SupportedLoginProviders { get; set; }
    public string? DeveloperProviderName { get; set; }
    public List<string>? OpenIdConnectProviderARNs { get; set; }
    public List<CognitoIdentityProvider>? CognitoIdentityProviders { get; set; }
    public List<string>? SamlProviderARNs { get; set; }
    public Dictionary<string, string>? IdentityPoolTags { get; set; }

    /// <summary><c>authenticated</c> and <c>unauthenticated</c> role ARNs (SetIdentityPoolRoles).</summary>
    public Dictionary<string, string>? Roles { get; set; }

    /// <summary>Keyed by provider name, or <c>provider:clientId</c> for a user pool app client.</summary>
    public Dictionary<string, RoleMapping>? RoleMappings { get; set; }
}

/// <summary>A user pool app client whose ID tokens the identity pool accepts (AWS shape CognitoIdentityProvider).</summary>
public sealed record CognitoIdentityProvider
{
    public string? ProviderName { get; init; }
    public string? ClientId { get; init; }
    public bool? ServerSideTokenCheck { get; init; }
}

/// <summary>AWS shape RoleMapping: <c>Token</c> or <c>Rules</c>, and what to do when nothing decides.</summary>
public sealed record RoleMapping
{
    public required string Type { get; init; }
    public string? AmbiguousRoleResolution { get; init; }
    public RulesConfigurationType? RulesConfiguration { get; init; }
}

public sealed record RulesConfigurationType
{
    public required IReadOnlyList<MappingRule> Rules { get; init; }
}

public sealed record MappingRule
{
    public required string Claim { get; init; }
    public required string MatchType { get; init; }
    public required string Value { get; init; }
    public required string RoleARN { get; init; }
}
