// SPDX-License-Identifier: Apache-2.0
using System.Text.RegularExpressions;
using Tessera.Core.Errors;
using Tessera.Core.OAuth;
using Tessera.Core.Pools;

namespace Tessera.Core.Users;

/// <summary>Finds users the way Cognito does (username, alias, sub) and changes them without losing concurrent updates.</summary>
public sealed partial class UserDirectory(IUserPoolStore pools, IUserStore users, TimeProvider time)
{
    public async Task<UserPool> GetPoolAsync(string poolId, CancellationToken cancellationToken)
        => await pools.FindAsync(poolId, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.UserPoolNotFound(poolId);

    /// <summary>
    /// The pool from <paramref name="cache"/>, for the token paths that only read it (PERFORMANCE.md G4). The copy is
    /// shared between requests: a caller that changes the pool must use <see cref="GetPoolAsync"/>.
    /// </summary>
    public async Task<UserPool> GetSharedPoolAsync(string poolId, OAuthLookupCache cache, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return await cache.PoolAsync(poolId, ct => pools.FindAsync(poolId, ct), cancellationToken).ConfigureAwait(false)
            ?? throw CognitoErrors.UserPoolNotFound(poolId);
    }

    public static string Normalize(UserPool pool, string username)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return pool.Settings.CaseSensitiveUsernames ? username : username.ToLowerInvariant();
    }

    /// <summary>
    /// <paramref name="name"/> as <see cref="FindAsync"/> compares it: what the simulated answers for a name the pool
    /// does not have are keyed by, so that spellings a real user would answer to all share them.
    /// </summary>
    public static string CanonicalName(UserPool pool, string name)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(name);
        var attributes = (pool.Settings.UsernameAttributes ?? []).Concat(pool.Settings.AliasAttributes ?? []).ToList();
        var foldsCase = attributes.Contains("preferred_username") || (attributes.Contains("email") && IsEmail(name));
        return foldsCase ? name.ToLowerInvariant() : Normalize(pool, name);
    }

    /// <summary>The user named by username, by an alias or username attribute (email, phone, preferred_username), or by sub.</summary>
    public async Task<User?> FindAsync(UserPool pool, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var user = await users.FindByNormalizedUsernameAsync(pool.Id, Normalize(pool, name), cancellationToken).ConfigureAwait(false);
        if (user is not null)
        {
            return user;
        }

        var settings = pool.Settings;
        foreach (var attribute in (settings.UsernameAttributes ?? []).Concat(settings.AliasAttributes ?? []))
        {
            var value = attribute is "email" or "preferred_username" ? name.ToLowerInvariant() : name;
            var matches = await users.FindByAttributeAsync(pool.Id, attribute, value, cancellationToken).ConfigureAwait(false);
            // An alias signs in only once verified; a username attribute always does.
            var isAlias = settings.AliasAttributes?.Contains(attribute) == true;
            var match = matches.FirstOrDefault(u => !isAlias || attribute == "preferred_username" || u.IsVerified(attribute));
            if (match is not null)
            {
                return match;
            }
        }

        return Guid.TryParse(name, out var sub) ? await users.FindByIdAsync(pool.Id, sub, cancellationToken).ConfigureAwait(false) : null;
    }

    public Task<User?> FindByIdAsync(UserPool pool, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return users.FindByIdAsync(pool.Id, id, cancellationToken);
    }

    public async Task<User> GetAsync(UserPool pool, string name, CancellationToken cancellationToken)
        => await FindAsync(pool, name, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.UserNotFound();

    /// <summary>Applies <paramref name="change"/> to a fresh copy of the user and saves it, retrying when another writer got there first.</summary>
    public async Task<User> UpdateAsync(User user, Action<User> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            change(user);
            user.UpdatedAt = time.GetUtcNow();
            if (await users.TryUpdateAsync(user, cancellationToken).ConfigureAwait(false))
            {
                return user;
            }

            user = await users.FindByIdAsync(user.PoolId, user.Id, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.UserNotFound();
        }

        throw CognitoErrors.TooManyRequests();
    }

    /// <summary>Username attributes and preferred_username must stay unique; an email or phone alias must be unique once verified.</summary>
    public async Task EnsureNoAliasClashAsync(UserPool pool, User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(user);
        var settings = pool.Settings;
        foreach (var attribute in (settings.UsernameAttributes ?? []).Concat(settings.AliasAttributes ?? []).Distinct(StringComparer.Ordinal))
        {
            var value = attribute switch
            {
                "email" => user.Email,
                "phone_number" => user.PhoneNumber,
                "preferred_username" => user.PreferredUsername,
                _ => null,
            };
            if (value is null)
            {
                continue;
            }

            var isAlias = settings.AliasAttributes?.Contains(attribute) == true;
            var needsVerified = isAlias && attribute != "preferred_username";
            if (needsVerified && !user.IsVerified(attribute))
            {
                continue;
            }

            var others = await users.FindByAttributeAsync(pool.Id, attribute, value, cancellationToken).ConfigureAwait(false);
            if (others.Any(o => o.Id != user.Id && (!needsVerified || o.IsVerified(attribute))))
            {
                throw CognitoErrors.AliasExists(attribute);
            }
        }
    }

    public static bool IsEmail(string value) => EmailPattern().IsMatch(value);

    public static bool IsPhone(string value) => PhonePattern().IsMatch(value);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+[0-9]{4,15}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex PhonePattern();
}
