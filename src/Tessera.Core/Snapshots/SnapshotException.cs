// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Snapshots;

/// <summary>Why a reset or a snapshot operation was refused; the development endpoints map each to a status.</summary>
public enum SnapshotError
{
    InvalidName,
    NotFound,
    Busy,
    Unavailable,
    WrongMasterKey,
    NewerSchema,
    Unreadable,
}

/// <summary>The catalogue of refusals of <see cref="SnapshotService"/>, with messages that say what to do.</summary>
public sealed class SnapshotException(SnapshotError error, string message) : Exception(message)
{
    public SnapshotError Error { get; } = error;

    public static SnapshotException InvalidName(string? name) => new(
        SnapshotError.InvalidName,
        $"'{name}' is not a snapshot name: use 1 to {SnapshotName.MaxLength} letters, digits, '.', '_' or '-', beginning with a letter or a digit.");

    public static SnapshotException NotFound(SnapshotName name) => new(SnapshotError.NotFound, $"There is no snapshot named '{name}'.");

    public static SnapshotException Busy(int running, TimeSpan waited) => new(
        SnapshotError.Busy,
        $"{running} request(s) were still running after {waited.TotalSeconds:0} s; nothing was changed. Try again when they have finished.");

    public static SnapshotException Unavailable(string reason) => new(SnapshotError.Unavailable, reason);

    public static SnapshotException WrongMasterKey(SnapshotName name) => new(
        SnapshotError.WrongMasterKey,
        $"Snapshot '{name}' was saved under another master key, so its signing keys and secrets cannot be opened here. "
        + "Restore it where the master key it was saved with is in use (the data folder's master.key, or Tessera:MasterKey).");

    public static SnapshotException Unreadable(SnapshotName name, string reason) => new(
        SnapshotError.Unreadable,
        $"Snapshot '{name}' cannot be read ({reason}); nothing was changed. Save it again, or delete it.");

    public static SnapshotException NewerSchema(SnapshotName name) => new(
        SnapshotError.NewerSchema,
        $"Snapshot '{name}' was saved by a newer Tessera (its database has migrations this one does not know). Restore it with that version.");
}
