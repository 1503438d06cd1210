// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Security;

/// <summary>How passwords are hashed (<c>Tessera:Passwords</c>): Argon2id's cost, and how long a hash may wait for a core.</summary>
public sealed class PasswordHashingOptions
{
    /// <summary>libsodium's smallest Argon2id memory cost, in KiB.</summary>
    public const int MinimumMemoryKiB = 8;

    /// <summary>The largest memory cost accepted, in KiB (1 GiB); each running hash holds this much.</summary>
    public const int MaximumMemoryKiB = 1_048_576;

    /// <summary>The queue budget <c>tessera start-dev</c> uses when <see cref="QueueBudget"/> is not set.</summary>
    public static readonly TimeSpan DevelopmentQueueBudget = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Argon2id memory cost <c>m</c> in KiB. The default, 19,456 (19 MiB), with <see cref="Passes"/> 2 is OWASP's first
    /// choice (Password Storage Cheat Sheet). From 8 to 1,048,576; <c>tessera start</c> refuses less than OWASP's
    /// minimum for the number of passes (<see cref="OwaspMinimumMemoryKiB"/>). Values far below it are for tests and
    /// benchmarks: <c>MemoryKiB=8</c> with <c>Passes=1</c> is the near-zero-cost hasher.
    /// </summary>
    public int MemoryKiB { get; set; } = 19_456;

    /// <summary>Argon2id time cost <c>t</c>: passes over the memory. At least 1; the default is 2. Parallelism is always 1.</summary>
    public int Passes { get; set; } = 2;

    /// <summary>
    /// The longest a sign-in or password change may be predicted to wait for a core before its hash starts; one that
    /// would wait longer is answered TooManyRequestsException at once (the AWS SDKs retry it with backoff).
    /// Not set by default for <c>tessera start</c>, which counts its budget in hashes (<see cref="QueueBudgetHashTimes"/>);
    /// 60 s for <c>tessera start-dev</c> when neither is set, so a test suite's burst of sign-ups queues instead of failing.
    /// </summary>
    public TimeSpan? QueueBudget { get; set; }

    /// <summary>
    /// The budget as a multiple of the measured hash time (a moving average of the last hashes), at least
    /// <see cref="HashQueueBudget.Floor"/>; set this or <see cref="QueueBudget"/>, not both. When neither is set,
    /// <c>tessera start</c> uses <see cref="DefaultQueueBudgetHashTimes"/>.
    /// </summary>
    public double? QueueBudgetHashTimes { get; set; }

    /// <summary>
    /// One hash time: an accepted sign-in under overload then takes about two hashes plus the scheduling of the cores
    /// (PERFORMANCE.md G5c: p99 ≤ 4 × t_hash), on any machine.
    /// </summary>
    public const double DefaultQueueBudgetHashTimes = 1;

    /// <summary>
    /// The hash threads' nice value on Linux, from 0 to 19 (ignored elsewhere). Above 0 the threads that parse requests
    /// and answer them, a shed sign-in among them, take a core from a running hash as soon as they have work, so an
    /// overload's TooManyRequestsException stays fast while both cores hash. Default: <see cref="DefaultHashThreadNice"/>.
    /// </summary>
    public int HashThreadNice { get; set; } = DefaultHashThreadNice;

    /// <summary>The default <see cref="HashThreadNice"/>.</summary>
    public const int DefaultHashThreadNice = 0;

    /// <summary>OWASP's smallest Argon2id memory cost (KiB) for a number of passes, at parallelism 1 (Password Storage Cheat Sheet).</summary>
    public static int OwaspMinimumMemoryKiB(int passes) => passes switch
    {
        <= 1 => 47_104,
        2 => 19_456,
        3 => 12_288,
        4 => 9_216,
        _ => 7_168,
    };
}
