// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Auth;

/// <summary>
/// The guesses of each user that this node has counted and not yet checked (the check may be waiting for a hash
/// thread). <see cref="SignInThrottle"/> lets a guess that the stored count would refuse, or that would start a lockout,
/// wait for these to end first: the count includes them, and a right one among them gives the count back.
/// </summary>
public sealed class SignInGuesses
{
    private readonly Dictionary<Guid, Pending> pending = [];

    /// <summary>A guess of <paramref name="userId"/> about to be counted; disposing it ends it and wakes the waiters.</summary>
    public IDisposable Begin(Guid userId)
    {
        lock (pending)
        {
            if (!pending.TryGetValue(userId, out var entry))
            {
                entry = new Pending();
                pending.Add(userId, entry);
            }

            entry.Count++;
        }

        return new Guess(this, userId);
    }

    /// <summary>
    /// True when one of the user's pending guesses ended, so the caller reads the stored count again; false at once when
    /// none is pending, or after <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> WaitForOneAsync(Guid userId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task ended;
        lock (pending)
        {
            if (timeout <= TimeSpan.Zero || !pending.TryGetValue(userId, out var entry))
            {
                return false;
            }

            ended = entry.Ended.Task;
        }

        try
        {
            await ended.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>How many guesses of the user are pending (for tests and metrics).</summary>
    public int PendingFor(Guid userId)
    {
        lock (pending)
        {
            return pending.TryGetValue(userId, out var entry) ? entry.Count : 0;
        }
    }

    private void End(Guid userId)
    {
        TaskCompletionSource<bool> ended;
        lock (pending)
        {
            var entry = pending[userId];
            ended = entry.Ended;
            if (--entry.Count == 0)
            {
                pending.Remove(userId);
            }
            else
            {
                entry.Ended = NewSignal();
            }
        }

        ended.TrySetResult(true);
    }

    private static TaskCompletionSource<bool> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Pending
    {
        public int Count { get; set; }

        public TaskCompletionSource<bool> Ended { get; set; } = NewSignal();
    }

    private sealed class Guess(SignInGuesses owner, Guid userId) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.End(userId);
            }
        }
    }
}
