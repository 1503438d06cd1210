// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;

namespace Tessera.Core.Lifecycle;

/// <summary>
/// The counters a real user has (failed sign-ins, codes sent, wrong codes) kept for usernames the pool does not
/// have, so that with PreventUserExistenceErrors a missing user reaches the same lockouts and limits after the same
/// number of tries as a real one. The rules are the real ones; only the place differs: memory, because there is no
/// user row to keep them on. Each node keeps its own, and at most <see cref="Capacity"/> usernames of each kind:
/// past that, the ones no longer locked or limited are forgotten first.
/// </summary>
public sealed class UnknownUserCounters
{
    public const int Capacity = 100_000;
    private readonly Lock gate = new();
    private readonly Dictionary<string, SignInCounters> signIns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AttemptWindow> windows = new(StringComparer.Ordinal);

    public bool IsLocked(string key, DateTimeOffset now)
    {
        lock (gate)
        {
            return signIns.TryGetValue(key, out var counters) && counters.LockedUntil > now;
        }
    }

    /// <summary>Applies <paramref name="count"/> to the key's counters; false (nothing changes) when it answers null.</summary>
    public bool TryCount(string key, DateTimeOffset now, Func<SignInCounters, SignInCounters?> count)
    {
        ArgumentNullException.ThrowIfNull(count);
        lock (gate)
        {
            if (count(signIns.GetValueOrDefault(key)) is not { } next)
            {
                return false;
            }

            if (!signIns.ContainsKey(key) && signIns.Count >= Capacity)
            {
                Forget(signIns, c => c.LockedUntil is not { } until || until <= now);
            }

            signIns[key] = next;
            return true;
        }
    }

    /// <summary>One more event in the key's window (<see cref="AttemptWindow.Take"/>); false when the limit was reached.</summary>
    public bool TryTake(string key, int limit, TimeSpan length, DateTimeOffset now)
    {
        lock (gate)
        {
            var current = windows.TryGetValue(key, out var found) ? found : new AttemptWindow(0, now);
            if (current.Take(limit, length, now) is not { } next)
            {
                return false;
            }

            if (!windows.ContainsKey(key) && windows.Count >= Capacity)
            {
                Forget(windows, w => now - w.Start >= length || w.Count < limit);
            }

            windows[key] = next;
            return true;
        }
    }

    private static void Forget<T>(Dictionary<string, T> entries, Func<T, bool> idle)
    {
        foreach (var key in entries.Where(e => idle(e.Value)).Select(e => e.Key).ToList())
        {
            entries.Remove(key);
        }

        if (entries.Count >= Capacity)
        {
            entries.Clear();
        }
    }
}
