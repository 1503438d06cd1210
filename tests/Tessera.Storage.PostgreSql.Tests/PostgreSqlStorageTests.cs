// SPDX-License-Identifier: Apache-2.0
using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
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
        var logs = new ErrorLog();

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
        logs.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task MigrateAsync_OnAnEmptyDatabase_LogsNoError()
    {
        SkipWithoutPostgres();
        await using var database = await TestPostgres.CreateAsync();
        var logs = new ErrorLog();
        await using var db = Open(database, logs);

        var applied = await PostgreSqlStorage.MigrateAsync(db, Ct);
        var again = await PostgreSqlStorage.MigrateAsync(db, Ct);

        applied.ShouldNotBeEmpty();
        again.ShouldBeEmpty();
        logs.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task MigrateAsync_OnASchemaFromANewerTessera_RefusesNamingTheUnknownMigration()
    {
        SkipWithoutPostgres();
        await using var database = await TestPostgres.CreateAsync();
        await using var db = Open(database, new ErrorLog());
        await PostgreSqlStorage.MigrateAsync(db, Ct);
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ('29991231000000_FromTheFuture', '99.0.0')""", Ct);

        var refused = await Should.ThrowAsync<SchemaMismatchException>(() => PostgreSqlStorage.MigrateAsync(db, Ct));

        refused.Message.ShouldContain("newer than this Tessera");
        refused.Message.ShouldContain("29991231000000_FromTheFuture");
        (await db.Database.SqlQueryRaw<long>("""SELECT COUNT(*) AS "Value" FROM pg_locks WHERE locktype = 'advisory'""").SingleAsync(Ct)).ShouldBe(0);
    }

    private static void SkipWithoutPostgres()
    {
        if (TestPostgres.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    private static TesseraDbContext Open(TestPostgres database, ErrorLog logs)
    {
        var options = new DbContextOptionsBuilder<TesseraDbContext>();
        PostgreSqlStorage.Use(options, database.ConnectionString).UseLoggerFactory(logs.Factory);
        return new TesseraDbContext(options.Options);
    }

    /// <summary>What EF logs at error level or above.</summary>
    private sealed class ErrorLog : ILoggerProvider
    {
        public ErrorLog() => Factory = LoggerFactory.Create(b => b.AddProvider(this));

        public ILoggerFactory Factory { get; }

        public ConcurrentQueue<string> Errors { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(ErrorLog log, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    log.Errors.Enqueue($"{category}: {formatter(state, exception)}");
                }
            }
        }
    }
}
