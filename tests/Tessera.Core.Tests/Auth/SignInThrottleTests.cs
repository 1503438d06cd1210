// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;
using Tessera.Core.Lifecycle;

namespace Tessera.Core.Tests.Auth;

/// <summary>The lockout rule itself, and the same rule kept for usernames a pool does not have.</summary>
public sealed class SignInThrottleTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Count_FiveAttemptsAreFree_ThenEachLocksForTwiceAsLong_UpToFifteenMinutes()
    {
        var counters = new SignInCounters(0, null);
        var locks = new List<double>();
        for (var attempt = 1; attempt <= 16; attempt++)
        {
            var at = counters.LockedUntil ?? Now;
            counters = SignInThrottle.Count(counters, at)!.Value;
            counters.FailedCount.ShouldBe(attempt);
            locks.Add(counters.LockedUntil is { } until ? (until - at).TotalSeconds : 0);
        }

        locks.ShouldBe([0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
    }

    [Fact]
    public void Count_WhileLocked_ReturnsNull_AndALockoutOverFifteenMinutesAgoIsForgotten()
    {
        var locked = new SignInCounters(7, Now.AddSeconds(4));

        SignInThrottle.Count(locked, Now).ShouldBeNull();
        SignInThrottle.Count(locked, Now.AddSeconds(4)).ShouldBe(new SignInCounters(8, Now.AddSeconds(12)));
        SignInThrottle.Count(locked, Now.AddSeconds(4) + SignInThrottle.MaxLockout).ShouldBe(new SignInCounters(1, null));
    }

    [Fact]
    public void UnknownUserCounters_KeepTheRulePerKey()
    {
        var counters = new UnknownUserCounters();
        for (var i = 0; i < SignInThrottle.FreeAttempts; i++)
        {
            counters.TryCount("a", Now, c => SignInThrottle.Count(c, Now)).ShouldBeTrue();
        }

        counters.IsLocked("a", Now).ShouldBeTrue();
        counters.TryCount("a", Now, c => SignInThrottle.Count(c, Now)).ShouldBeFalse();
        counters.IsLocked("a", Now.AddSeconds(1)).ShouldBeFalse();
        counters.IsLocked("b", Now).ShouldBeFalse();
    }

    [Fact]
    public void UnknownUserCounters_TryTake_LimitsEventsPerWindow()
    {
        var counters = new UnknownUserCounters();

        Enumerable.Range(0, 3).Select(_ => counters.TryTake("k", 3, TimeSpan.FromHours(1), Now)).ShouldAllBe(taken => taken);
        counters.TryTake("k", 3, TimeSpan.FromHours(1), Now.AddMinutes(59)).ShouldBeFalse();
        counters.TryTake("k", 3, TimeSpan.FromHours(1), Now.AddHours(1)).ShouldBeTrue();
    }
}
