// SPDX-License-Identifier: Apache-2.0
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Tessera.Storage;

/// <summary>The database's schema against the migrations this build of Tessera carries.</summary>
public static class TesseraSchema
{
    /// <summary>
    /// The migrations this build carries that the database has not had yet (in order), after refusing a database that a
    /// newer Tessera has migrated: it holds migrations this build does not know, so its tables may have columns and
    /// meanings this build would misread or overwrite.
    /// </summary>
    /// <remarks>
    /// One read of the history table by hand: EF's own <c>GetAppliedMigrations</c> first builds a model of that table
    /// through the conventions, a cost every start would pay for a schema that is almost always current.
    /// </remarks>
    /// <exception cref="SchemaMismatchException">The database has migrations this build does not know.</exception>
    public static async Task<IReadOnlyList<string>> PendingAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var known = db.Database.GetMigrations().ToList();
        var applied = await AppliedAsync(db, cancellationToken).ConfigureAwait(false);
        var unknown = applied.Except(known, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw SchemaMismatchException.TooNew(unknown, known.Order(StringComparer.Ordinal).LastOrDefault());
        }

        return [.. known.Where(id => !applied.Contains(id))];
    }

    /// <summary>The migration ids in the history table; none when the table is not there yet (a new database).</summary>
    private static async Task<HashSet<string>> AppliedAsync(DbContext db, CancellationToken cancellationToken)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        if (!await db.GetService<IHistoryRepository>().ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return applied;
        }

        var sql = db.GetService<ISqlGenerationHelper>();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT {sql.DelimitIdentifier(nameof(HistoryRow.MigrationId))} FROM {sql.DelimitIdentifier(HistoryRepository.DefaultTableName)}";
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetString(0));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }

        return applied;
    }
}
