// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Options;
using Tessera.Core.Errors;
using Tessera.Core.Tagging;

namespace Tessera.Core.Identity;

/// <summary>Creates, changes and deletes identity pools and their roles.</summary>
public sealed class IdentityPoolService(IIdentityPoolStore pools, IOptions<TesseraOptions> options, TimeProvider time)
{
    public async Task<IdentityPool> CreateAsync(string name, bool allowUnauthenticated, bool? allowClassicFlow, IdentityPoolSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Validate(settings);
        var now = time.GetUtcNow();
        var pool = new IdentityPool
        {
            Id = $"{options.Value.Region}:{Guid.NewGuid()}",
            Name = name,
            AllowUnauthenticatedIdentities = allowUnauthenticated,
            AllowClassicFlow = allowClassicFlow,
            Settings = settings,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await pools.AddAsync(pool, cancellationToken).ConfigureAwait(false);
        return pool;
    }

    public async Task<IdentityPool> GetAsync(string identityPoolId, CancellationToken cancellationToken)
        => await pools.FindAsync(identityPoolId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.IdentityPoolNotFound(identityPoolId);

    /// <summary>UpdateIdentityPool replaces the whole configuration; roles are kept (they have their own operation).</summary>
    public async Task<IdentityPool> UpdateAsync(string identityPoolId, string name, bool allowUnauthenticated, bool? allowClassicFlow, IdentityPoolSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Validate(settings);
        var pool = await GetAsync(identityPoolId, cancellationToken).ConfigureAwait(false);
        settings.Roles = pool.Settings.Roles;
        settings.RoleMappings = pool.Settings.RoleMappings;
        settings.IdentityPoolTags ??= pool.Settings.IdentityPoolTags;
        pool.Name = name;
        pool.AllowUnauthenticatedIdentities = allowUnauthenticated;
        pool.AllowClassicFlow = allowClassicFlow ?? pool.AllowClassicFlow;
        pool.Settings = settings;
        pool.UpdatedAt = time.GetUtcNow();
        await pools.UpdateAsync(pool, cancellationToken).ConfigureAwait(false);
        return pool;
    }

    /// <summary>ListTagsForResource: the tags of the identity pool the ARN names.</summary>
    public async Task<IReadOnlyDictionary<string, string>> TagsAsync(string arn, CancellationToken cancellationToken)
        => (await GetAsync(ResourceArns.IdentityPoolId(options.Value, arn), cancellationToken).ConfigureAwait(false)).Settings.IdentityPoolTags ?? new Dictionary<string, string>();

    public Task TagAsync(string arn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
        => ChangeTagsAsync(arn, current => ResourceTags.Add(current, tags), cancellationToken);

    public Task UntagAsync(string arn, IReadOnlyList<string> keys, CancellationToken cancellationToken)
        => ChangeTagsAsync(arn, current => ResourceTags.Remove(current, keys), cancellationToken);

    public async Task DeleteAsync(string identityPoolId, CancellationToken cancellationToken)
    {
        if (!await pools.DeleteAsync(identityPoolId, cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.IdentityPoolNotFound(identityPoolId);
        }
    }

    public async Task SetRolesAsync(string identityPoolId, Dictionary<string, string> roles, Dictionary<string, RoleMapping>? roleMappings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roles);
        foreach (var (type, arn) in roles)
        {
            if (type is not ("authenticated" or "unauthenticated"))
            {
                throw CognitoErrors.InvalidParameter($"Invalid role type: {type}");
            }

            ValidateRoleArn(arn);
        }

        foreach (var (provider, mapping) in roleMappings ?? [])
        {
            if (mapping.Type is "Token" or "Rules" && mapping.AmbiguousRoleResolution is null)
            {
                throw CognitoErrors.InvalidParameter($"AmbiguousRoleResolution must be specified for role mapping of type {mapping.Type} ({provider}).");
            }

            if (mapping.Type == "Rules" && mapping.RulesConfiguration is not { Rules.Count: > 0 })
            {
                throw CognitoErrors.InvalidParameter($"RulesConfiguration is required for role mapping of type Rules ({provider}).");
            }

            if (mapping.RulesConfiguration?.Rules.Count > 25)
            {
                throw CognitoErrors.InvalidParameter("A role mapping can have at most 25 rules.");
            }

            foreach (var rule in mapping.RulesConfiguration?.Rules ?? [])
            {
                ValidateRoleArn(rule.RoleARN);
            }
        }

        var pool = await GetAsync(identityPoolId, cancellationToken).ConfigureAwait(false);
        pool.Settings.Roles = roles;
        pool.Settings.RoleMappings = roleMappings is { Count: > 0 } ? roleMappings : null;
        pool.UpdatedAt = time.GetUtcNow();
        await pools.UpdateAsync(pool, cancellationToken).ConfigureAwait(false);
    }

    public async Task<(IReadOnlyList<IdentityPool> Pools, string? NextToken)> ListAsync(int maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        var page = await pools.ListAsync(nextToken, maxResults + 1, cancellationToken).ConfigureAwait(false);
        return page.Count > maxResults ? (page.Take(maxResults).ToList(), page[maxResults - 1].Id) : (page, null);
    }

    private async Task ChangeTagsAsync(string arn, Func<IReadOnlyDictionary<string, string>?, IReadOnlyDictionary<string, string>> change, CancellationToken cancellationToken)
    {
        var pool = await GetAsync(ResourceArns.IdentityPoolId(options.Value, arn), cancellationToken).ConfigureAwait(false);
        pool.Settings.IdentityPoolTags = new Dictionary<string, string>(change(pool.Settings.IdentityPoolTags), StringComparer.Ordinal);
        await pools.UpdateAsync(pool, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Role ARNs have the IAM form; the account is not checked, as Tessera has no IAM.</summary>
    public static void ValidateRoleArn(string arn)
    {
        if (!arn.StartsWith("arn:aws:iam::", StringComparison.Ordinal) || !arn.Contains(":role/", StringComparison.Ordinal) || arn.EndsWith('/'))
        {
            throw CognitoErrors.InvalidParameter($"Invalid role ARN: {arn}");
        }
    }

    private static void Validate(IdentityPoolSettings settings)
    {
        ResourceTags.Check(settings.IdentityPoolTags);
        foreach (var provider in settings.CognitoIdentityProviders ?? [])
        {
            if (string.IsNullOrEmpty(provider.ProviderName) || string.IsNullOrEmpty(provider.ClientId))
            {
                throw CognitoErrors.InvalidParameter("CognitoIdentityProvider requires ProviderName and ClientId.");
            }
        }
    }
}
