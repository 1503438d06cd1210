// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Tessera.Storage.PostgreSql.CompiledModel;

namespace Tessera.Storage.PostgreSql;

public static class PostgreSqlStorage
{
    /// <summary>
    /// Points the Tessera model at PostgreSql, with this assembly's migrations and its compiled model (CompiledModel/,
    /// CONTRIBUTING.md says how to regenerate it): a start builds no model through the conventions.
    /// </summary>
    public static DbContextOptionsBuilder Use(DbContextOptionsBuilder builder, string connectionString)
        => UseBuildingTheModel(builder, connectionString)
            .UseModel(TesseraDbContextModel.Instance)
            // Migrate() would otherwise build the model through the conventions to compare it with the migrations' snapshot;
            // the compiled-model and migration tests catch that drift at build time instead (CompiledModelTests).
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));

    /// <summary>As <see cref="Use"/>, with the model built through the conventions: for design time and the tests that compare both.</summary>
    public static DbContextOptionsBuilder UseBuildingTheModel(DbContextOptionsBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseNpgsql(connectionString, o => o.MigrationsAssembly(typeof(PostgreSqlStorage).Assembly.GetName().Name));
    }

    /// <summary>
    /// The key of the session-level advisory lock (<c>pg_advisory_lock</c>) held while migrating: any number of nodes
    /// may start at once on one database, one migrates and the others wait for it, then find nothing to do.
    /// </summary>
    public const long MigrationLockKey = 0x7465_7373_6572_6101; // "tessera" + 1

    /// <summary>How often a node waiting for <see cref="MigrationLockKey"/> tries to take it.</summary>
    public static readonly TimeSpan MigrationLockPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Creates the database if it does not exist, then, holding <see cref="MigrationLockKey"/>, refuses a schema newer
    /// than this build (<see cref="SchemaMismatchException"/>) and applies the pending migrations. Returns those applied.
    /// Waits up to 10 minutes for another node's migration.
    /// </summary>
    public static Task<IReadOnlyList<string>> MigrateAsync(TesseraDbContext db, CancellationToken cancellationToken)
        => MigrateAsync(db, TimeSpan.FromMinutes(10), null, cancellationToken);

    /// <summary>
    /// As <see cref="MigrateAsync(TesseraDbContext, CancellationToken)"/>, waiting up to <paramref name="lockWait"/> for the
    /// lock another node holds while it migrates; <paramref name="waiting"/> is called once when this node starts to wait.
    /// </summary>
    /// <exception cref="SchemaMismatchException">The schema is newer than this build, or the lock was not free in time.</exception>
    public static async Task<IReadOnlyList<string>> MigrateAsync(
        TesseraDbContext db, TimeSpan lockWait, Action<TimeSpan>? waiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await CreateDatabaseIfMissingAsync(db.Database.GetConnectionString()!, cancellationToken).ConfigureAwait(false);
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Session-level, on the connection EF migrates through: released by the unlock below, or by PostgreSQL
            // when the connection ends (a node killed while migrating does not leave the others waiting).
            await LockAsync(db, lockWait, waiting, cancellationToken).ConfigureAwait(false);
            try
            {
                // Npgsql's provider reads the history table to learn whether it exists, so on an empty database EF logs a
                // failed command at error level; created first (as EF would, under the lock), nothing fails.
                await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken).ConfigureAwait(false);
                var pending = await TesseraSchema.PendingAsync(db, cancellationToken).ConfigureAwait(false);
                if (pending.Count > 0)
                {
                    await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
                }

                return pending;
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Takes the migration lock by polling <c>pg_try_advisory_lock</c> rather than blocking in <c>pg_advisory_lock</c>: a
    /// blocked statement is cut off by the command timeout (30 s) while a migration on another node can take longer.
    /// </summary>
    private static async Task LockAsync(TesseraDbContext db, TimeSpan limit, Action<TimeSpan>? waiting, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var told = false;
        while (!(await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({MigrationLockKey}) AS \"Value\"").ToListAsync(cancellationToken).ConfigureAwait(false))[0])
        {
            if (TimeProvider.System.GetElapsedTime(started) >= limit)
            {
                throw SchemaMismatchException.MigrationLockTimeout(limit);
            }

            if (!told)
            {
                waiting?.Invoke(limit);
                told = true;
            }

            await Task.Delay(MigrationLockPoll, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>CREATE DATABASE through the server's <c>postgres</c> database; another node creating it at the same moment is fine.</summary>
    private static async Task CreateDatabaseIfMissingAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        await using (var probe = new NpgsqlConnection(target.ConnectionString))
        {
            try
            {
                await probe.OpenAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                NpgsqlConnection.ClearPool(probe);
            }
        }

        var server = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var admin = new NpgsqlConnection(server.ConnectionString);
        await admin.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", admin);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another node created it first (two concurrent CREATE DATABASE can also collide on pg_database's index).
        }
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for this provider.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<TesseraDbContext>
{
    public TesseraDbContext CreateDbContext(string[] args)
        => new(PostgreSqlStorage.UseBuildingTheModel(new DbContextOptionsBuilder<TesseraDbContext>(), "Host=localhost;Database=tessera;Username=tessera;Password=tessera").Options as DbContextOptions<TesseraDbContext>
            ?? throw new InvalidOperationException("Unexpected options type."));
}
