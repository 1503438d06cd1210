// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Sessions;

namespace Tessera.Core.Tokens;

/// <summary>
/// The rule that keeps every token verifiable across a rotation, on every node: a key is published (as <c>Next</c>) for
/// at least <see cref="SigningKeyOptions.MinimumNextKeyAge"/> before it signs; a key that stopped signing stays published
/// until the last token it signed has expired (<see cref="RetiredKeyLifetime"/>); and no node trusts its cached copy of a
/// pool's keys for longer than half the publication lead (<see cref="CacheLifetime"/>), so even a node that missed the
/// rotation's notice publishes the next key before any node signs with it. A new pool gets only its active keys (two RSA
/// key generations, not four, per CreateUserPool); its next keys are published by the first rotation asked for, which
/// is refused until they have been published long enough (<see cref="Plan"/>).
/// </summary>
public static class SigningKeyRotation
{
    /// <summary>
    /// How long a retired key stays in the JWKS: the longest an access or ID token lives, plus the five minutes of clock
    /// skew verifiers commonly allow.
    /// </summary>
    public static readonly TimeSpan RetiredKeyLifetime = Housekeeping.TokenLifetimeLimit + TimeSpan.FromMinutes(5);

    /// <summary>The longest a node keeps a pool's keys without reading them again.</summary>
    public static TimeSpan CacheLifetime(TimeSpan minimumNextKeyAge)
    {
        var half = minimumNextKeyAge / 2;
        return half < TimeSpan.FromMinutes(5) ? half : TimeSpan.FromMinutes(5);
    }

    /// <summary>Whether <paramref name="key"/> belongs in the JWKS at <paramref name="now"/>: active and next keys always, retired ones until their tokens have expired.</summary>
    public static bool IsPublished(SigningKey key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Status != SigningKeyStatus.Retired || key.RetiredAt is not { } retired || retired + RetiredKeyLifetime > now;
    }

    /// <summary>
    /// The changes one rotation makes to a pool's <paramref name="keys"/>, per purpose: the oldest next key signs, the key
    /// that signed is retired (stamped now), a new next key is published (<paramref name="newKey"/>), and retired keys past
    /// <see cref="RetiredKeyLifetime"/> are removed. When a purpose has no next key yet (a pool is made without them), the
    /// plan only publishes the missing next keys and nothing signs differently (<see cref="RotationPlan.Rotates"/> is
    /// false): a rotation <paramref name="minimumNextKeyAge"/> later makes them sign.
    /// </summary>
    /// <exception cref="SigningKeyRotationException">A next key has not been published for <paramref name="minimumNextKeyAge"/>.</exception>
    public static RotationPlan Plan(
        IReadOnlyList<SigningKey> keys, DateTimeOffset now, TimeSpan minimumNextKeyAge, Func<SigningKeyPurpose, SigningKeyStatus, SigningKey> newKey)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(newKey);
        var purposes = new[] { SigningKeyPurpose.Id, SigningKeyPurpose.Access };
        var unpublished = purposes.Where(p => !keys.Any(k => k.Purpose == p && k.Status == SigningKeyStatus.Next)).ToList();
        if (unpublished.Count > 0)
        {
            return new RotationPlan([], [.. unpublished.Select(p => newKey(p, SigningKeyStatus.Next))], []);
        }

        var updated = new List<SigningKey>();
        var added = new List<SigningKey>();
        var removed = new List<SigningKey>();
        foreach (var purpose in purposes)
        {
            var mine = keys.Where(k => k.Purpose == purpose).ToList();
            var next = mine.Where(k => k.Status == SigningKeyStatus.Next).OrderBy(k => k.CreatedAt).ThenBy(k => k.Kid, StringComparer.Ordinal).First();
            if (next.CreatedAt + minimumNextKeyAge > now)
            {
                throw new SigningKeyRotationException(next.CreatedAt + minimumNextKeyAge - now);
            }

            foreach (var active in mine.Where(k => k.Status == SigningKeyStatus.Active))
            {
                updated.Add(Copy(active, SigningKeyStatus.Retired, now));
            }

            updated.Add(Copy(next, SigningKeyStatus.Active, retiredAt: null));
            if (!mine.Any(k => k.Status == SigningKeyStatus.Next && k != next))
            {
                added.Add(newKey(purpose, SigningKeyStatus.Next));
            }

            removed.AddRange(mine.Where(k => k.Status == SigningKeyStatus.Retired && !IsPublished(k, now)));
        }

        return new RotationPlan(updated, added, removed);
    }

    private static SigningKey Copy(SigningKey key, SigningKeyStatus status, DateTimeOffset? retiredAt) => new()
    {
        Kid = key.Kid,
        PoolId = key.PoolId,
        Purpose = key.Purpose,
        Status = status,
        PrivateKeyCiphertext = key.PrivateKeyCiphertext,
        CreatedAt = key.CreatedAt,
        RetiredAt = retiredAt,
    };
}

/// <summary>What one rotation writes, in one transaction.</summary>
public sealed record RotationPlan(IReadOnlyList<SigningKey> Updated, IReadOnlyList<SigningKey> Added, IReadOnlyList<SigningKey> Removed)
{
    /// <summary>Whether next keys start signing; false when the plan only publishes the next keys a later rotation makes sign.</summary>
    public bool Rotates => Updated.Any(k => k.Status == SigningKeyStatus.Active);
}

/// <summary>
/// A rotation refused because the next key has not been published for <see cref="SigningKeyOptions.MinimumNextKeyAge"/>,
/// or because the pool had none and the rotation has just published it (<see cref="RotationPlan.Rotates"/>).
/// </summary>
public sealed class SigningKeyRotationException(TimeSpan wait, bool published = false)
    : InvalidOperationException((published
        ? "The pool had no next signing keys; they are published now and sign once every verifier can know them"
        : "The next signing key has not been published long enough for every verifier to know it")
        + $"; rotate again in {Math.Ceiling(wait.TotalSeconds)} s (Tessera:SigningKeys:MinimumNextKeyAge).")
{
    /// <summary>How much longer the next key must be published.</summary>
    public TimeSpan Wait { get; } = wait;
}
