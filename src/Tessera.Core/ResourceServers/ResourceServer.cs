// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.ResourceServers;

public sealed record ResourceServerScopeType(string ScopeName, string ScopeDescription);

/// <summary>An API the pool issues custom scopes for: <c>{Identifier}/{ScopeName}</c>.</summary>
public sealed class ResourceServer
{
    public required string PoolId { get; set; }
    public required string Identifier { get; set; }
    public required string Name { get; set; }
    public List<ResourceServerScopeType> Scopes { get; set; } = [];
}
