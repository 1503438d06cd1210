// SPDX-License-Identifier: Apache-2.0
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Tessera.Storage.Conformance;

namespace Tessera.Storage.Sqlite.Tests;

/// <summary>An empty SQLite file in the temporary folder, deleted with its WAL files on dispose.</summary>
public sealed class SqliteScratch : IScratchDatabase
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"tessera-store-{Guid.NewGuid():N}.db");

    public void Configure(DbContextOptionsBuilder builder) => SqliteStorage.Use(builder, $"Data Source={path}");

    public Task PrepareAsync(TesseraDbContext db) => SqliteStorage.PrepareAsync(db, CancellationToken.None);

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

/// <summary>The class fixture: a migrated SQLite file per test class.</summary>
public sealed class SqliteDatabase : StoreDatabase
{
    public override Task<IScratchDatabase> CreateScratchAsync() => Task.FromResult<IScratchDatabase>(new SqliteScratch());
}
