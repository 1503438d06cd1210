// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Time.Testing;
using Tessera.Core.Errors;
using Tessera.Core.Security;

namespace Tessera.Core.Tests.Security;

/// <summary>
/// The admission rule of the hash queue, with a fake clock and hashes that end when the test says: every decision is
/// taken when RunAsync is called, so no outcome depends on the speed of the machine.
/// </summary>
public sealed class HashWorkersTests : IDisposable
{
    private readonly FakeTimeProvider time = new();
    private readonly List<ManualResetEventSlim> holds = [];
    private HashWorkers? queue;

    public void Dispose()
    {
        holds.ForEach(h => h.Set());
        queue?.Dispose();
    }

    [Fact]
    public async Task RunAsync_FreeWorker_RunsTheHashAndGivesItsResult()
    {
        var q = Queue(workers: 1, budgetMs: 0);

        (await q.RunAsync(() => 42, TestContext.Current.CancellationToken)).ShouldBe(42);
    }

    [Fact]
    public async Task RunAsync_BeforeAnyHashHasFinished_QueuesEvenOverBudget()
    {
        var q = Queue(workers: 1, budgetMs: 0);
        var (first, release) = Held(q, 1);
        var queued = Enumerable.Range(2, 5).Select(i => q.RunAsync(() => i, CancellationToken.None)).ToList();

        release();

        (await first).ShouldBe(1);
        (await Task.WhenAll(queued)).ShouldBe([2, 3, 4, 5, 6]);
    }

    [Fact]
    public async Task RunAsync_PredictedWaitOverBudget_ShedsAtOnceWithTooManyRequests()
    {
        var q = Queue(workers: 1, budgetMs: 100);
        await FinishInAsync(q, 50);
        q.HashTime.ShouldBe(TimeSpan.FromMilliseconds(50));
        var (running, release) = Held(q, 0);

        var waitsOneHash = q.RunAsync(() => 1, CancellationToken.None);     // 50 ms: the running hash's remainder
        var waitsTwoHashes = q.RunAsync(() => 2, CancellationToken.None);   // 100 ms: the budget, still admitted
        var shed = Should.Throw<CognitoException>(() => q.RunAsync(() => 3, CancellationToken.None)); // 150 ms

        shed.Code.ShouldBe("TooManyRequestsException");
        shed.StatusCode.ShouldBe(429);
        release();
        await running;
        (await waitsOneHash).ShouldBe(1);
        (await waitsTwoHashes).ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_BudgetInHashTimes_FollowsTheMeasuredHashTime()
    {
        var q = queue = new HashWorkers(1, HashQueueBudget.HashTimes(2), time);
        await FinishInAsync(q, 30);
        var (running, release) = Held(q, 0);

        var waitsOne = q.RunAsync(() => 1, CancellationToken.None);         // 30 ms
        var waitsTwo = q.RunAsync(() => 2, CancellationToken.None);         // 60 ms = 2 × 30 ms, admitted
        Should.Throw<CognitoException>(() => q.RunAsync(() => 3, CancellationToken.None)).Code.ShouldBe("TooManyRequestsException"); // 90 ms
        release();
        await running;
        (await Task.WhenAll(waitsOne, waitsTwo)).ShouldBe([1, 2]);

        // Slower hashes move the budget with them (the three above took no time on the fake clock: 30 × (7/8)³ ms,
        // then a 300 ms hash: about 55 ms).
        await FinishInAsync(q, 300);
        q.HashTime!.Value.TotalMilliseconds.ShouldBeInRange(50, 60);
        (running, release) = Held(q, 0);
        var afterOne = q.RunAsync(() => 4, CancellationToken.None);         // one hash time
        var afterTwo = q.RunAsync(() => 5, CancellationToken.None);         // two: over a fixed 100 ms, within 2 hashes
        Should.Throw<CognitoException>(() => q.RunAsync(() => 6, CancellationToken.None));
        release();
        await running;
        (await Task.WhenAll(afterOne, afterTwo)).ShouldBe([4, 5]);
    }

    [Fact]
    public async Task ThrowIfOverBudget_AnswersAsRunAsyncWouldAdmit_WithoutQueueingAnything()
    {
        var q = Queue(workers: 1, budgetMs: 100);
        await FinishInAsync(q, 50);
        q.ThrowIfOverBudget();                                              // a worker is free
        var (running, release) = Held(q, 0);
        q.ThrowIfOverBudget();                                              // 50 ms to wait: within the budget
        var queued = q.RunAsync(() => 1, CancellationToken.None);
        var atBudget = q.RunAsync(() => 2, CancellationToken.None);         // 100 ms

        Should.Throw<CognitoException>(q.ThrowIfOverBudget).Code.ShouldBe("TooManyRequestsException"); // 150 ms
        release();
        await running;
        (await Task.WhenAll(queued, atBudget)).ShouldBe([1, 2]);
    }

    [Fact]
    public async Task RunAsync_RunningHashNearItsEnd_AdmitsWhatItRefusedBefore()
    {
        var q = Queue(workers: 1, budgetMs: 100);
        await FinishInAsync(q, 50);
        var (running, release) = Held(q, 0);
        var queued = new[] { q.RunAsync(() => 1, CancellationToken.None), q.RunAsync(() => 2, CancellationToken.None) };

        time.Advance(TimeSpan.FromMilliseconds(30));
        q.PredictedWait.ShouldBe(TimeSpan.FromMilliseconds(120));
        Should.Throw<CognitoException>(() => q.RunAsync(() => 3, CancellationToken.None));
        time.Advance(TimeSpan.FromMilliseconds(30));
        q.PredictedWait.ShouldBe(TimeSpan.FromMilliseconds(100));
        var late = q.RunAsync(() => 3, CancellationToken.None);

        release();
        await running;
        (await Task.WhenAll([.. queued, late])).ShouldBe([1, 2, 3]);
    }

    [Fact]
    public async Task RunAsync_TwoWorkers_QueuedHashesStartInTurnOnTheWorkerThatFreesFirst()
    {
        var q = Queue(workers: 2, budgetMs: 60);
        await FinishInAsync(q, 40);
        var (early, releaseEarly) = Held(q, 0);
        time.Advance(TimeSpan.FromMilliseconds(30));
        var (late, releaseLate) = Held(q, 0);

        // Remaining: 10 ms and 40 ms; then each worker's next hash 40 ms later.
        q.PredictedWait.ShouldBe(TimeSpan.FromMilliseconds(10));
        var admitted = new List<Task<int>> { q.RunAsync(() => 1, CancellationToken.None) };
        q.PredictedWait.ShouldBe(TimeSpan.FromMilliseconds(40));
        admitted.Add(q.RunAsync(() => 2, CancellationToken.None));
        q.PredictedWait.ShouldBe(TimeSpan.FromMilliseconds(50));
        admitted.Add(q.RunAsync(() => 3, CancellationToken.None));
        q.PredictedWait.ShouldBe(TimeSpan.FromMilliseconds(80));
        Should.Throw<CognitoException>(() => q.RunAsync(() => 4, CancellationToken.None)).Code.ShouldBe("TooManyRequestsException");

        releaseEarly();
        releaseLate();
        await Task.WhenAll(early, late);
        (await Task.WhenAll(admitted)).ShouldBe([1, 2, 3]);
    }

    [Fact]
    public async Task HashTime_MovingAverageOfTheMeasuredHashes()
    {
        var q = Queue(workers: 1, budgetMs: 100);
        await FinishInAsync(q, 50);
        await FinishInAsync(q, 130);

        q.HashTime.ShouldBe(TimeSpan.FromMilliseconds(60));
    }

    [Fact]
    public async Task RunAsync_CallerGaveUpWhileQueued_HashNeverRunsAndTheAverageIgnoresIt()
    {
        var q = Queue(workers: 1, budgetMs: 1000);
        await FinishInAsync(q, 50);
        var (running, release) = Held(q, 0);
        using var giveUp = new CancellationTokenSource();
        var ran = false;
        var abandoned = q.RunAsync(() => ran = true, giveUp.Token);

        await giveUp.CancelAsync();
        time.Advance(TimeSpan.FromMilliseconds(50));
        release();
        await running;

        await Should.ThrowAsync<OperationCanceledException>(() => abandoned);
        ran.ShouldBeFalse();
        q.HashTime.ShouldBe(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task RunAsync_HashThrows_TheCallerGetsTheExceptionAndTheWorkerGoesOn()
    {
        var q = Queue(workers: 1, budgetMs: 0);

        await Should.ThrowAsync<FormatException>(() => q.RunAsync<int>(() => throw new FormatException("bad hash"), CancellationToken.None));
        (await q.RunAsync(() => 7, CancellationToken.None)).ShouldBe(7);
    }

    [Fact]
    public void Dispose_HashesStillQueued_FailInsteadOfHanging()
    {
        var q = Queue(workers: 1, budgetMs: 0);
        var (running, _) = Held(q, 0);
        var queued = q.RunAsync(() => 1, CancellationToken.None);

        q.Dispose();

        Should.Throw<ObjectDisposedException>(() => queued.GetAwaiter().GetResult());
        Should.Throw<ObjectDisposedException>(() => q.RunAsync(() => 2, CancellationToken.None));
        running.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_WithANiceValue_RunsTheHashAtThatNiceValueAndLeavesTheCallerAlone()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "nice values are per thread on Linux only");
        var caller = ThreadNiceness.Current();
        queue = new HashWorkers(1, HashQueueBudget.Fixed(TimeSpan.Zero), time, nice: 10);

        (await queue.RunAsync(ThreadNiceness.Current, TestContext.Current.CancellationToken)).ShouldBe(10);
        ThreadNiceness.Current().ShouldBe(caller);
    }

    [Fact]
    public async Task RunAsync_WithoutANiceValue_RunsTheHashAtTheNiceValueOfTheThreadThatMadeTheQueue()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "nice values are per thread on Linux only");
        var creator = ThreadNiceness.Current();
        var q = Queue(workers: 1, budgetMs: 0);

        (await q.RunAsync(ThreadNiceness.Current, TestContext.Current.CancellationToken)).ShouldBe(creator);
    }

    private HashWorkers Queue(int workers, int budgetMs) => queue = new HashWorkers(workers, HashQueueBudget.Fixed(TimeSpan.FromMilliseconds(budgetMs)), time);

    /// <summary>A hash that runs until the returned action is called.</summary>
    private (Task<int> Task, Action Release) Held(HashWorkers q, int result)
    {
        var hold = new ManualResetEventSlim();
        holds.Add(hold);
        return (q.RunAsync(() => { hold.Wait(); return result; }, CancellationToken.None), hold.Set);
    }

    /// <summary>A hash the fake clock says took <paramref name="ms"/>.</summary>
    private async Task FinishInAsync(HashWorkers q, int ms)
    {
        var (task, release) = Held(q, 0);
        time.Advance(TimeSpan.FromMilliseconds(ms));
        release();
        await task;
    }
}
