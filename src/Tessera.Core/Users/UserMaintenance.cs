// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Paging;
using Tessera.Core.Pools;
using Tessera.Core.Sessions;

namespace Tessera.Core.Users;

/// <summary>The administrator's operations on existing users: delete, password, attributes, enable/disable, confirm, list.</summary>
public sealed class UserMaintenance(UserDirectory directory, IUserStore users, PasswordSetter passwords, SessionService sessions, TimeProvider time)
{
    public async Task DeleteAsync(string poolId, string username, CancellationToken cancellationToken)
    {
        var (pool, user) = await FindAsync(poolId, username, cancellationToken).ConfigureAwait(false);
        if (!await users.DeleteAsync(pool.Id, user.Id, cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.UserNotFound();
        }
    }

    /// <summary>
    /// AdminSetUserPassword: a permanent password confirms the user; a temporary one forces a change at the next sign-in.
    /// Either lets a password sign the user in again after AdminDisableProviderForUser (AWS documents nothing that undoes
    /// it; an administrator giving a password is the one deliberate act, where the user's own reset is not).
    /// </summary>
    public async Task SetPasswordAsync(string poolId, string username, string password, bool permanent, CancellationToken cancellationToken)
    {
        var (pool, user) = await FindAsync(poolId, username, cancellationToken).ConfigureAwait(false);
        var credentials = await passwords.CreateAsync(pool, user, password, cancellationToken).ConfigureAwait(false);
        var expires = permanent ? (DateTimeOffset?)null : time.GetUtcNow().AddDays(pool.Settings.PasswordPolicy.TemporaryPasswordValidityDays ?? 7);
        await directory.UpdateAsync(user, u =>
        {
            credentials.ApplyTo(u);
            u.Status = permanent ? UserStatus.Confirmed : UserStatus.ForceChangePassword;
            u.TemporaryPasswordExpiresAt = expires;
            u.PasswordSignInDisabled = false;
        }, cancellationToken).ConfigureAwait(false);
        await sessions.EndHostedUiAsync(user, SessionEndReason.PasswordReset, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// AdminDisableUser also revokes the access tokens issued so far (AdminDisableUser API reference): every session ends,
    /// so neither an old token nor a copied hosted-UI cookie works after AdminEnableUser; the user signs in again.
    /// </summary>
    public async Task SetEnabledAsync(string poolId, string username, bool enabled, CancellationToken cancellationToken)
    {
        var (_, user) = await FindAsync(poolId, username, cancellationToken).ConfigureAwait(false);
        await directory.UpdateAsync(user, u => u.Enabled = enabled, cancellationToken).ConfigureAwait(false);
        if (!enabled)
        {
            await sessions.EndAllAsync(user, SessionEndReason.UserDisabled, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>AdminConfirmSignUp: only an UNCONFIRMED user can be confirmed.</summary>
    public async Task ConfirmSignUpAsync(string poolId, string username, CancellationToken cancellationToken)
    {
        var (_, user) = await FindAsync(poolId, username, cancellationToken).ConfigureAwait(false);
        await directory.UpdateAsync(user, u =>
        {
            if (u.Status != UserStatus.Unconfirmed)
            {
                throw CognitoErrors.UserCannotBeConfirmed(u.Status);
            }

            u.Status = UserStatus.Confirmed;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// AdminUpdateUserAttributes. A blank value deletes the attribute (API reference). A new email or phone number on a
    /// pool that verifies it automatically is unverified until the user verifies it, unless the request itself marks it verified.
    /// </summary>
    public async Task UpdateAttributesAsync(string poolId, string username, IReadOnlyList<AttributeType> attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var (pool, user) = await FindAsync(poolId, username, cancellationToken).ConfigureAwait(false);
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var attribute in UserAttributeWrites.Check(pool, AttributeWriter.Administrator(creating: false), attributes))
        {
            changes[attribute.Name] = attribute.Value;
        }

        var autoVerified = pool.Settings.AutoVerifiedAttributes ?? [];
        foreach (var (name, flag) in (ReadOnlySpan<(string, string)>)[("email", "email_verified"), ("phone_number", "phone_number_verified")])
        {
            if (changes.TryGetValue(name, out var value) && value is not null && value != user.GetAttribute(name)
                && !changes.ContainsKey(flag) && autoVerified.Contains(name))
            {
                changes[flag] = "false";
            }
        }

        await SaveAttributesAsync(pool, user, changes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>AdminDeleteUserAttributes.</summary>
    public async Task DeleteAttributesAsync(string poolId, string username, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var (pool, user) = await FindAsync(poolId, username, cancellationToken).ConfigureAwait(false);
        UserAttributeWrites.CheckDeletions(pool, AttributeWriter.Administrator(creating: false), names);
        await SaveAttributesAsync(pool, user, names.Distinct(StringComparer.Ordinal).ToDictionary(n => n, _ => (string?)null, StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>ListUsers: one page of users in username order, filtered by one searchable attribute.</summary>
    public async Task<(IReadOnlyList<User> Users, string? PaginationToken)> ListAsync(string poolId, string? filter, int limit, string? paginationToken, CancellationToken cancellationToken)
    {
        var pool = await directory.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        var parsed = UserFilter.Parse(filter);
        if (parsed is { Attribute: "cognito:user_status" })
        {
            // The ListUsers API reference: cognito:user_status is matched case-insensitively.
            parsed = parsed with { Value = parsed.Value.ToUpperInvariant() };
        }

        var after = PageToken.Decode("users", paginationToken);
        var page = await users.ListAsync(new UserQuery(pool.Id, parsed, limit, after), cancellationToken).ConfigureAwait(false);
        return (page.Users, PageToken.Encode("users", page.Next));
    }

    private async Task SaveAttributesAsync(UserPool pool, User user, Dictionary<string, string?> changes, CancellationToken cancellationToken)
    {
        void Apply(User u)
        {
            foreach (var (name, value) in changes)
            {
                u.SetAttribute(name, value);
            }
        }

        Apply(user);
        await directory.EnsureNoAliasClashAsync(pool, user, cancellationToken).ConfigureAwait(false);
        await directory.UpdateAsync(user, Apply, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(UserPool Pool, User User)> FindAsync(string poolId, string username, CancellationToken cancellationToken)
    {
        var pool = await directory.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        var user = await directory.GetAsync(pool, username, cancellationToken).ConfigureAwait(false);
        return (pool, user);
    }
}
