// SPDX-License-Identifier: Apache-2.0
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tessera.Storage.Sqlite;

/// <summary>
/// How SQLite makes a commit durable (<c>PRAGMA synchronous</c>) under WAL. <see cref="Full"/>, SQLite's default:
/// every commit waits for an <c>fsync</c> of the WAL, so a committed write survives a power loss or a crash of the
/// machine. <see cref="Normal"/>: the WAL is synced only at checkpoints, so a commit survives a crash or kill of the
/// process (the WAL is in the operating system's cache) but the last commits can be lost, never corrupted, when the
/// machine itself goes down.
/// </summary>
public enum SqliteSynchronous
{
    Full = 0,
    Normal = 1,
}

/// <summary>
/// Sets <c>PRAGMA synchronous=NORMAL</c> on every connection opened. The setting belongs to the connection, not the
/// file, so a connection from Microsoft.Data.Sqlite's pool keeps it; setting it again costs one short statement.
/// </summary>
internal sealed class SqliteSynchronousNormal : DbConnectionInterceptor
{
    public static readonly SqliteSynchronousNormal Instance = new();

    private SqliteSynchronousNormal()
    {
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            SqliteException.ThrowExceptionForRC(SQLitePCL.raw.sqlite3_exec(handle, "PRAGMA synchronous=NORMAL;"), handle);
        }
    }
}
