// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Diagnostics;
using Tessera.Core.Errors;

namespace Tessera.Core.Security;

/// <summary>
/// Runs password hashes on dedicated threads, one per worker (the core count in the server), and admits a hash only
/// if it can start within a latency budget; one that cannot is refused at once with TooManyRequestsException, which
/// the AWS SDKs retry with backoff (PERFORMANCE.md G5c: the accepted keep a bounded latency, the excess is told fast).
/// </summary>
/// <remarks>
/// The hashes run outside the thread pool so that, however many are queued, the pool stays free to parse requests
/// and answer the shed ones. The wait a new hash would have is predicted from what is running and queued: with every
/// hash taking <c>t</c> (a moving average of the measured hash times) and each running one due to end at
/// <c>max(0, t - its elapsed time)</c>, the k-th queued hash starts at <c>remaining[k mod workers] + (k div workers) × t</c>
/// with the remaining times sorted. Until the first hash has finished there is no <c>t</c>, and nothing is refused.
/// </remarks>
public sealed class HashWorkers : IDisposable
{
    private readonly Lock gate = new();
    private readonly Queue<Job> waiting = new();
    private readonly Worker[] workers;
    private readonly HashQueueBudget budget;
    private readonly TimeProvider time;
    private TimeSpan? estimate;
    private bool disposed;

    /// <param name="workers">Hashes that run at once (each on its own thread).</param>
    /// <param name="budget">The longest predicted wait for a hash to start that is still admitted.</param>
    /// <param name="time">Measures the hash times and the waits.</param>
    /// <param name="nice">
    /// The hash threads' nice value on Linux (0 to 19): above 0, a thread that answers a request, shed or not, takes the
    /// core from a hash at once instead of waiting for the scheduler to share it out.
    /// </param>
    public HashWorkers(int workers, HashQueueBudget budget, TimeProvider time, int nice = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(nice, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nice, 19);
        ArgumentNullException.ThrowIfNull(time);
        this.budget = budget;
        this.time = time;
        this.workers = new Worker[workers];
        for (var i = 0; i < workers; i++)
        {
            this.workers[i] = new Worker(this, i, nice);
        }
    }

    /// <summary>The moving average of the hash times so far; null until one has finished.</summary>
    public TimeSpan? HashTime
    {
        get
        {
            lock (gate)
            {
                return estimate;
            }
        }
    }

    /// <summary>The wait a hash submitted now is predicted to have before it starts; null when a worker is free.</summary>
    public TimeSpan? PredictedWait
    {
        get
        {
            lock (gate)
            {
                return Array.Exists(workers, w => w.Current is null) ? null : PredictWait();
            }
        }
    }

    /// <summary>
    /// Whether a hash submitted now would be shed (counted as a throttle when it would): a sign-in asks before it reads the
    /// user, counts a guess or writes anything, so that shedding costs no more than this check. The hash itself is still
    /// admitted by <see cref="RunAsync{T}"/>, which may shed it if the queue filled in between.
    /// </summary>
    public bool IsOverBudget()
    {
        lock (gate)
        {
            if (!Array.Exists(workers, w => w.Current is null) && PredictWait() is { } wait && wait > budget.Given(estimate!.Value))
            {
                TesseraMetrics.Throttle("password_hash_queue");
                return true;
            }
        }

        return false;
    }

    /// <summary>Throws TooManyRequestsException when <see cref="IsOverBudget"/>.</summary>
    public void ThrowIfOverBudget()
    {
        if (IsOverBudget())
        {
            throw CognitoErrors.TooManyRequests();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a hash thread, or throws TooManyRequestsException (synchronously, without
    /// queueing) when it could not start within the budget.
    /// </summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var job = new Job<T>(work, cancellationToken);
        Worker? free;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            free = Array.Find(workers, w => w.Current is null);
            if (free is not null)
            {
                free.Start(job, time.GetTimestamp());
                TesseraMetrics.HashWaited(TimeSpan.Zero);
            }
            else if (PredictWait() is { } wait && wait > budget.Given(estimate!.Value))
            {
                TesseraMetrics.Throttle("password_hash_queue");
                throw CognitoErrors.TooManyRequests();
            }
            else
            {
                job.QueuedAt = time.GetTimestamp();
                waiting.Enqueue(job);
                TesseraMetrics.HashQueued(1);
            }
        }

        free?.Signal();
        return job.Task;
    }

    public void Dispose()
    {
        Job[] abandoned;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            abandoned = [.. waiting];
            waiting.Clear();
        }

        TesseraMetrics.HashQueued(-abandoned.Length);

        foreach (var job in abandoned)
        {
            job.Abandon();
        }

        foreach (var worker in workers)
        {
            worker.Dispose();
        }
    }

    /// <summary>Called under the lock with every worker busy.</summary>
    private TimeSpan? PredictWait()
    {
        if (estimate is not { } t)
        {
            return null;
        }

        var now = time.GetTimestamp();
        Span<long> remaining = stackalloc long[workers.Length];
        for (var i = 0; i < workers.Length; i++)
        {
            remaining[i] = Math.Max(0, t.Ticks - time.GetElapsedTime(workers[i].StartedAt, now).Ticks);
        }

        remaining.Sort();
        var ahead = waiting.Count;
        return TimeSpan.FromTicks(remaining[ahead % workers.Length] + (ahead / workers.Length * t.Ticks));
    }

    /// <summary>Records the finished job's time and hands the worker its next job, if any (under the lock).</summary>
    private Job? Finished(Worker worker, bool ran)
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            if (ran)
            {
                var took = time.GetElapsedTime(worker.StartedAt, now);
                // A moving average over about the last eight hashes follows a machine whose load changes.
                estimate = estimate is { } t ? t + ((took - t) / 8) : took;
                TesseraMetrics.Hashed(took);
            }

            var next = !disposed && waiting.TryDequeue(out var queued) ? queued : null;
            if (next is not null)
            {
                TesseraMetrics.HashQueued(-1);
                TesseraMetrics.HashWaited(time.GetElapsedTime(next.QueuedAt, now));
            }

            worker.Start(next, now);
            return next;
        }
    }

    private abstract class Job
    {
        /// <summary>When it joined the queue (a timestamp), for the wait it reports.</summary>
        public long QueuedAt { get; set; }

        /// <summary>Runs the work unless its caller has given up; false when it did not run.</summary>
        public abstract bool Execute();

        /// <summary>Hands the outcome to the caller, after the queue has recorded the time.</summary>
        public abstract void Complete();

        public abstract void Abandon();
    }

    private sealed class Job<T>(Func<T> work, CancellationToken cancellationToken) : Job
    {
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;
        private Exception? error;
        private bool ran;

        public Task<T> Task => completion.Task;

        public override bool Execute()
        {
            // The caller gave up while it waited: its hash is not worth a core any more.
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            ran = true;
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                error = e;
            }

            return true;
        }

        public override void Complete()
        {
            if (!ran)
            {
                completion.TrySetCanceled(cancellationToken);
            }
            else if (error is not null)
            {
                completion.TrySetException(error);
            }
            else
            {
                completion.TrySetResult(result!);
            }
        }

        public override void Abandon() => completion.TrySetException(new ObjectDisposedException(nameof(HashWorkers)));
    }

    private sealed class Worker : IDisposable
    {
        private readonly HashWorkers owner;
        private readonly SemaphoreSlim signal = new(0);
        private readonly int nice;
        private volatile bool stopping;

        public Worker(HashWorkers owner, int index, int nice)
        {
            this.owner = owner;
            this.nice = nice;
            new Thread(Loop) { IsBackground = true, Name = $"Tessera password hash {index}" }.Start();
        }

        /// <summary>The job the worker runs, or null when it is idle (read and written under the owner's lock).</summary>
        public Job? Current { get; private set; }

        public long StartedAt { get; private set; }

        public void Start(Job? job, long at)
        {
            Current = job;
            StartedAt = at;
        }

        public void Signal() => signal.Release();

        /// <summary>Stops the thread once its current job is done; the thread disposes the signal as it ends.</summary>
        public void Dispose()
        {
            stopping = true;
            signal.Release();
        }

        private void Loop()
        {
            if (nice > 0)
            {
                // Best effort: where the system refuses, the hashes share the cores with the requests as before.
                _ = ThreadNiceness.TrySetCurrent(nice);
            }

            while (true)
            {
                signal.Wait();
                if (stopping)
                {
                    signal.Dispose();
                    return;
                }

                Job? job;
                lock (owner.gate)
                {
                    job = Current;
                }

                while (job is not null)
                {
                    var ran = job.Execute();
                    var next = owner.Finished(this, ran);
                    job.Complete();
                    job = next;
                }
            }
        }
    }
}
