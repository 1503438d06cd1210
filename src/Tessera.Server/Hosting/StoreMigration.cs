// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Storage;
using Tessera.Storage.PostgreSql;
using Tessera.Storage.Sqlite;

namespace Tessera.Server.Hosting;

/// <summary>Brings the store's schema to this build's, for <c>start</c>, <c>start-dev</c> and <c>tessera migrate</c>.</summary>
internal static class StoreMigration
{
    /// <summary>
    /// Applies the pending migrations (PostgreSQL: once, however many nodes start together, each waiting up to
    /// <see cref="StorageOptions.MigrationLockTimeout"/> for the one migrating) and returns them.
    /// </summary>
    /// <exception cref="SchemaMismatchException">The database was migrated by a newer Tessera, or the lock was not free in time.</exception>
    public static async Task<IReadOnlyList<string>> MigrateAsync(
        TesseraDbContext db, StorageOptions storage, Action<TimeSpan>? waiting, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            return await PostgreSqlStorage.MigrateAsync(db, storage.MigrationLockTimeout, waiting, cancellationToken).ConfigureAwait(false);
        }

        var pending = await TesseraSchema.PendingAsync(db, cancellationToken).ConfigureAwait(false);
        if (pending.Count > 0)
        {
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        await SqliteStorage.PrepareAsync(db, cancellationToken).ConfigureAwait(false);
        return pending;
    }

    /// <summary>With <c>Tessera:Storage:ApplyMigrations=false</c>: the schema must already be this build's.</summary>
    /// <exception cref="SchemaMismatchException">The database is newer, or lacks migrations.</exception>
    public static async Task RequireCurrentAsync(TesseraDbContext db, CancellationToken cancellationToken)
    {
        var pending = await TesseraSchema.PendingAsync(db, cancellationToken).ConfigureAwait(false);
        if (pending.Count > 0)
        {
            throw SchemaMismatchException.Pending(pending);
        }
    }
}
