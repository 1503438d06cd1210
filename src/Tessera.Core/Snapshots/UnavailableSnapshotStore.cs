// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Snapshots;

/// <summary>The store of a server that cannot reset or snapshot (its database is not one it can copy): every call says why.</summary>
public sealed class UnavailableSnapshotStore(string reason) : ISnapshotStore
{
    public Task ResetAsync(CancellationToken cancellationToken) => throw SnapshotException.Unavailable(reason);

    public Task<SnapshotInfo> SaveAsync(SnapshotName name, CancellationToken cancellationToken) => throw SnapshotException.Unavailable(reason);

    public Task RestoreAsync(SnapshotName name, CancellationToken cancellationToken) => throw SnapshotException.Unavailable(reason);

    public Task<SnapshotInfo?> FindAsync(SnapshotName name, CancellationToken cancellationToken) => throw SnapshotException.Unavailable(reason);

    public Task<IReadOnlyList<SnapshotInfo>> ListAsync(CancellationToken cancellationToken) => throw SnapshotException.Unavailable(reason);

    public Task<bool> DeleteAsync(SnapshotName name, CancellationToken cancellationToken) => throw SnapshotException.Unavailable(reason);
}
