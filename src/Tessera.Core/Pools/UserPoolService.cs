// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Options;
using Tessera.Core.Errors;
using Tessera.Core.Security;
using Tessera.Core.Tagging;
using Tessera.Core.Tokens;

namespace Tessera.Core.Pools;

/// <summary>Creates, changes and removes user pools; each new pool gets its own signing keys.</summary>
public sealed class UserPoolService(IUserPoolStore pools, KeyRing keys, IOptions<TesseraOptions> options, TimeProvider time)
{
    public async Task<UserPool> CreateAsync(string name, UserPoolSettings settings, IReadOnlyList<SchemaAttributeType>? schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings = Normalize(VerificationMessages.Reconcile(SchemaAttributeRules.WithSchema(settings, schema)));
        var now = time.GetUtcNow();
        var pool = new UserPool
        {
            Id = RandomIds.UserPoolId(options.Value.Region),
            Name = name,
            CreatedAt = now,
            UpdatedAt = now,
            Settings = settings,
        };
        var signingKeys = keys.NewPoolKeys(pool.Id);
        await pools.AddAsync(pool, cancellationToken).ConfigureAwait(false);
        await keys.StoreAsync(signingKeys, cancellationToken).ConfigureAwait(false);
        return pool;
    }

    public Task<UserPool> UpdateAsync(string poolId, Func<UserPoolSettings, UserPoolSettings> change, CancellationToken cancellationToken)
        => UpdateAsync(poolId, null, change, cancellationToken);

    /// <summary>Changes the pool's settings and, when <paramref name="name"/> is given, its name.</summary>
    public async Task<UserPool> UpdateAsync(string poolId, string? name, Func<UserPoolSettings, UserPoolSettings> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var pool = await pools.FindAsync(poolId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.UserPoolNotFound(poolId);
        pool.Name = name ?? pool.Name;
        pool.Settings = Normalize(change(pool.Settings));
        pool.UpdatedAt = time.GetUtcNow();
        await pools.UpdateAsync(pool, cancellationToken).ConfigureAwait(false);
        return pool;
    }

    /// <summary>AddCustomAttributes: the attributes join the pool's schema; existing ones never change.</summary>
    public Task<UserPool> AddCustomAttributesAsync(string poolId, IReadOnlyList<SchemaAttributeType> attributes, CancellationToken cancellationToken)
        => UpdateAsync(poolId, settings => SchemaAttributeRules.WithCustomAttributes(settings, attributes), cancellationToken);

    /// <summary>ListTagsForResource: the tags of the pool the ARN names.</summary>
    public async Task<IReadOnlyDictionary<string, string>> TagsAsync(string arn, CancellationToken cancellationToken)
    {
        var poolId = ResourceArns.UserPoolId(options.Value, arn);
        var pool = await pools.FindAsync(poolId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.UserPoolNotFound(poolId);
        return pool.Settings.UserPoolTags ?? new Dictionary<string, string>();
    }

    public Task<UserPool> TagAsync(string arn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
        => UpdateAsync(ResourceArns.UserPoolId(options.Value, arn), settings => settings with { UserPoolTags = ResourceTags.Add(settings.UserPoolTags, tags) }, cancellationToken);

    public Task<UserPool> UntagAsync(string arn, IReadOnlyList<string> keys, CancellationToken cancellationToken)
        => UpdateAsync(ResourceArns.UserPoolId(options.Value, arn), settings => settings with { UserPoolTags = ResourceTags.Remove(settings.UserPoolTags, keys) }, cancellationToken);

    public async Task DeleteAsync(string poolId, CancellationToken cancellationToken)
    {
        var pool = await pools.FindAsync(poolId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.UserPoolNotFound(poolId);
        if (pool.Settings.DeletionProtection == "ACTIVE")
        {
            throw CognitoErrors.InvalidParameter("The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.");
        }

        await pools.DeleteAsync(poolId, cancellationToken).ConfigureAwait(false);
        keys.Invalidate(poolId);
    }

    /// <summary>ListUserPools: one page of pools in id order.</summary>
    public async Task<(IReadOnlyList<UserPool> Pools, string? NextToken)> ListAsync(int maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        var after = Paging.PageToken.Decode("pools", nextToken);
        var found = await pools.ListAsync(after, maxResults + 1, cancellationToken).ConfigureAwait(false);
        return Paging.PageToken.Slice(found, maxResults, "pools", p => p.Id);
    }

    internal static UserPoolSettings Normalize(UserPoolSettings settings)
    {
        if (settings.AliasAttributes is { Count: > 0 } && settings.UsernameAttributes is { Count: > 0 })
        {
            throw CognitoErrors.InvalidParameter("Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.");
        }

        settings = Auth.Passwordless.FirstFactors.Check(settings);
        var defaultPolicy = PasswordPolicyType.Default;
        var policy = settings.Policies?.PasswordPolicy;
        return settings with
        {
            Policies = (settings.Policies ?? new UserPoolPolicyType()) with
            {
                PasswordPolicy = policy is null ? defaultPolicy : policy with
                {
                    MinimumLength = policy.MinimumLength ?? defaultPolicy.MinimumLength,
                    RequireUppercase = policy.RequireUppercase ?? false,
                    RequireLowercase = policy.RequireLowercase ?? false,
                    RequireNumbers = policy.RequireNumbers ?? false,
                    RequireSymbols = policy.RequireSymbols ?? false,
                    TemporaryPasswordValidityDays = policy.TemporaryPasswordValidityDays ?? 7,
                },
            },
            MfaConfiguration = settings.MfaConfiguration ?? "OFF",
            DeletionProtection = settings.DeletionProtection ?? "INACTIVE",
            AdminCreateUserConfig = (settings.AdminCreateUserConfig ?? new AdminCreateUserConfigType()) with
            {
                AllowAdminCreateUserOnly = settings.AdminCreateUserConfig?.AllowAdminCreateUserOnly ?? false,
                UnusedAccountValidityDays = settings.AdminCreateUserConfig?.UnusedAccountValidityDays ?? 7,
            },
            VerificationMessageTemplate = (settings.VerificationMessageTemplate ?? new VerificationMessageTemplateType()) with
            {
                DefaultEmailOption = settings.VerificationMessageTemplate?.DefaultEmailOption ?? "CONFIRM_WITH_CODE",
            },
            UserPoolTier = settings.UserPoolTier ?? "ESSENTIALS",
            EmailConfiguration = EmailConfigurationDefaults.Apply(settings.EmailConfiguration),
            UserPoolTags = ResourceTags.Check(settings.UserPoolTags),
        };
    }
}
