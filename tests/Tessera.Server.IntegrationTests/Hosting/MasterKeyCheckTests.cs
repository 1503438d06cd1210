// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tessera.Server.IntegrationTests.Infrastructure;
using Tessera.Tests.Logging;

namespace Tessera.Server.IntegrationTests.Hosting;

/// <summary>A node started with another master key than the one its database was sealed with says so at start.</summary>
public sealed class MasterKeyCheckTests
{
    [Fact]
    public async Task Start_WithAnotherMasterKeyThanTheStoredKeysWereSealedWith_WarnsOnce_AndTheSameKeyDoesNot()
    {
        var directory = TesseraHost.NewDirectory();
        try
        {
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            var first = new LogCapture();
            await using (var host = await StartAsync(directory, key, first))
            {
                await host.CreatePoolAsync();
            }

            var same = new LogCapture();
            await using (await StartAsync(directory, key, same))
            {
            }

            var other = new LogCapture();
            await using (await StartAsync(directory, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), other))
            {
            }

            (MasterKeyWarnings(first).Count, MasterKeyWarnings(same).Count).ShouldBe((0, 0));
            MasterKeyWarnings(other).Single().ShouldContain("Tessera:MasterKey does not open the signing keys stored in the database");
        }
        finally
        {
            TesseraHost.DeleteDirectory(directory);
        }
    }

    private static List<string> MasterKeyWarnings(LogCapture log) => [.. log.Entries.Where(e => e.Category == "Tessera" && e.EventId == 7).Select(e => e.Message)];

    private static Task<TesseraHost> StartAsync(string directory, string masterKey, LogCapture log)
        => TesseraHost.StartAsync(
            new Dictionary<string, string?> { ["Tessera:MasterKey"] = masterKey },
            directory,
            services: s => s.AddSingleton<ILoggerProvider>(log));
}
