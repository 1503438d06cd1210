// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Tessera.Benchmarks.Library;

// A short job (G1 is a ratio of two means taken in the same process, not an absolute figure); the mean of
// each benchmark in ns goes to LIBBENCH_RESULTS (one "name mean_ns" line each) for run.sh to divide.
if (args is ["--check-live", var metadata])
{
    // Whether the library's short path takes the benchmark token with a configuration read over HTTP, as a running API has it.
    var manager = new Microsoft.IdentityModel.Protocols.ConfigurationManager<Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration>(
        metadata, new Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfigurationRetriever(), new Microsoft.IdentityModel.Protocols.HttpDocumentRetriever { RequireHttps = false });
    await manager.GetBaseConfigurationAsync(default);
    var pending = manager.GetBaseConfigurationAsync(default);
    Console.WriteLine($"second read completed synchronously: {pending.IsCompletedSuccessfully}");
    var b = new ValidationBenchmarks();
    b.Setup();
    var parameters = b.LibraryParameters();
    parameters.ConfigurationManager = manager;
    var live = await pending;
    Console.WriteLine($"keys: {string.Join(", ", live.SigningKeys.Select(k => $"{k.GetType().Name} {k.KeyId}"))}; issuer {live.Issuer}");
    Console.WriteLine($"covers: {Tessera.AspNetCore.Authentication.CognitoTokenHandler.CoversParameters(parameters)}; short path: {new Tessera.AspNetCore.Authentication.CognitoTokenHandler().TryValidate(b.Token, parameters, live)?.IsValid.ToString() ?? "fell back"}");
    return 0;
}

if (args is ["--cpu-timed"])
{
    File.WriteAllLines(Environment.GetEnvironmentVariable("LIBBENCH_RESULTS") ?? "cpu-timed.txt", CpuTimed.Run(int.TryParse(Environment.GetEnvironmentVariable("LIBBENCH_CPU_ROUNDS"), out var rounds) ? rounds : 5));
    return 0;
}

var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(12).WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250)))
    .WithOptions(ConfigOptions.DisableLogFile);
var summary = BenchmarkRunner.Run<ValidationBenchmarks>(config, args);
var lines = summary.Reports
    .Where(r => r.ResultStatistics is not null)
    .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.BenchmarkCase.Descriptor.WorkloadMethod.Name} {r.ResultStatistics!.Mean:F1} {r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0}"));
var output = Environment.GetEnvironmentVariable("LIBBENCH_RESULTS");
if (output is not null)
{
    File.WriteAllLines(output, lines);
}

return summary.Reports.All(r => r.Success) ? 0 : 1;
