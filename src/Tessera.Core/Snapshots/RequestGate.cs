// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Snapshots;

/// <summary>
/// Lets requests run side by side, and lets one exclusive operation (a reset or a restore) run alone:
/// it closes the gate, waits for the requests already inside to finish, runs, and opens the gate again.
/// Requests that arrive meanwhile wait at the gate, so each one sees the whole state from before or the
/// whole state from after, never half of each, even when it reads and writes in several transactions.
/// </summary>
public sealed class RequestGate(TimeProvider time) : IDisposable
{
    /// <summary>How long an exclusive operation waits for the running requests before it gives up.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    private readonly Lock sync = new();
    private readonly SemaphoreSlim exclusive = new(1, 1);
    private int running;
    private TaskCompletionSource? reopened;
    private TaskCompletionSource? drained;

    /// <summary>Enters as a request: at once, unless an exclusive operation is waiting or running. Pair with <see cref="Exit"/>.</summary>
    public async ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (sync)
            {
                if (reopened is null)
                {
                    running++;
                    return;
                }

                wait = reopened.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Leaves as a request.</summary>
    public void Exit()
    {
        lock (sync)
        {
            running--;
            if (running == 0)
            {
                drained?.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> with no request inside, one exclusive operation at a time.
    /// Throws <see cref="SnapshotError.Busy"/> when requests are still running after <see cref="DrainTimeout"/>.
    /// </summary>
    public async Task<T> RunExclusiveAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        await exclusive.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Task drain;
            lock (sync)
            {
                reopened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (running == 0)
                {
                    drained.TrySetResult();
                }

                drain = drained.Task;
            }

            try
            {
                try
                {
                    await drain.WaitAsync(DrainTimeout, time, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    throw SnapshotException.Busy(Volatile.Read(ref running), DrainTimeout);
                }

                // Once begun, the operation runs to its end even if its caller goes away: half a restore helps no one.
                return await action(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                TaskCompletionSource open;
                lock (sync)
                {
                    open = reopened!;
                    reopened = null;
                    drained = null;
                }

                open.TrySetResult();
            }
        }
        finally
        {
            exclusive.Release();
        }
    }

    public void Dispose() => exclusive.Dispose();
}
