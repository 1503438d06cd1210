// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Lifecycle;

/// <summary>
/// Keeps the answer for a user who does not exist as slow as the answer for one who does
/// (PreventUserExistenceErrors): the real path's duration is tracked as a moving average, and the
/// simulated path waits until about that much time has passed.
/// </summary>
public sealed class ExistenceTiming(TimeProvider time)
{
    private long averageTicks;

    public long Start() => time.GetTimestamp();

    /// <summary>Records how long a real (user exists) answer took.</summary>
    public void RecordReal(long start)
    {
        var elapsed = time.GetElapsedTime(start).Ticks;
        var current = Interlocked.Read(ref averageTicks);
        var next = current == 0 ? elapsed : current + ((elapsed - current) / 8);
        Interlocked.Exchange(ref averageTicks, next);
    }

    /// <summary>Waits until the simulated answer has taken about as long as a real one.</summary>
    public async Task PadAsync(long start, CancellationToken cancellationToken)
    {
        var target = TimeSpan.FromTicks(Interlocked.Read(ref averageTicks));
        var jitter = 0.9 + (System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, 200) / 1000.0);
        var remaining = (target * jitter) - time.GetElapsedTime(start);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
