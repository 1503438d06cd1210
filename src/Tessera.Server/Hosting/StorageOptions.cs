// SPDX-License-Identifier: Apache-2.0
using Tessera.Storage.Sqlite;

namespace Tessera.Server.Hosting;

/// <summary>The <c>Tessera:Storage</c> section.</summary>
public sealed class StorageOptions
{
    /// <summary><c>Sqlite</c> (default, embedded) or <c>PostgreSql</c> (several nodes).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The provider's connection string. Default for SQLite: <c>Data Source=.tessera/tessera.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where start-dev keeps its database and master key. Default <c>.tessera</c>.</summary>
    public string DataDirectory { get; set; } = ".tessera";

    /// <summary>
    /// Whether <c>start</c> and <c>start-dev</c> apply pending migrations themselves (on PostgreSQL, one node at a time
    /// under an advisory lock). <c>false</c>: they refuse to start until <c>tessera migrate</c> has. Default <c>true</c>.
    /// </summary>
    public bool ApplyMigrations { get; set; } = true;

    /// <summary>
    /// How long a node (or <c>tessera migrate</c>) waits on PostgreSQL for another one that holds the migration lock,
    /// before it refuses to start. From 1 second to 1 day. Default 10 minutes.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MigrationLockTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How SQLite makes a commit durable: <c>Full</c> (an <c>fsync</c> per commit: survives a power loss) or <c>Normal</c>
    /// (synced at checkpoints: survives a crash or kill of the process, not of the machine). Default: <c>Full</c> for
    /// <c>start</c>, <c>Normal</c> for <c>start-dev</c>.
    /// </summary>
    public SqliteSynchronous? SqliteSynchronous { get; set; }

    /// <summary>The durability SQLite runs with in <paramref name="mode"/>: the setting, or the mode's default.</summary>
    internal SqliteSynchronous SqliteSynchronousIn(TesseraMode mode)
        => SqliteSynchronous ?? (mode == TesseraMode.Development ? Tessera.Storage.Sqlite.SqliteSynchronous.Normal : Tessera.Storage.Sqlite.SqliteSynchronous.Full);

    /// <summary>The SQLite connection string and how the start-up line names the store.</summary>
    internal (string ConnectionString, string Description) Sqlite()
    {
        if (!string.IsNullOrEmpty(ConnectionString))
        {
            return (ConnectionString, "SQLite");
        }

        Directory.CreateDirectory(DataDirectory);
        var path = Path.GetFullPath(Path.Combine(DataDirectory, "tessera.db"));
        return ($"Data Source={path}", $"SQLite {path}");
    }
}

public enum StorageProvider
{
    Sqlite = 0,
    PostgreSql = 1,
}
