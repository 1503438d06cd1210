// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Storage.Conformance;
using Tessera.Tests.Postgres;

namespace Tessera.Storage.PostgreSql.Tests;

/// <summary>An empty database of its own on the test server, dropped on dispose.</summary>
public sealed class PostgreSqlScratch(TestPostgres database) : IScratchDatabase
{
    public void Configure(DbContextOptionsBuilder builder) => PostgreSqlStorage.Use(builder, database.ConnectionString);

    public Task PrepareAsync(TesseraDbContext db) => Task.CompletedTask;

    public ValueTask DisposeAsync() => database.DisposeAsync();
}

/// <summary>The class fixture: a migrated PostgreSQL database per test class.</summary>
public sealed class PostgreSqlDatabase : StoreDatabase
{
    public override string? SkipReason => TestPostgres.SkipReason;

    public override async Task<IScratchDatabase> CreateScratchAsync() => new PostgreSqlScratch(await TestPostgres.CreateAsync());
}
