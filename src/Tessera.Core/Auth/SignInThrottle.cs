// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Users;

namespace Tessera.Core.Auth;

/// <summary>
/// Per-user brute-force protection stored on the user, so every node sees it: after five failed
/// sign-ins each further failure locks the user out for a doubling time, up to 15 minutes (as Cognito).
/// </summary>
public sealed class SignInThrottle(UserDirectory directory, TimeProvider time)
{
    public const int FreeAttempts = 5;
    private static readonly TimeSpan MaxLockout = TimeSpan.FromMinutes(15);

    public void ThrowIfLocked(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.LockedUntil is { } until && until > time.GetUtcNow())
        {
            throw CognitoErrors.PasswordAttemptsExceeded();
        }
    }

    public async Task RecordFailureAsync(User user, CancellationToken cancellationToken)
    {
        await directory.UpdateAsync(user, u =>
        {
            // A lockout that ended more than 15 minutes ago is forgotten: the count starts again.
            if (u.LockedUntil is { } until && time.GetUtcNow() - until >= MaxLockout)
            {
                u.FailedSignInCount = 0;
                u.LockedUntil = null;
            }

            u.FailedSignInCount++;
            if (u.FailedSignInCount >= FreeAttempts)
            {
                var seconds = Math.Min(Math.Pow(2, u.FailedSignInCount - FreeAttempts), MaxLockout.TotalSeconds);
                u.LockedUntil = time.GetUtcNow() + TimeSpan.FromSeconds(seconds);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<User> RecordSuccessAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FailedSignInCount == 0 && user.LockedUntil is null
            ? user
            : await directory.UpdateAsync(user, u => { u.FailedSignInCount = 0; u.LockedUntil = null; }, cancellationToken).ConfigureAwait(false);
    }
}
