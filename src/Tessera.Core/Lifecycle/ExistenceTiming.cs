// SPDX-License-Identifier: Apache-2.0
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Tessera.Core.Lifecycle;

/// <summary>
/// Keeps the answer for a user who does not exist as slow as the answer for one who does
/// (PreventUserExistenceErrors): each operation remembers how long its last real answers took, and its
/// simulated answer waits until about their median has passed. The median, not a mean, so a cold first
/// call or a stall does not make every simulated answer slower than the real ones.
/// </summary>
public sealed class ExistenceTiming(TimeProvider time)
{
    private const int Samples = 16;
    private readonly ConcurrentDictionary<string, Recent> recent = new(StringComparer.Ordinal);

    public long Start() => time.GetTimestamp();

    /// <summary>Records how long a real (the user exists) answer of <paramref name="operation"/> took.</summary>
    public void RecordReal(string operation, long start)
        => recent.GetOrAdd(operation, _ => new Recent()).Add(time.GetElapsedTime(start));

    /// <summary>Waits until the simulated answer of <paramref name="operation"/> has taken about as long as a real one.</summary>
    public async Task PadAsync(string operation, long start, CancellationToken cancellationToken)
    {
        var typical = recent.TryGetValue(operation, out var samples) ? samples.Median() : TimeSpan.Zero;
        var jitter = 0.9 + (RandomNumberGenerator.GetInt32(0, 200) / 1000.0);
        var remaining = (typical * jitter) - time.GetElapsedTime(start);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Recent
    {
        private readonly Lock gate = new();
        private readonly TimeSpan[] values = new TimeSpan[Samples];
        private int count;
        private int next;

        public void Add(TimeSpan value)
        {
            lock (gate)
            {
                values[next] = value;
                next = (next + 1) % Samples;
                count = Math.Min(count + 1, Samples);
            }
        }

        public TimeSpan Median()
        {
            lock (gate)
            {
                if (count == 0)
                {
                    return TimeSpan.Zero;
                }

                var sorted = values[..count];
                Array.Sort(sorted);
                return sorted[count / 2];
            }
        }
    }
}
