// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Time.Testing;
using Tessera.Core.Snapshots;

namespace Tessera.Core.Tests.Snapshots;

public sealed class RequestGateTests : IDisposable
{
    private readonly FakeTimeProvider time = new();
    private readonly RequestGate gate;

    public RequestGateTests() => gate = new RequestGate(time);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => gate.Dispose();

    [Fact]
    public async Task RunExclusive_NoRequestInside_RunsAtOnce()
        => (await gate.RunExclusiveAsync(_ => Task.FromResult(42), Ct)).ShouldBe(42);

    [Fact]
    public async Task RunExclusive_ARequestInside_WaitsUntilItLeaves()
    {
        await gate.EnterAsync(Ct);
        var ran = false;
        var exclusive = gate.RunExclusiveAsync(_ => Task.FromResult(ran = true), Ct);
        await Task.Delay(50, Ct);
        ran.ShouldBeFalse();

        gate.Exit();

        (await exclusive.WaitAsync(TimeSpan.FromSeconds(10), Ct)).ShouldBeTrue();
    }

    [Fact]
    public async Task Enter_WhileAnExclusiveOperationRuns_WaitsUntilItEnds()
    {
        var release = new TaskCompletionSource();
        var exclusive = gate.RunExclusiveAsync(async _ => { await release.Task; return true; }, Ct);
        var entered = gate.EnterAsync(Ct).AsTask();
        await Task.Delay(50, Ct);
        entered.IsCompleted.ShouldBeFalse();

        release.SetResult();

        await exclusive.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await entered.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        gate.Exit();
    }

    [Fact]
    public async Task Enter_WhileAnExclusiveOperationWaitsForRequests_WaitsBehindIt()
    {
        // Writer first: a stream of new requests must not keep a restore waiting for ever.
        await gate.EnterAsync(Ct);
        var order = new List<string>();
        var exclusive = gate.RunExclusiveAsync(_ => { order.Add("exclusive"); return Task.FromResult(true); }, Ct);
        var later = gate.EnterAsync(Ct).AsTask().ContinueWith(_ => order.Add("later request"), Ct, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await Task.Delay(50, Ct);
        order.ShouldBeEmpty();

        gate.Exit();

        await exclusive.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await later.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        order.ShouldBe(["exclusive", "later request"]);
        gate.Exit();
    }

    [Fact]
    public async Task RunExclusive_RequestsStillInsideAfterTheDrainTimeout_ThrowsBusyAndOpensTheGate()
    {
        await gate.EnterAsync(Ct);
        var ran = false;
        var exclusive = gate.RunExclusiveAsync(_ => Task.FromResult(ran = true), Ct);
        await Task.Delay(20, Ct);

        time.Advance(RequestGate.DrainTimeout);

        var busy = await Should.ThrowAsync<SnapshotException>(() => exclusive.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        busy.Error.ShouldBe(SnapshotError.Busy);
        ran.ShouldBeFalse();
        await gate.EnterAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        gate.Exit();
        gate.Exit();
    }

    [Fact]
    public async Task RunExclusive_TwoAtOnce_RunOneAfterTheOther()
    {
        var running = 0;
        var overlapped = false;
        async Task<bool> Operation(CancellationToken _)
        {
            overlapped |= Interlocked.Increment(ref running) > 1;
            await Task.Delay(30, Ct);
            Interlocked.Decrement(ref running);
            return true;
        }

        await Task.WhenAll(gate.RunExclusiveAsync(Operation, Ct), gate.RunExclusiveAsync(Operation, Ct), gate.RunExclusiveAsync(Operation, Ct));

        overlapped.ShouldBeFalse();
    }

    [Fact]
    public async Task RunExclusive_CallerCancelsOnceItHasBegun_TheOperationRunsToItsEnd()
    {
        using var caller = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        CancellationToken given = default;
        var exclusive = gate.RunExclusiveAsync(
            async ct =>
            {
                given = ct;
                started.SetResult();
                await release.Task;
                return true;
            },
            caller.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        await caller.CancelAsync();
        release.SetResult();

        (await exclusive.WaitAsync(TimeSpan.FromSeconds(10), Ct)).ShouldBeTrue();
        given.CanBeCanceled.ShouldBeFalse();
    }
}
