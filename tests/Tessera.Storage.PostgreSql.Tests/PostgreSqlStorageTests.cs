// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tessera.Tests.Logging;
using Tessera.Tests.Postgres;

namespace Tessera.Storage.PostgreSql.Tests;

/// <summary>Migrating with several nodes: once, under an advisory lock, quietly, and never onto a newer schema.</summary>
public sealed class PostgreSqlStorageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MigrateAsync_SeveralNodesAtOnceOnAMissingDatabase_CreateItAndMigrateOnce()
    {
        SkipWithoutPostgres();
        await using var database = TestPostgres.Missing();
        var logs = new LogCapture();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await using var db = Open(database, logs);
            return await PostgreSqlStorage.MigrateAsync(db, Ct);
        }, Ct)));

        await using var check = Open(database, logs);
        var all = check.Database.GetMigrations().ToList();
        results.Count(r => r.Count > 0).ShouldBe(1);
        results.Single(r => r.Count > 0).ShouldBe(all);
        (await check.Database.GetAppliedMigrationsAsync(Ct)).ShouldBe(all);
        logs.Entries.Where(e => e.Level >= LogLevel.Error).ShouldBeEmpty();
    }

    [Fact]
    public async Task MigrateAsync_OnAnEmptyDatabase_LogsNoError()
    {
        SkipWithoutPostgres();
        await using var database = await TestPostgres.CreateAsync();
        var logs = new LogCapture();
        await using var db = Open(database, logs);

        var applied = await PostgreSqlStorage.MigrateAsync(db, Ct);
        var again = await PostgreSqlStorage.MigrateAsync(db, Ct);

        applied.ShouldNotBeEmpty();
        again.ShouldBeEmpty();
        logs.Entries.Where(e => e.Level >= LogLevel.Error).ShouldBeEmpty();
    }

    [Fact]
    public async Task MigrateAsync_OnASchemaFromANewerTessera_RefusesNamingTheUnknownMigration()
    {
        SkipWithoutPostgres();
        await using var database = await TestPostgres.CreateAsync();
        await using var db = Open(database, new LogCapture());
        await PostgreSqlStorage.MigrateAsync(db, Ct);
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ('29991231000000_FromTheFuture', '99.0.0')""", Ct);

        var refused = await Should.ThrowAsync<SchemaMismatchException>(() => PostgreSqlStorage.MigrateAsync(db, Ct));

        refused.Message.ShouldContain("newer than this Tessera");
        refused.Message.ShouldContain("29991231000000_FromTheFuture");
        (await db.Database.SqlQueryRaw<long>("""SELECT COUNT(*) AS "Value" FROM pg_locks WHERE locktype = 'advisory'""").SingleAsync(Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task MigrateAsync_LockHeldLongerThanTheCommandTimeout_WaitsSayingSoAndMigrates()
    {
        SkipWithoutPostgres();
        await using var database = await TestPostgres.CreateAsync();
        await using var holder = await HoldMigrationLockAsync(database);

        // A 1 s command timeout: a blocking pg_advisory_lock would have failed while the other node migrated for 3 s.
        await using var db = Open(database, new LogCapture(), commandTimeout: 1);
        var waits = 0;
        var migrating = PostgreSqlStorage.MigrateAsync(db, TimeSpan.FromMinutes(1), _ => Interlocked.Increment(ref waits), Ct);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        migrating.IsCompleted.ShouldBeFalse();
        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgreSqlStorage.MigrationLockKey})", holder))
        {
            await release.ExecuteNonQueryAsync(Ct);
        }

        (await migrating).ShouldNotBeEmpty();
        waits.ShouldBe(1);
    }

    [Fact]
    public async Task MigrateAsync_LockHeldBeyondTheLimit_RefusesNamingTheSetting()
    {
        SkipWithoutPostgres();
        await using var database = await TestPostgres.CreateAsync();
        await using var holder = await HoldMigrationLockAsync(database);

        await using var db = Open(database, new LogCapture());
        var refused = await Should.ThrowAsync<SchemaMismatchException>(() => PostgreSqlStorage.MigrateAsync(db, TimeSpan.FromSeconds(1), null, Ct));

        refused.Message.ShouldContain("Tessera:Storage:MigrationLockTimeout");
        (await db.Database.GetAppliedMigrationsAsync(Ct)).ShouldBeEmpty();
    }

    /// <summary>Another node's session holding the migration lock, as while it migrates.</summary>
    private static async Task<NpgsqlConnection> HoldMigrationLockAsync(TestPostgres database)
    {
        var holder = new NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync(Ct);
        await using var take = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgreSqlStorage.MigrationLockKey})", holder);
        await take.ExecuteNonQueryAsync(Ct);
        return holder;
    }

    private static void SkipWithoutPostgres()
    {
        if (TestPostgres.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    private static TesseraDbContext Open(TestPostgres database, LogCapture logs, int? commandTimeout = null)
    {
        var options = new DbContextOptionsBuilder<TesseraDbContext>();
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        if (commandTimeout is { } seconds)
        {
            connection.CommandTimeout = seconds;
        }

        PostgreSqlStorage.Use(options, connection.ConnectionString).UseLoggerFactory(LoggerFactory.Create(b => b.AddProvider(logs)));
        return new TesseraDbContext(options.Options);
    }
}
