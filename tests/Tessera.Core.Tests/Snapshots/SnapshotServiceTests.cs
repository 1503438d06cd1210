// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Time.Testing;
using Tessera.Core.Snapshots;

namespace Tessera.Core.Tests.Snapshots;

public sealed class SnapshotServiceTests : IDisposable
{
    private readonly FakeTimeProvider time = new();
    private readonly RequestGate gate;
    private readonly RecordingStore store = new();
    private readonly CountingCache first = new();
    private readonly CountingCache second = new();
    private readonly SnapshotService service;

    public SnapshotServiceTests()
    {
        gate = new RequestGate(time);
        service = new SnapshotService(store, gate, [first, second], time);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => gate.Dispose();

    [Fact]
    public async Task Restore_EmptiesEveryCache()
    {
        await service.RestoreAsync(SnapshotName.Parse("seeded"), Ct);

        store.Calls.ShouldBe(["restore seeded"]);
        first.Cleared.ShouldBe(1);
        second.Cleared.ShouldBe(1);
    }

    [Fact]
    public async Task Reset_EmptiesEveryCache()
    {
        await service.ResetAsync(Ct);

        store.Calls.ShouldBe(["reset"]);
        first.Cleared.ShouldBe(1);
        second.Cleared.ShouldBe(1);
    }

    [Fact]
    public async Task Restore_StoreFails_CachesAreEmptiedAnyway()
    {
        store.Failure = new InvalidOperationException("disk full");

        await Should.ThrowAsync<InvalidOperationException>(() => service.RestoreAsync(SnapshotName.Parse("seeded"), Ct));

        first.Cleared.ShouldBe(1);
        second.Cleared.ShouldBe(1);
    }

    [Fact]
    public async Task Save_LeavesTheCachesAlone()
    {
        var (snapshot, _) = await service.SaveAsync(SnapshotName.Parse("seeded"), Ct);

        snapshot.Name.ShouldBe("seeded");
        first.Cleared.ShouldBe(0);
    }

    [Fact]
    public async Task Restore_ARequestInside_RunsOnlyAfterItLeaves()
    {
        await gate.EnterAsync(Ct);
        var restore = service.RestoreAsync(SnapshotName.Parse("seeded"), Ct);
        await Task.Delay(50, Ct);
        store.Calls.ShouldBeEmpty();

        gate.Exit();

        await restore.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        store.Calls.ShouldBe(["restore seeded"]);
    }

    private sealed class CountingCache : IStoreCache
    {
        public int Cleared { get; private set; }

        public void Clear() => Cleared++;
    }

    private sealed class RecordingStore : ISnapshotStore
    {
        public List<string> Calls { get; } = [];

        public Exception? Failure { get; set; }

        public Task ResetAsync(CancellationToken cancellationToken) => Record("reset");

        public async Task<SnapshotInfo> SaveAsync(SnapshotName name, CancellationToken cancellationToken)
        {
            await Record($"save {name}");
            return new SnapshotInfo(name.Value, DateTimeOffset.UnixEpoch, 1);
        }

        public Task RestoreAsync(SnapshotName name, CancellationToken cancellationToken) => Record($"restore {name}");

        public Task<SnapshotInfo?> FindAsync(SnapshotName name, CancellationToken cancellationToken) => Task.FromResult<SnapshotInfo?>(null);

        public Task<IReadOnlyList<SnapshotInfo>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<SnapshotInfo>>([]);

        public Task<bool> DeleteAsync(SnapshotName name, CancellationToken cancellationToken) => Task.FromResult(false);

        private Task Record(string call)
        {
            if (Failure is not null)
            {
                throw Failure;
            }

            Calls.Add(call);
            return Task.CompletedTask;
        }
    }
}
