// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Storage;

/// <summary>The database's schema is not the one this build of Tessera runs on; the message says what to do.</summary>
public sealed class SchemaMismatchException(string message) : InvalidOperationException(message)
{
    public static SchemaMismatchException TooNew(IReadOnlyList<string> unknown, string? latestKnown) => new(
        $"The database's schema is newer than this Tessera: it has {unknown.Count} migration(s) this version does not know " +
        $"({string.Join(", ", unknown)}; the newest this version knows is {latestKnown ?? "none"}). " +
        "Run the Tessera version that migrated it, or a newer one: this version refuses to start rather than misread or damage its data.");

    public static SchemaMismatchException Pending(IReadOnlyList<string> pending) => new(
        $"The database lacks {pending.Count} migration(s) of this Tessera ({string.Join(", ", pending)}) and " +
        "Tessera:Storage:ApplyMigrations is false: run `tessera migrate` with the same storage settings first.");

    public static SchemaMismatchException MigrationLockTimeout(TimeSpan waited) => new(
        "Another node has held the migration lock for " + waited.ToString("c", System.Globalization.CultureInfo.InvariantCulture) +
        " (Tessera:Storage:MigrationLockTimeout) and the schema may still be changing: this node refuses to start on it. " +
        "Find the node or `tessera migrate` that is migrating, let it finish, and start again.");
}
