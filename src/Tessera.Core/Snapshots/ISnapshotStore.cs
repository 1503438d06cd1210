// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Snapshots;

/// <summary>
/// The whole stored state as one unit: emptied, saved under a name, put back. Implementations copy the
/// database generically (every table there is), never table by table, so a table added by a later
/// migration is covered without a change here. Callers hold <see cref="RequestGate"/> exclusively.
/// </summary>
public interface ISnapshotStore
{
    /// <summary>Deletes every row of every table; the schema and its migration history stay.</summary>
    Task ResetAsync(CancellationToken cancellationToken);

    /// <summary>Saves the current state under <paramref name="name"/>, replacing a snapshot of that name.</summary>
    Task<SnapshotInfo> SaveAsync(SnapshotName name, CancellationToken cancellationToken);

    /// <summary>Replaces the current state with the snapshot, in one transaction.</summary>
    /// <exception cref="SnapshotException">No such snapshot, or one this server cannot open.</exception>
    Task RestoreAsync(SnapshotName name, CancellationToken cancellationToken);

    Task<SnapshotInfo?> FindAsync(SnapshotName name, CancellationToken cancellationToken);

    /// <summary>Every snapshot, by name.</summary>
    Task<IReadOnlyList<SnapshotInfo>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Deletes the snapshot; false when there was none.</summary>
    Task<bool> DeleteAsync(SnapshotName name, CancellationToken cancellationToken);
}
