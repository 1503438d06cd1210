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
    [InlineData(null, null)]
    [InlineData("19456", "2")]
    [InlineData("47104", "1")]
    [InlineData("12288", "3")]
    [InlineData("7168", "5")]
    [InlineData("65536", "3")]
    public void Run_Production_OwaspArgon2idOrMore_Starts(string? memory, string? passes)
        => Should.NotThrow(() => Run(TesseraMode.Production, Passwords(memory, passes)));

    [Theory]
    [InlineData("19455", "2", "19,456 KiB for 2 pass(es)")]
    [InlineData("19456", "1", "47,104 KiB for 1 pass(es)")]
    [InlineData("8", "1", "47,104 KiB for 1 pass(es)")]
    [InlineData("9215", "4", "9,216 KiB for 4 pass(es)")]
    public void Run_Production_CheaperThanOwasp_RefusesNamingTheSetting(string memory, string passes, string needed)
    {
        var error = Should.Throw<InvalidOperationException>(() => Run(TesseraMode.Production, Passwords(memory, passes)));

        error.Message.ShouldContain($"Tessera:Passwords:MemoryKiB is {memory} with Passes {passes}: `start` needs at least {needed}");
    }

    [Fact]
    public void Run_Development_CheapHashesForTestsAndBenchmarks_Starts()
        => Should.NotThrow(() => Run(TesseraMode.Development, Passwords("8", "1")));

    [Theory]
    [InlineData(TesseraMode.Development, "7", "1", "Tessera:Passwords:MemoryKiB must be from 8 to 1,048,576.")]
    [InlineData(TesseraMode.Production, "2097152", "1", "Tessera:Passwords:MemoryKiB must be from 8 to 1,048,576.")]
    [InlineData(TesseraMode.Development, "8", "0", "Tessera:Passwords:Passes must be a positive number.")]
    public void Run_ParametersOutOfRange_Refuses(TesseraMode mode, string memory, string passes, string message)
        => Should.Throw<InvalidOperationException>(() => Run(mode, Passwords(memory, passes))).Message.ShouldContain(message);

    [Theory]
    [InlineData("Iterations", "1000")]
    [InlineData("Iterations", "600000")]
    [InlineData("MaxQueued", "1000")]
    public void Run_SettingOfThePbkdf2Hasher_RefusesNamingItsReplacement(string name, string value)
    {
        var error = Should.Throw<InvalidOperationException>(() => Run(TesseraMode.Development, new() { [$"Tessera:Passwords:{name}"] = value }));

        error.Message.ShouldContain($"Tessera:Passwords:{name} is no longer used");
        error.Message.ShouldContain("Tessera:Passwords:QueueBudget");
    }

    [Fact]
    public void Run_NegativeQueueBudget_Refuses()
        => Should.Throw<InvalidOperationException>(() => Run(TesseraMode.Development, new() { ["Tessera:Passwords:QueueBudget"] = "-00:00:01" }))
            .Message.ShouldContain("Tessera:Passwords:QueueBudget must not be negative.");

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("NaN")]
    public void Run_QueueBudgetHashTimesNotPositive_Refuses(string value)
        => Should.Throw<InvalidOperationException>(() => Run(TesseraMode.Development, new() { ["Tessera:Passwords:QueueBudgetHashTimes"] = value }))
            .Message.ShouldContain("Tessera:Passwords:QueueBudgetHashTimes must be a positive number.");

    [Fact]
    public void Run_BothQueueBudgets_Refuses()
        => Should.Throw<InvalidOperationException>(() => Run(TesseraMode.Production, new()
            {
                ["Tessera:Passwords:QueueBudget"] = "00:00:00.100",
                ["Tessera:Passwords:QueueBudgetHashTimes"] = "2",
            }))
            .Message.ShouldContain("are both set: set one.");

    private static Dictionary<string, string?> Passwords(string? memory, string? passes)
    {
        var settings = new Dictionary<string, string?>();
        if (memory is not null)
        {
            settings["Tessera:Passwords:MemoryKiB"] = memory;
        }

        if (passes is not null)
        {
            settings["Tessera:Passwords:Passes"] = passes;
        }

        return settings;
    }

    private StartupCheck Run(TesseraMode mode, Dictionary<string, string?> passwords)
    {
        var settings = new Dictionary<string, string?>(passwords)
        {
            ["Tessera:Admin:AccessKeyId"] = "AKIDADMIN",
            ["Tessera:Admin:SecretAccessKey"] = "admin-secret",
            ["Tessera:PublicUrl"] = "https://id.example.com",
            ["Tessera:MasterKey"] = Convert.ToBase64String(new byte[32]),
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return StartupCheck.Run(configuration, mode, new StorageOptions { DataDirectory = directory });
    }
}
