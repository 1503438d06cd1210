// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Configuration;
using Tessera.Server.Hosting;

namespace Tessera.Server.Tests.Hosting;

/// <summary>What `start` (production) and `start-dev` refuse before serving a request.</summary>
public sealed class StartupCheckTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "tessera-startup-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("600000")]
    [InlineData("1200000")]
    public void Run_Production_OwaspIterationsOrMore_Starts(string? iterations)
        => Should.NotThrow(() => Run(TesseraMode.Production, iterations));

    [Theory]
    [InlineData("599999")]
    [InlineData("1000")]
    [InlineData("1")]
    public void Run_Production_FewerIterationsThanOwasp_RefusesNamingTheSetting(string iterations)
    {
        var error = Should.Throw<InvalidOperationException>(() => Run(TesseraMode.Production, iterations));

        error.Message.ShouldContain($"Tessera:Passwords:Iterations is {iterations}: `start` needs at least 600,000");
    }

    [Theory]
    [InlineData("1000")]
    [InlineData("1")]
    public void Run_Development_CheapHashesForTestsAndBenchmarks_Starts(string iterations)
        => Should.NotThrow(() => Run(TesseraMode.Development, iterations));

    [Theory]
    [InlineData(TesseraMode.Development, "0")]
    [InlineData(TesseraMode.Production, "-5")]
    public void Run_IterationsNotPositive_Refuses(TesseraMode mode, string iterations)
        => Should.Throw<InvalidOperationException>(() => Run(mode, iterations)).Message.ShouldContain("Tessera:Passwords:Iterations must be a positive number.");

    private StartupCheck Run(TesseraMode mode, string? iterations)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Tessera:Admin:AccessKeyId"] = "AKIDADMIN",
            ["Tessera:Admin:SecretAccessKey"] = "admin-secret",
            ["Tessera:PublicUrl"] = "https://id.example.com",
            ["Tessera:MasterKey"] = Convert.ToBase64String(new byte[32]),
        };
        if (iterations is not null)
        {
            settings["Tessera:Passwords:Iterations"] = iterations;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return StartupCheck.Run(configuration, mode, new StorageOptions { DataDirectory = directory });
    }
}
