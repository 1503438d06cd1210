// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Tessera.Storage.Sqlite.Tests;

/// <summary>
/// How commits are made durable (SqliteSynchronous): SQLite's FULL unless asked, NORMAL on every connection opened
/// when asked, including a connection that comes back from Microsoft.Data.Sqlite's pool.
/// </summary>
public sealed class SqliteSynchronousTests : IAsyncDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"tessera-sync-{Guid.NewGuid():N}.db");

    [Theory]
    [InlineData(null, 2L)]
    [InlineData(SqliteSynchronous.Full, 2L)]
    [InlineData(SqliteSynchronous.Normal, 1L)]
    public async Task EveryOpenedConnection_RunsWithTheGivenSynchronousSetting(SqliteSynchronous? synchronous, long pragma)
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new DbContextOptionsBuilder<TesseraDbContext>();
        if (synchronous is { } given)
        {
            SqliteStorage.Use(options, $"Data Source={path}", given);
        }
        else
        {
            SqliteStorage.Use(options, $"Data Source={path}");
        }

        for (var open = 0; open < 2; open++)
        {
            await using var db = new TesseraDbContext(options.Options);
            await db.Database.OpenConnectionAsync(ct);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA synchronous;";
            Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture).ShouldBe(pragma);
        }
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        return ValueTask.CompletedTask;
    }
}
