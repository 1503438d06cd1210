// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.Auth;

/// <summary>
/// The user a challenge-based sign-in (USER_SRP_AUTH, CUSTOM_AUTH) starts for: the secret hash checked against the
/// name the caller gave and the stored one, an unknown user refused unless the client hides user existence (then
/// null, and the flow goes on with a challenge that cannot succeed), a locked-out user refused (an unknown one too, when
/// its simulated lockout says so, as a real one would be).
/// </summary>
public sealed class SignInCandidates(UserDirectory directory, SecretHash secretHash, SignInThrottle throttle)
{
    /// <summary>The user named <paramref name="username"/>; <paramref name="verifySecret"/> is off for the hosted UI, whose client proves itself at the token endpoint.</summary>
    public async Task<User?> FindAsync(UserPool pool, AppClient client, string username, string? hash, CancellationToken cancellationToken, bool verifySecret = true)
    {
        ArgumentNullException.ThrowIfNull(client);
        var user = await directory.FindAsync(pool, username, cancellationToken).ConfigureAwait(false);
        if (verifySecret)
        {
            secretHash.Verify(client, hash, username, user?.Username);
        }

        if (user is null)
        {
            if (!client.Settings.PreventsUserExistenceErrors)
            {
                throw CognitoErrors.UserNotFound();
            }

            throttle.ThrowIfLocked(pool, username);
            return null;
        }

        throttle.ThrowIfLocked(user);
        return user;
    }
}
