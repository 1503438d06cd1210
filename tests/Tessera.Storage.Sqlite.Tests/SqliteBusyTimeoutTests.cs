// SPDX-License-Identifier: Apache-2.0
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Tessera.Storage.Sqlite.Tests;

/// <summary>
/// Every connection Tessera opens lets SQLite wait for the write lock in short steps (sqlite3_busy_timeout), rather than
/// fail at once into Microsoft.Data.Sqlite's 150 ms sleeps (SqliteBusyTimeout).
/// </summary>
public sealed class SqliteBusyTimeoutTests : IAsyncDisposable
{
    private readonly SqliteScratch scratch = new();

    [Fact]
    public async Task EveryOpenedConnection_HasTheCommandTimeoutAsItsBusyTimeout()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new DbContextOptionsBuilder<TesseraDbContext>();
        scratch.Configure(options);
        for (var open = 0; open < 2; open++)
        {
            await using var db = new TesseraDbContext(options.Options);
            await db.Database.OpenConnectionAsync(ct);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            connection.DefaultTimeout.ShouldBe(30);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout;";
            Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(30_000);
        }
    }

    public ValueTask DisposeAsync() => scratch.DisposeAsync();
}
