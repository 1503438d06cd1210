// SPDX-License-Identifier: Apache-2.0
using Tessera.Server.IntegrationTests.Infrastructure;
using Tessera.Storage;

namespace Tessera.Server.IntegrationTests.Hosting;

/// <summary><c>Tessera:Storage:ApplyMigrations=false</c>: a node starts only on a schema <c>tessera migrate</c> has brought to its own.</summary>
public sealed class StoreMigrationTests
{
    [Fact]
    public async Task Start_ApplyMigrationsFalse_RefusesAnUnmigratedDatabase_AndStartsOnAMigratedOne()
    {
        var directory = TesseraHost.NewDirectory();
        var manual = new Dictionary<string, string?> { ["Tessera:Storage:ApplyMigrations"] = "false" };
        try
        {
            var refused = await Should.ThrowAsync<SchemaMismatchException>(() => TesseraHost.StartAsync(manual, directory));

            await using (await TesseraHost.StartAsync(directory: directory))
            {
            }

            await using var host = await TesseraHost.StartAsync(manual, directory);
            refused.Message.ShouldContain("run `tessera migrate`");
            (await host.CreatePoolAsync()).ShouldNotBeNullOrEmpty();
        }
        finally
        {
            TesseraHost.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task Start_OnASchemaFromANewerTessera_RefusesNamingTheUnknownMigration()
    {
        var directory = TesseraHost.NewDirectory();
        try
        {
            // Migrated, then started again on the current schema (nothing pending).
            await using (await TesseraHost.StartAsync(directory: directory))
            {
            }

            await using (await TesseraHost.StartAsync(directory: directory))
            {
            }

            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, "tessera.db")}"))
            {
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29991231000000_FromTheFuture', '99.0.0')";
                await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            var refused = await Should.ThrowAsync<SchemaMismatchException>(() => TesseraHost.StartAsync(directory: directory));
            refused.Message.ShouldContain("29991231000000_FromTheFuture");
        }
        finally
        {
            TesseraHost.DeleteDirectory(directory);
        }
    }
}
