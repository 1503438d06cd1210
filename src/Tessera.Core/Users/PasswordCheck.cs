// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Security;

namespace Tessera.Core.Users;

/// <summary>
/// Checks a password against a user's stored hash and, when it is right but the hash is outdated (PBKDF2 from before
/// Argon2id, or Argon2id with other parameters), stores a new hash of it: the one rule that upgrades stored passwords,
/// since the password is only ever at hand when the user types it. The SRP verifier is left alone (see
/// docs/production.md: its form is fixed by Cognito's protocol).
/// </summary>
public sealed class PasswordCheck(PasswordHasher hasher, UserDirectory directory)
{
    /// <summary>
    /// Whether a proven password (or its SRP proof) may sign <paramref name="user"/> in: not once AdminDisableProviderForUser
    /// has named the user as a Cognito user (API reference: "they can't use their password to sign in"). Checked after the
    /// proof, so only the password's owner learns it; NotAuthorizedException, as for a disabled user. Passwordless factors
    /// (a sign-in code, a passkey) and federated sign-in are not password sign-in and stay as they are.
    /// </summary>
    public static User EnsureSignInAllowed(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.PasswordSignInDisabled ? throw CognitoErrors.PasswordSignInDisabled() : user;
    }

    /// <summary>The user, with an upgraded hash if it needed one, when the password is right; null when it is wrong or the user has none.</summary>
    public async Task<User?> VerifyAsync(User user, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var stored = user.PasswordHash;
        if (!await hasher.VerifyAsync(password, stored, cancellationToken).ConfigureAwait(false) || stored is null)
        {
            return null;
        }

        if (!hasher.NeedsRehash(stored))
        {
            return user;
        }

        string upgraded;
        try
        {
            upgraded = await hasher.HashAsync(password, cancellationToken).ConfigureAwait(false);
        }
        catch (CognitoException e) when (e.StatusCode == 429)
        {
            // Overloaded: the sign-in has been proved and goes on; the upgrade waits for the next one.
            return user;
        }

        // Only over the hash that was checked: a password changed meanwhile wins.
        return await directory.UpdateAsync(user, u =>
        {
            if (u.PasswordHash == stored)
            {
                u.PasswordHash = upgraded;
            }
        }, cancellationToken).ConfigureAwait(false);
    }
}
