// SPDX-License-Identifier: Apache-2.0
using System.Collections.Frozen;
using System.Text;
using Tessera.Core.Errors;
using Tessera.Core.OAuth;
using Tessera.Core.Pools;

namespace Tessera.Core.ResourceServers;

/// <summary>CreateResourceServer and friends: the custom scopes a pool can grant to client_credentials and code flows.</summary>
public sealed class ResourceServerService(IUserPoolStore pools, IResourceServerStore servers, OAuthLookupCache cache)
{
    public async Task<ResourceServer> CreateAsync(string poolId, string identifier, string name, IReadOnlyList<ResourceServerScopeType>? scopes, CancellationToken cancellationToken)
    {
        await RequirePoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        var server = new ResourceServer { PoolId = poolId, Identifier = identifier, Name = name, Scopes = CheckScopes(scopes) };
        if (!await servers.TryAddAsync(server, cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.InvalidParameter($"{identifier} already exists in pool {poolId}.");
        }

        return server;
    }

    public async Task<ResourceServer> GetAsync(string poolId, string identifier, CancellationToken cancellationToken)
    {
        await RequirePoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        return await servers.FindAsync(poolId, identifier, cancellationToken).ConfigureAwait(false)
            ?? throw CognitoErrors.ResourceNotFound($"Resource server {identifier} does not exist.");
    }

    /// <summary>UpdateResourceServer replaces the name and the whole scope list, as AWS does.</summary>
    public async Task<ResourceServer> UpdateAsync(string poolId, string identifier, string name, IReadOnlyList<ResourceServerScopeType>? scopes, CancellationToken cancellationToken)
    {
        var server = await GetAsync(poolId, identifier, cancellationToken).ConfigureAwait(false);
        server.Name = name;
        server.Scopes = CheckScopes(scopes);
        await servers.UpdateAsync(server, cancellationToken).ConfigureAwait(false);
        return server;
    }

    public async Task DeleteAsync(string poolId, string identifier, CancellationToken cancellationToken)
    {
        await RequirePoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        if (!await servers.DeleteAsync(poolId, identifier, cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.ResourceNotFound($"Resource server {identifier} does not exist.");
        }
    }

    /// <summary>A page of resource servers and the token for the next one (opaque to the caller).</summary>
    public async Task<(IReadOnlyList<ResourceServer> Page, string? NextToken)> ListAsync(string poolId, int? maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        await RequirePoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        string? after = null;
        if (nextToken is not null)
        {
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromBase64String(nextToken));
            }
            catch (FormatException)
            {
                throw CognitoErrors.InvalidParameter("Invalid pagination token.");
            }
        }

        var limit = maxResults ?? 50;
        var page = await servers.ListAsync(poolId, after, limit + 1, cancellationToken).ConfigureAwait(false);
        return page.Count > limit
            ? (page.Take(limit).ToList(), Convert.ToBase64String(Encoding.UTF8.GetBytes(page[limit - 1].Identifier)))
            : (page, null);
    }

    /// <summary>All <c>{identifier}/{scope}</c> names the pool defines (cached: every client_credentials grant asks).</summary>
    public async ValueTask<FrozenSet<string>> CustomScopesAsync(string poolId, CancellationToken cancellationToken)
        => await cache.CustomScopesAsync(poolId, LoadCustomScopesAsync(poolId), cancellationToken).ConfigureAwait(false) ?? FrozenSet<string>.Empty;

    private Func<CancellationToken, Task<FrozenSet<string>?>> LoadCustomScopesAsync(string poolId) => async cancellationToken =>
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        string? after = null;
        while (true)
        {
            var page = await servers.ListAsync(poolId, after, 50, cancellationToken).ConfigureAwait(false);
            foreach (var server in page)
            {
                foreach (var scope in server.Scopes)
                {
                    result.Add($"{server.Identifier}/{scope.ScopeName}");
                }
            }

            if (page.Count < 50)
            {
                return result.ToFrozenSet(StringComparer.Ordinal);
            }

            after = page[^1].Identifier;
        }
    };

    private async Task RequirePoolAsync(string poolId, CancellationToken cancellationToken)
        => _ = await pools.FindAsync(poolId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.UserPoolNotFound(poolId);

    private static List<ResourceServerScopeType> CheckScopes(IReadOnlyList<ResourceServerScopeType>? scopes)
    {
        var list = scopes?.ToList() ?? [];
        var duplicate = list.GroupBy(s => s.ScopeName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw CognitoErrors.InvalidParameter($"Duplicate scope names are not allowed: {duplicate.Key}");
        }

        return list;
    }
}
