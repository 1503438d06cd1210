// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Snapshots;

/// <summary>
/// start-dev's clean slate: reset everything, save the state under a name, restore it. Each operation that
/// changes the stored state runs alone behind <see cref="RequestGate"/> and empties every
/// <see cref="IStoreCache"/> before the gate opens again, so the next request sees the new state at once.
/// </summary>
public sealed class SnapshotService(ISnapshotStore store, RequestGate gate, IEnumerable<IStoreCache> caches, TimeProvider time)
{
    /// <summary>Empties every table. Returns how long the store took.</summary>
    public Task<TimeSpan> ResetAsync(CancellationToken cancellationToken)
        => ReplaceAsync(store.ResetAsync, cancellationToken);

    /// <summary>Puts back the state saved as <paramref name="name"/>. Returns how long the store took.</summary>
    public Task<TimeSpan> RestoreAsync(SnapshotName name, CancellationToken cancellationToken)
        => ReplaceAsync(ct => store.RestoreAsync(name, ct), cancellationToken);

    /// <summary>Saves the state between two requests, never in the middle of one.</summary>
    public Task<(SnapshotInfo Snapshot, TimeSpan Elapsed)> SaveAsync(SnapshotName name, CancellationToken cancellationToken)
        => gate.RunExclusiveAsync(
            async ct =>
            {
                var start = time.GetTimestamp();
                var snapshot = await store.SaveAsync(name, ct).ConfigureAwait(false);
                return (snapshot, time.GetElapsedTime(start));
            },
            cancellationToken);

    public Task<SnapshotInfo?> FindAsync(SnapshotName name, CancellationToken cancellationToken) => store.FindAsync(name, cancellationToken);

    public Task<IReadOnlyList<SnapshotInfo>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    /// <summary>Deletes a snapshot; false when there was none. Behind the gate, so it never races a save or restore of the same name.</summary>
    public Task<bool> DeleteAsync(SnapshotName name, CancellationToken cancellationToken)
        => gate.RunExclusiveAsync(ct => store.DeleteAsync(name, ct), cancellationToken);

    private Task<TimeSpan> ReplaceAsync(Func<CancellationToken, Task> replace, CancellationToken cancellationToken)
        => gate.RunExclusiveAsync(
            async ct =>
            {
                var start = time.GetTimestamp();
                try
                {
                    await replace(ct).ConfigureAwait(false);
                }
                finally
                {
                    // Also after a failure: whatever the store holds now, no cache may outlive it.
                    foreach (var cache in caches)
                    {
                        cache.Clear();
                    }
                }

                return time.GetElapsedTime(start);
            },
            cancellationToken);
}
