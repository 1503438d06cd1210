// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;

namespace Tessera.Storage;

/// <summary>The database's schema against the migrations this build of Tessera carries.</summary>
public static class TesseraSchema
{
    /// <summary>
    /// Refuses a database that a newer Tessera has migrated: it holds migrations this build does not know, so its
    /// tables may have columns and meanings this build would misread or overwrite.
    /// </summary>
    /// <exception cref="SchemaMismatchException">The database has migrations this build does not know.</exception>
    public static async Task ThrowIfNewerAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var unknown = (await db.Database.GetAppliedMigrationsAsync(cancellationToken).ConfigureAwait(false))
            .Where(id => !known.Contains(id))
            .ToList();
        if (unknown.Count > 0)
        {
            throw SchemaMismatchException.TooNew(unknown, known.Order(StringComparer.Ordinal).LastOrDefault());
        }
    }

    /// <summary>The migrations this build carries that the database has not had yet.</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return [.. await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)];
    }
}
