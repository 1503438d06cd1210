// SPDX-License-Identifier: Apache-2.0
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Tessera.Benchmarks.Micro;

// The limits the load runs are divided by, measured in this process on this machine in the same run
// (PERFORMANCE.md, "Limits in the same process"). In-process toolchain: no second build, one process.
var artifacts = Environment.GetEnvironmentVariable("BENCH_ARTIFACTS") ?? Path.Combine(Environment.CurrentDirectory, "BenchmarkDotNet.Artifacts");
var job = Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithWarmupCount(3)
    .WithIterationCount(10)
    .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250));
var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(job)
    .AddExporter(JsonExporter.Full)
    .WithArtifactsPath(artifacts)
    .WithOptions(ConfigOptions.DisableLogFile);

var types = new[] { typeof(TokenBenchmarks), typeof(SignLimitBenchmarks), typeof(PasswordHashBenchmarks), typeof(StoreTimingBenchmarks) };
BenchmarkSwitcher.FromTypes(types).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
