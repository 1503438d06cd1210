// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Snapshots;

namespace Tessera.Storage.Sqlite;

/// <summary>
/// Snapshots of a SQLite store, each a copy of the whole database file in <c>{folder}/{name}.db</c> with
/// <c>{name}.json</c> beside it (when it was saved, and which master key sealed its secrets). Whole-file
/// copies cover every table, including tables that later migrations add. A save is <c>VACUUM INTO</c>
/// (a consistent, compact copy); a restore is SQLite's online backup into the live database, one write
/// transaction that other connections see entirely or not at all.
/// </summary>
public sealed class SqliteSnapshotStore(string connectionString, string folder, string keyId, TimeProvider time) : ISnapshotStore
{
    private const string HistoryTable = "__EFMigrationsHistory";

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using var live = await OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
        // Every table ends empty, so no foreign key can dangle; with the checks off, SQLite empties a table
        // whole instead of row by row with its cascades (about 4 times faster with 10,000 users, docs/benchmarks.md).
        // The pragma has no effect inside a transaction, and the pooled connection gets the checks back after.
        await ExecuteAsync(live, "PRAGMA foreign_keys = OFF", cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = await live.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var table in await TablesAsync(live, cancellationToken).ConfigureAwait(false))
            {
                await ExecuteAsync(live, $"DELETE FROM {Quote(table)}", cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ExecuteAsync(live, "PRAGMA foreign_keys = ON", CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async Task<SnapshotInfo> SaveAsync(SnapshotName name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var live = await OpenAsync(connectionString, cancellationToken).ConfigureAwait(false))
            {
                await using var vacuum = live.CreateCommand();
                vacuum.CommandText = "VACUUM INTO $path";
                vacuum.Parameters.AddWithValue("$path", temporary);
                await vacuum.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var manifest = new SnapshotManifest(keyId, time.GetUtcNow().ToUnixTimeMilliseconds());
            await File.WriteAllTextAsync(temporary + ".json", JsonSerializer.Serialize(manifest, SnapshotJson.Default.SnapshotManifest), cancellationToken).ConfigureAwait(false);
            // The database first: a manifest never names a file that is not there yet.
            File.Move(temporary, DatabasePath(name), overwrite: true);
            File.Move(temporary + ".json", ManifestPath(name), overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
            File.Delete(temporary + ".json");
        }

        return (await FindAsync(name, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task RestoreAsync(SnapshotName name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var manifest = await ReadManifestAsync(name, cancellationToken).ConfigureAwait(false);
        if (manifest is null || !File.Exists(DatabasePath(name)))
        {
            throw SnapshotException.NotFound(name);
        }

        if (!string.Equals(manifest.KeyId, keyId, StringComparison.Ordinal))
        {
            throw SnapshotException.WrongMasterKey(name);
        }

        var snapshotConnection = SnapshotConnectionString(name);
        await using var live = await OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
        var current = await MigrationsAsync(live, cancellationToken).ConfigureAwait(false);
        HashSet<string> saved;
        try
        {
            await using var snapshot = await OpenAsync(snapshotConnection, cancellationToken).ConfigureAwait(false);
            saved = await MigrationsAsync(snapshot, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            // Not a database (SQLITE_NOTADB), truncated, or unreadable: the live state is still untouched.
            throw SnapshotException.Unreadable(name, e.Message);
        }

        if (!saved.IsSubsetOf(current))
        {
            throw SnapshotException.NewerSchema(name);
        }

        if (!current.IsSubsetOf(saved))
        {
            // Saved by an older Tessera: its rows get the same migrations the live database had (each keeps existing rows).
            await MigrateAsync(snapshotConnection, cancellationToken).ConfigureAwait(false);
        }

        await using var source = await OpenAsync(snapshotConnection, cancellationToken).ConfigureAwait(false);
        source.BackupDatabase(live);
    }

    public async Task<SnapshotInfo?> FindAsync(SnapshotName name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var manifest = await ReadManifestAsync(name, cancellationToken).ConfigureAwait(false);
        var database = new FileInfo(DatabasePath(name));
        return manifest is null || !database.Exists
            ? null
            : new SnapshotInfo(name.Value, DateTimeOffset.FromUnixTimeMilliseconds(manifest.CreatedAt), database.Length);
    }

    public async Task<IReadOnlyList<SnapshotInfo>> ListAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var snapshots = new List<SnapshotInfo>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            if (SnapshotName.IsValid(stem) && await FindAsync(SnapshotName.Parse(stem), cancellationToken).ConfigureAwait(false) is { } snapshot)
            {
                snapshots.Add(snapshot);
            }
        }

        return [.. snapshots.OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    public Task<bool> DeleteAsync(SnapshotName name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var existed = File.Exists(DatabasePath(name)) || File.Exists(ManifestPath(name));
        if (!existed)
        {
            return Task.FromResult(false);
        }

        File.Delete(ManifestPath(name));
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(DatabasePath(name) + suffix);
        }

        return Task.FromResult(existed);
    }

    private string DatabasePath(SnapshotName name) => Path.Combine(folder, name.Value + ".db");

    private string ManifestPath(SnapshotName name) => Path.Combine(folder, name.Value + ".json");

    /// <summary>Unpooled, so no handle outlives the call and a snapshot can be deleted or replaced at once.</summary>
    private string SnapshotConnectionString(SnapshotName name)
        => new SqliteConnectionStringBuilder { DataSource = DatabasePath(name), Pooling = false }.ToString();

    private async Task<SnapshotManifest?> ReadManifestAsync(SnapshotName name, CancellationToken cancellationToken)
    {
        try
        {
            var text = await File.ReadAllTextAsync(ManifestPath(name), cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize(text, SnapshotJson.Default.SnapshotManifest);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    private static async Task<SqliteConnection> OpenAsync(string connection, CancellationToken cancellationToken)
    {
        var opened = new SqliteConnection(connection);
        await opened.OpenAsync(cancellationToken).ConfigureAwait(false);
        return opened;
    }

    private static async Task MigrateAsync(string connection, CancellationToken cancellationToken)
    {
        var options = new DbContextOptionsBuilder<TesseraDbContext>();
        SqliteStorage.Use(options, connection);
        await using var db = new TesseraDbContext(options.Options);
        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every table of the database but the migration history and SQLite's internal ones: what a reset empties.</summary>
    private static async Task<List<string>> TablesAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        // sqlite_sequence holds the AUTOINCREMENT counters: emptied too, so ids start again as in a new database.
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> $history"
            + " AND (name NOT LIKE 'sqlite\\_%' ESCAPE '\\' OR name = 'sqlite_sequence')";
        command.Parameters.AddWithValue("$history", HistoryTable);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private static async Task<HashSet<string>> MigrationsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT MigrationId FROM {Quote(HistoryTable)}";
        var migrations = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                migrations.Add(reader.GetString(0));
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1)
        {
            // SQLITE_ERROR "no such table": a database no migration has touched.
        }

        return migrations;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

internal sealed record SnapshotManifest(string KeyId, long CreatedAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SnapshotManifest))]
internal sealed partial class SnapshotJson : JsonSerializerContext;
