// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;
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
/// Because a guess is counted before its check, guesses still waiting for a hash thread would otherwise lock out a
/// user who only signs in many times at once with the right password: <see cref="GuessAsync"/> lets a guess that the
/// count would refuse, or that would start a lockout, first wait for the guesses this node has pending for the same
/// user (<see cref="SignInGuesses"/>). Wrong guesses in parallel still cannot pass the limit; right ones give the
/// count back before the waiting guess is counted.
/// </summary>
public sealed class SignInThrottle(IUserStore users, UnknownUserCounters unknown, SignInGuesses guesses, TimeProvider time)
{
    public const int FreeAttempts = 5;
    public static readonly TimeSpan MaxLockout = TimeSpan.FromMinutes(15);

    /// <summary>The longest a guess waits for the pending guesses of the same user before it is counted as things stand.</summary>
    public static readonly TimeSpan MaxWaitForPending = TimeSpan.FromSeconds(30);

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

    /// <summary>
    /// One guess of <paramref name="user"/>: counted, then <paramref name="check"/> runs on the user as stored after the
    /// count and throws when the guess is wrong; a right guess gives the count back. Throws PasswordAttemptsExceeded
    /// when the user is locked out.
    /// </summary>
    public async Task<User> GuessAsync(User user, Func<User, Task<User>> check, CancellationToken cancellationToken)
        => await TryGuessAsync(user, check, cancellationToken).ConfigureAwait(false) ?? throw CognitoErrors.PasswordAttemptsExceeded();

    /// <summary>As <see cref="GuessAsync"/>, null when the user is locked out, for operations that answer a lockout otherwise.</summary>
    public async Task<User?> TryGuessAsync(User user, Func<User, Task<User>> check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(check);
        if (await CountPendingGuessAsync(user, cancellationToken).ConfigureAwait(false) is not var (counted, guess))
        {
            return null;
        }

        using (guess)
        {
            User proven;
            try
            {
                proven = await check(counted).ConfigureAwait(false);
            }
            catch (CognitoException e) when (e.Code == CognitoErrors.TooManyRequestsCode)
            {
                // Shed by the hash queue before the hash ran: the guess was never checked, so it is not a failure.
                await UncountAsync(counted, cancellationToken).ConfigureAwait(false);
                throw;
            }

            return await ClearAsync(proven, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gives back one counted guess that was never checked, and the lockout it started if it was the one that reached the limit.</summary>
    private async Task UncountAsync(User user, CancellationToken cancellationToken)
    {
        for (var conflict = 0; conflict < MaxConflicts; conflict++)
        {
            if (user.FailedSignInCount == 0)
            {
                return;
            }

            var count = user.FailedSignInCount - 1;
            if (await TrySetAsync(user, new SignInCounters(count, count < FreeAttempts ? null : user.LockedUntil), cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            user = await ReloadAsync(user, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Counts a guess that stays pending until its check ends. A count that would refuse the guess or start a lockout
    /// waits while this node has other guesses of the user pending (up to <see cref="MaxWaitForPending"/>), then reads
    /// the stored count again. Only counted guesses are pending, never waiting ones, so two guesses never wait for each other.
    /// </summary>
    private async Task<(User User, IDisposable Guess)?> CountPendingGuessAsync(User user, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var readAfterWait = false;
        for (var conflict = 0; conflict < MaxConflicts;)
        {
            var next = Count(new SignInCounters(user.FailedSignInCount, user.LockedUntil), time.GetUtcNow());
            if (next is not { LockedUntil: null })
            {
                var ended = await guesses.WaitForOneAsync(user.Id, MaxWaitForPending - Stopwatch.GetElapsedTime(started), cancellationToken).ConfigureAwait(false);
                if (ended || !readAfterWait)
                {
                    // The count was read before the pending guesses ended (or before we knew none was left): read it again.
                    user = await ReloadAsync(user, cancellationToken).ConfigureAwait(false);
                    readAfterWait = !ended;
                    continue;
                }
            }

            if (next is not { } counters)
            {
                return null;
            }

            var guess = guesses.Begin(user.Id);
            try
            {
                if (await TrySetAsync(user, counters, cancellationToken).ConfigureAwait(false))
                {
                    return (user, guess);
                }
            }
            catch
            {
                guess.Dispose();
                throw;
            }

            guess.Dispose();
            user = await ReloadAsync(user, cancellationToken).ConfigureAwait(false);
            conflict++;
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
    private async Task<User> ClearAsync(User user, CancellationToken cancellationToken)
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
