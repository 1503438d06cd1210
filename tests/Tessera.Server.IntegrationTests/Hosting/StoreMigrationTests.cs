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
}
