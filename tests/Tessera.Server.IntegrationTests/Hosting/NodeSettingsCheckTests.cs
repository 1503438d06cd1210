// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tessera.Server.IntegrationTests.Infrastructure;
using Tessera.Tests.Logging;
using Tessera.Tests.Postgres;

namespace Tessera.Server.IntegrationTests.Hosting;

/// <summary>Two nodes on one PostgreSQL with different public URLs: each warns about the other, naming the setting.</summary>
public sealed class NodeSettingsCheckTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoNodes_DifferentPublicUrl_EachWarnsNamingIt_AndNothingElse()
    {
        if (TestPostgres.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        await using var database = await TestPostgres.CreateAsync();
        var masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var (a, aLog) = await StartAsync(database, masterKey, "https://id.example.com");
        await using var first = a;
        var (b, bLog) = await StartAsync(database, masterKey, "https://old.example.com");
        await using var second = b;

        var clock = Stopwatch.StartNew();
        while (!(aLog.Messages(2402).Any(w => w.Contains("Tessera:PublicUrl", StringComparison.Ordinal)) && bLog.Messages(2402).Any(w => w.Contains("Tessera:PublicUrl", StringComparison.Ordinal))))
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15), $"A: {string.Join(" | ", aLog.Messages(2402))}; B: {string.Join(" | ", bLog.Messages(2402))}");
            await Task.Delay(50, Ct);
        }

        aLog.Messages(2402).ShouldContain(w => w.Contains("https://old.example.com/", StringComparison.Ordinal) && w.Contains("this node: https://id.example.com/", StringComparison.Ordinal));
        aLog.Messages(2402).Concat(bLog.Messages(2402)).ShouldAllBe(w => w.Contains("Tessera:PublicUrl", StringComparison.Ordinal));
    }

    private static async Task<(TesseraHost Host, LogCapture Log)> StartAsync(TestPostgres database, string masterKey, string publicUrl)
    {
        var log = new LogCapture();
        var host = await TesseraHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Tessera:Storage:Provider"] = "PostgreSql",
                ["Tessera:Storage:ConnectionString"] = database.ConnectionString,
                ["Tessera:MasterKey"] = masterKey,
                ["Tessera:PublicUrl"] = publicUrl,
            },
            services: s => s.AddSingleton<ILoggerProvider>(log));
        return (host, log);
    }
}
