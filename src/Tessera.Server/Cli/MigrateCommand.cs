// SPDX-License-Identifier: Apache-2.0
using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Hosting;
using Tessera.Storage;
using Tessera.Storage.PostgreSql;
using Tessera.Storage.Sqlite;

namespace Tessera.Server.Cli;

/// <summary>
/// <c>tessera migrate</c>: applies the store's pending migrations and exits, with the storage settings <c>start</c> reads
/// (configuration files, <c>Tessera__Storage__*</c>, <c>--Tessera:Storage:…</c>). For deployments that migrate as a step
/// of their own before starting nodes with <c>Tessera:Storage:ApplyMigrations=false</c> (docs/production.md).
/// </summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply the store's pending migrations (the storage settings of `start`) and exit.") { TreatUnmatchedTokensAsErrors = false };
        command.SetAction(async (result, cancellationToken) =>
        {
            var configuration = WebApplication.CreateSlimBuilder([.. result.UnmatchedTokens]).Configuration;
            var storage = configuration.GetSection("Tessera:Storage").Get<StorageOptions>() ?? new StorageOptions();
            var options = new DbContextOptionsBuilder<TesseraDbContext>();
            if (storage.Provider == StorageProvider.PostgreSql)
            {
                if (string.IsNullOrEmpty(storage.ConnectionString))
                {
                    await Console.Error.WriteLineAsync("Tessera:Storage:ConnectionString is required with the PostgreSql provider.").ConfigureAwait(false);
                    return 2;
                }

                PostgreSqlStorage.Use(options, storage.ConnectionString);
            }
            else
            {
                SqliteStorage.Use(options, storage.Sqlite().ConnectionString);
            }

            await using var db = new TesseraDbContext(options.Options);
            IReadOnlyList<string> applied;
            try
            {
                applied = await StoreMigration.MigrateAsync(
                    db, storage, limit => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Another node holds the migration lock and is migrating the database: waiting for it (up to {limit}).")), cancellationToken).ConfigureAwait(false);
            }
            catch (SchemaMismatchException e)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }

            Console.WriteLine(applied.Count == 0
                ? "The database is up to date: nothing to migrate."
                : string.Create(CultureInfo.InvariantCulture, $"Applied {applied.Count} migration(s), the last {applied[^1]}."));
            return 0;
        });
        return command;
    }
}
