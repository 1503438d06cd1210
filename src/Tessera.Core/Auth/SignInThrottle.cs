// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Lifecycle;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.Auth;

/// <summary>
/// Per-user brute-force protection stored on the user, so every node sees it: after five failed
/// sign-ins each further failure locks the user out for a doubling time, up to 15 minutes (as Cognito).
/// Every guess of a password, an SRP proof or an MFA code is counted before it is checked, with a
/// compare-and-set on the user's version, so parallel guesses cannot pass the limit; a check that
/// passes gives the count back. A username the pool does not have is counted the same way in memory
/// (<see cref="UnknownUserCounters"/>), so that with PreventUserExistenceErrors its lockout looks like a real one.
/// </summary>
public sealed class SignInThrottle(IUserStore users, UnknownUserCounters unknown, TimeProvider time)
{
    public const int FreeAttempts = 5;
    public static readonly TimeSpan MaxLockout = TimeSpan.FromMinutes(15);

    /// <summary>Attempts to count before giving up when other writers keep changing the user first.</summary>
    private const int MaxConflicts = 32;

    /// <summary>
    /// The rule, the same for a stored user and an unknown one: null while locked; otherwise the counters with this
    /// attempt counted. A lockout that ended more than 15 minutes ago is forgotten and the count starts again.
    /// </summary>
    public static SignInCounters? Count(SignInCounters current, DateTimeOffset now)
    {
        if (current.LockedUntil is { } until && until > now)
        {
            return null;
        }

        var count = current.LockedUntil is { } ended && now - ended >= MaxLockout ? 1 : current.FailedCount + 1;
        if (count < FreeAttempts)
        {
            return new SignInCounters(count, null);
        }

        var seconds = Math.Min(Math.Pow(2, count - FreeAttempts), MaxLockout.TotalSeconds);
        return new SignInCounters(count, now + TimeSpan.FromSeconds(seconds));
    }

    /// <summary>Refuses a user who is locked out now, as read: the early answer before anything else runs.</summary>
    public void ThrowIfLocked(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.LockedUntil is { } until && until > time.GetUtcNow())
        {
            throw CognitoErrors.PasswordAttemptsExceeded();
        }
    }

    /// <summary>The same early answer for a username the pool does not have.</summary>
    public void ThrowIfLocked(UserPool pool, string username)
    {
        if (unknown.IsLocked(Key(pool, username), time.GetUtcNow()))
        {
            throw CognitoErrors.PasswordAttemptsExceeded();
        }
    }

    /// <summary>
    /// Counts one guess for <paramref name="user"/> before it is checked and answers the user as now stored (its
    /// version moved on); throws PasswordAttemptsExceeded when the user is locked out, however many guesses race.
    /// </summary>
    public async Task<User> CountAttemptAsync(User user, CancellationToken cancellationToken)
        => await TryCountAttemptAsync(user, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.PasswordAttemptsExceeded();

    /// <summary>As <see cref="CountAttemptAsync"/>, null when the user is locked out, for operations that answer a lockout otherwise.</summary>
    public async Task<User?> TryCountAttemptAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        for (var conflict = 0; conflict < MaxConflicts; conflict++)
        {
            if (Count(new SignInCounters(user.FailedSignInCount, user.LockedUntil), time.GetUtcNow()) is not { } next)
            {
                return null;
            }

            if (await TrySetAsync(user, next, cancellationToken).ConfigureAwait(false))
            {
                return user;
            }

            user = await ReloadAsync(user, cancellationToken).ConfigureAwait(false);
        }

        throw CognitoErrors.TooManyRequests();
    }

    /// <summary>The same count for a username the pool does not have (PreventUserExistenceErrors).</summary>
    public void CountAttempt(UserPool pool, string username)
    {
        var now = time.GetUtcNow();
        if (!unknown.TryCount(Key(pool, username), now, current => Count(current, now)))
        {
            throw CognitoErrors.PasswordAttemptsExceeded();
        }
    }

    /// <summary>A guess proved right: the count starts again.</summary>
    public async Task<User> ClearAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        for (var conflict = 0; conflict < MaxConflicts; conflict++)
        {
            if (user.FailedSignInCount == 0 && user.LockedUntil is null)
            {
                return user;
            }

            if (await TrySetAsync(user, new SignInCounters(0, null), cancellationToken).ConfigureAwait(false))
            {
                return user;
            }

            user = await ReloadAsync(user, cancellationToken).ConfigureAwait(false);
        }

        throw CognitoErrors.TooManyRequests();
    }

    private async Task<bool> TrySetAsync(User user, SignInCounters counters, CancellationToken cancellationToken)
    {
        if (!await users.TryUpdateSignInCountersAsync(user.PoolId, user.Id, user.Version, counters.FailedCount, counters.LockedUntil, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        user.FailedSignInCount = counters.FailedCount;
        user.LockedUntil = counters.LockedUntil;
        user.Version++;
        return true;
    }

    // A user deleted in the middle of a sign-in answers as a wrong password would.
    private async Task<User> ReloadAsync(User user, CancellationToken cancellationToken)
        => await users.FindByIdAsync(user.PoolId, user.Id, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.IncorrectCredentials();

    private static string Key(UserPool pool, string username) => "sign-in|" + pool.Id + "|" + UserDirectory.CanonicalName(pool, username);
}

/// <summary>A user's failed sign-ins in a row and the end of the current lockout.</summary>
public readonly record struct SignInCounters(int FailedCount, DateTimeOffset? LockedUntil);
