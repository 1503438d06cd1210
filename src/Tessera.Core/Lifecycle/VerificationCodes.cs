// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Security.Cryptography;
using Tessera.Core.Errors;
using Tessera.Core.Security;
using Tessera.Core.Users;

namespace Tessera.Core.Lifecycle;

/// <summary>
/// Issues and checks one-time codes: six random digits, stored as a keyed hash bound to the pool, user and
/// purpose (so a code never answers for another user or step), single-use, expiring, and rate-limited per
/// user in the store so every node enforces the same limits.
/// </summary>
public sealed class VerificationCodes(IVerificationCodeStore store, SecretProtector protector, TimeProvider time)
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
        if (now - record.SendWindowStart >= Window)
        {
            record.SendWindowStart = now;
            record.SendCount = 0;
        }

        if (record.SendCount >= MaxSends)
        {
            throw CognitoErrors.AttemptLimitExceeded();
        }

        if (now - record.FailureWindowStart >= Window)
        {
            record.FailureWindowStart = now;
            record.FailedAttempts = 0;
        }

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        record.SendCount++;
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

        if (record.FailedAttempts >= MaxFailures && now - record.FailureWindowStart < Window)
        {
            throw CognitoErrors.AttemptLimitExceeded();
        }

        if (record.CodeHash is null || record.ExpiresAt <= now)
        {
            throw CognitoErrors.ExpiredCode();
        }

        if (!CryptographicOperations.FixedTimeEquals(record.CodeHash, Hash(user, purpose, code)))
        {
            await store.RecordFailureAsync(user.Id, purpose, now, now - Window, cancellationToken).ConfigureAwait(false);
            throw CognitoErrors.CodeMismatch();
        }

        return record;
    }

    /// <summary>Uses the checked code up; of two concurrent uses only one succeeds.</summary>
    public async Task ConsumeAsync(VerificationCode checkedCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkedCode);
        if (!await store.TryConsumeAsync(checkedCode.UserId, checkedCode.Purpose, checkedCode.CodeHash!, cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.ExpiredCode();
        }
    }

    private byte[] Hash(User user, string purpose, string code) => protector.KeyedHash($"code|{user.PoolId}|{user.Id:N}|{purpose}|{code}");
}
