// SPDX-License-Identifier: Apache-2.0
using System.Globalization;

namespace Tessera.Core.Security;

/// <summary>
/// The longest a password hash may be predicted to wait for a core and still be admitted: a fixed time, or a multiple
/// of the measured hash time. A fixed time means a different thing on every machine: 100 ms was 1.7 hashes on one day's
/// machine and 4.2 on the next (docs/benchmarks.md), and an accepted sign-in takes about the budget plus one hash, so
/// only a budget counted in hashes keeps G5c's bound (accepted p99 ≤ 4 × t_hash) wherever the server runs.
/// </summary>
public readonly record struct HashQueueBudget
{
    /// <summary>The least a budget counted in hashes allows, so that the scheduling jitter of very fast hashes sheds nothing.</summary>
    public static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(10);

    private readonly TimeSpan? fixedTime;
    private readonly double hashTimes;

    private HashQueueBudget(TimeSpan? fixedTime, double hashTimes)
    {
        this.fixedTime = fixedTime;
        this.hashTimes = hashTimes;
    }

    /// <summary>A budget of <paramref name="budget"/>, whatever a hash takes.</summary>
    public static HashQueueBudget Fixed(TimeSpan budget)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, TimeSpan.Zero);
        return new(budget, 0);
    }

    /// <summary>A budget of <paramref name="multiple"/> times the measured hash time (at least <see cref="Floor"/>).</summary>
    public static HashQueueBudget HashTimes(double multiple)
    {
        if (!double.IsFinite(multiple) || multiple <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(multiple), multiple, "A budget in hash times must be a positive number.");
        }

        return new(null, multiple);
    }

    /// <summary>
    /// The budget <c>Tessera:Passwords</c> configures: <c>QueueBudget</c> when set, else <c>QueueBudgetHashTimes</c>,
    /// else <see cref="PasswordHashingOptions.DefaultQueueBudgetHashTimes"/>.
    /// </summary>
    public static HashQueueBudget From(PasswordHashingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.QueueBudget is { } budget
            ? Fixed(budget)
            : HashTimes(options.QueueBudgetHashTimes ?? PasswordHashingOptions.DefaultQueueBudgetHashTimes);
    }

    /// <summary>The budget while a hash takes <paramref name="hashTime"/>.</summary>
    public TimeSpan Given(TimeSpan hashTime)
        => fixedTime ?? TimeSpan.FromTicks(Math.Max(Floor.Ticks, (long)(hashTime.Ticks * hashTimes)));

    public override string ToString() => fixedTime is { } t
        ? t.ToString("c", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{hashTimes:0.##} × the hash time");
}
