// SPDX-License-Identifier: Apache-2.0
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tessera.Storage.Sqlite;

/// <summary>
/// Lets SQLite itself wait for the write lock (<c>sqlite3_busy_timeout</c>: it retries after 1, 2, 5, 10 ms and so on)
/// on every connection opened. Without it, a write that meets another one answers SQLITE_BUSY at once, and
/// Microsoft.Data.Sqlite retries it after sleeping 150 ms on the request's thread: under a sign-in load (a counted
/// guess, its clearing, the session and the refresh token are four writes) those sleeps held most of the thread pool,
/// and every request queued behind them (docs/benchmarks.md, G5c). The wait ends at the connection's
/// <see cref="SqliteConnection.DefaultTimeout"/>, as Microsoft.Data.Sqlite's own retries do.
/// </summary>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public static readonly SqliteBusyTimeout Instance = new();

    private SqliteBusyTimeout()
    {
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    /// <summary>Sets the busy timeout on an open connection (a pooled handle keeps it; setting it again costs a few instructions).</summary>
    public static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } sqlite)
        {
            SQLitePCL.raw.sqlite3_busy_timeout(handle, sqlite.DefaultTimeout * 1000);
        }
    }
}
