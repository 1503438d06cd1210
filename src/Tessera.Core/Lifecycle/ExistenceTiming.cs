// SPDX-License-Identifier: Apache-2.0
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Tessera.Core.Lifecycle;

/// <summary>
/// Keeps the answer for a user who does not exist as slow as the answer for one who does
/// (PreventUserExistenceErrors): each operation's real-path duration is tracked as a moving average, and
/// its simulated path waits until about that much time has passed.
/// </summary>
public sealed class ExistenceTiming(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> averages = new(StringComparer.Ordinal);

    public long Start() => time.GetTimestamp();

    /// <summary>Records how long a real (the user exists) answer of <paramref name="operation"/> took.</summary>
    public void RecordReal(string operation, long start)
    {
        var elapsed = time.GetElapsedTime(start).Ticks;
        var box = averages.GetOrAdd(operation, _ => new StrongBox<long>());
        var current = Interlocked.Read(ref box.Value);
        Interlocked.Exchange(ref box.Value, current == 0 ? elapsed : current + ((elapsed - current) / 8));
    }

    /// <summary>Waits until the simulated answer of <paramref name="operation"/> has taken about as long as a real one.</summary>
    public async Task PadAsync(string operation, long start, CancellationToken cancellationToken)
    {
        var average = averages.TryGetValue(operation, out var box) ? Interlocked.Read(ref box.Value) : 0;
        var jitter = 0.9 + (RandomNumberGenerator.GetInt32(0, 200) / 1000.0);
        var remaining = (TimeSpan.FromTicks(average) * jitter) - time.GetElapsedTime(start);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class StrongBox<T>
    {
        public T Value = default!;
    }
}
