// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Tessera.Storage.Sqlite.CompiledModel;

namespace Tessera.Storage.Sqlite;

public static class SqliteStorage
{
    /// <summary>
    /// Points the Tessera model at Sqlite, with this assembly's migrations and its compiled model (CompiledModel/,
    /// CONTRIBUTING.md says how to regenerate it): a start builds no model through the conventions. Writes wait for each
    /// other in SQLite (<see cref="SqliteBusyTimeout"/>). <paramref name="synchronous"/>: how commits are made durable
    /// (<see cref="SqliteSynchronous"/>; SQLite's own default, <see cref="SqliteSynchronous.Full"/>, unless given).
    /// </summary>
    public static DbContextOptionsBuilder Use(DbContextOptionsBuilder builder, string connectionString, SqliteSynchronous synchronous = SqliteSynchronous.Full)
        => UseBuildingTheModel(builder, connectionString, synchronous)
            .UseModel(TesseraDbContextModel.Instance)
            // Migrate() would otherwise build the model through the conventions to compare it with the migrations' snapshot;
            // the compiled-model and migration tests catch that drift at build time instead (CompiledModelTests).
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));

    /// <summary>As <see cref="Use"/>, with the model built through the conventions: for design time and the tests that compare both.</summary>
    public static DbContextOptionsBuilder UseBuildingTheModel(DbContextOptionsBuilder builder, string connectionString, SqliteSynchronous synchronous = SqliteSynchronous.Full)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSqlite(connectionString, o => o.MigrationsAssembly(typeof(SqliteStorage).Assembly.GetName().Name))
            .AddInterceptors(SqliteBusyTimeout.Instance);
        return synchronous == SqliteSynchronous.Normal ? builder.AddInterceptors(SqliteSynchronousNormal.Instance) : builder;
    }

    /// <summary>
    /// Run once after migrating. WAL lets readers go on while one writer commits, so concurrent requests
    /// wait on each other only to write; the mode is kept in the file, so every pooled connection has it.
    /// </summary>
    public static async Task PrepareAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for this provider.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<TesseraDbContext>
{
    public TesseraDbContext CreateDbContext(string[] args)
        => new(SqliteStorage.UseBuildingTheModel(new DbContextOptionsBuilder<TesseraDbContext>(), "Data Source=design.db").Options as DbContextOptions<TesseraDbContext>
            ?? throw new InvalidOperationException("Unexpected options type."));
}
