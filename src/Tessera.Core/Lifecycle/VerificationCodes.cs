// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Security.Cryptography;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Users;

namespace Tessera.Core.Lifecycle;

/// <summary>
/// Issues and checks one-time codes: six random digits, stored as a keyed hash bound to the pool, user and
/// purpose (so a code never answers for another user or step), single-use, expiring, and rate-limited per
/// user in the store so every node enforces the same limits. A guess is counted before it is compared, in one
/// conditional update, so parallel guesses cannot pass the limit.
/// </summary>
public sealed class VerificationCodes(IVerificationCodeStore store, SecretProtector protector, UnknownUserCounters unknown, TimeProvider time)
{
    /// <summary>Sign-up and attribute codes last 24 hours (Cognito quotas page).</summary>
    public static readonly TimeSpan SignUpLifetime = TimeSpan.FromHours(24);

    /// <summary>Password-recovery codes last 1 hour.</summary>
    public static readonly TimeSpan RecoveryLifetime = TimeSpan.FromHours(1);

    /// <summary>Wrong codes per user and purpose within <see cref="Window"/> before LimitExceeded.</summary>
    public const int MaxFailures = 5;

    /// <summary>Codes sent per user and purpose within <see cref="Window"/> (the first and five resends).</summary>
    public const int MaxSends = 6;

    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>A new code for <paramref name="user"/>; the previous code of that purpose stops working.</summary>
    public async Task<string> IssueAsync(
        User user, string purpose, TimeSpan lifetime, string? attributeName, string? destination, string? pendingValue,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = time.GetUtcNow();
        var record = await store.FindAsync(user.Id, purpose, cancellationToken).ConfigureAwait(false)
            ?? new VerificationCode { UserId = user.Id, PoolId = user.PoolId, Purpose = purpose, FailureWindowStart = now, SendWindowStart = now };
        var sends = new AttemptWindow(record.SendCount, record.SendWindowStart).Take(MaxSends, Window, now)
            ?? throw CognitoErrors.AttemptLimitExceeded();
        if (now - record.FailureWindowStart >= Window)
        {
            record.FailureWindowStart = now;
            record.FailedAttempts = 0;
        }

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        (record.SendCount, record.SendWindowStart) = (sends.Count, sends.Start);
        record.CodeHash = Hash(user, purpose, code);
        record.CreatedAt = now;
        record.ExpiresAt = now + lifetime;
        record.AttributeName = attributeName;
        record.Destination = destination;
        record.PendingValue = pendingValue;
        await store.SaveAsync(record, cancellationToken).ConfigureAwait(false);
        return code;
    }

    /// <summary>
    /// Checks <paramref name="code"/> without using it up, so the caller can validate the rest of the request
    /// first and nothing is half-done when it fails. Wrong guesses are counted.
    /// </summary>
    public async Task<VerificationCode> CheckAsync(User user, string purpose, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(code);
        var now = time.GetUtcNow();
        var record = await store.FindAsync(user.Id, purpose, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            throw CognitoErrors.ExpiredCode();
        }

        if (new AttemptWindow(record.FailedAttempts, record.FailureWindowStart).Take(MaxFailures, Window, now) is null)
        {
            throw CognitoErrors.AttemptLimitExceeded();
        }

        if (record.CodeHash is null || record.ExpiresAt <= now)
        {
            throw CognitoErrors.ExpiredCode();
        }

        if (!await store.TryCountAttemptAsync(user.Id, purpose, MaxFailures, now, now - Window, cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.AttemptLimitExceeded();
        }

        if (!CryptographicOperations.FixedTimeEquals(record.CodeHash, Hash(user, purpose, code)))
        {
            throw CognitoErrors.CodeMismatch();
        }

        // A right code is not a guess: the count goes back to what it was.
        await store.UncountAttemptAsync(user.Id, purpose, cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <summary>
    /// A code sent to a user the pool does not have (PreventUserExistenceErrors): counted against the same limit as a
    /// real send, so the simulated answer turns into LimitExceeded after as many requests.
    /// </summary>
    public void CountUnknownSend(UserPool pool, string username, string purpose)
    {
        if (!unknown.TryTake(UnknownKey("send", pool, username, purpose), MaxSends, Window, time.GetUtcNow()))
        {
            throw CognitoErrors.AttemptLimitExceeded();
        }
    }

    /// <summary>A code guessed for a user the pool does not have: CodeMismatch, then LimitExceeded after as many guesses as a real user.</summary>
    public CognitoException UnknownGuess(UserPool pool, string username, string purpose)
        => unknown.TryTake(UnknownKey("guess", pool, username, purpose), MaxFailures, Window, time.GetUtcNow())
            ? CognitoErrors.CodeMismatch()
            : CognitoErrors.AttemptLimitExceeded();

    /// <summary>Uses the checked code up; of two concurrent uses only one succeeds.</summary>
    public async Task ConsumeAsync(VerificationCode checkedCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkedCode);
        if (!await store.TryConsumeAsync(checkedCode.UserId, checkedCode.Purpose, checkedCode.CodeHash!, cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.ExpiredCode();
        }
    }

    private static string UnknownKey(string kind, UserPool pool, string username, string purpose)
        => kind + "|" + pool.Id + "|" + UserDirectory.CanonicalName(pool, username) + "|" + purpose;

    private byte[] Hash(User user, string purpose, string code) => protector.KeyedHash($"code|{user.PoolId}|{user.Id:N}|{purpose}|{code}");
}
