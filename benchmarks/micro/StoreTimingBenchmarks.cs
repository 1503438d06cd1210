// SPDX-License-Identifier: Apache-2.0
using BenchmarkDotNet.Attributes;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Tessera.Core.Diagnostics;

namespace Tessera.Benchmarks.Micro;

/// <summary>
/// What the store latency metric adds to each database command (docs/benchmarks.md, "Store latency metric"): the
/// interceptor's flag check with metrics off, and one <c>tessera.store.duration</c> record into OpenTelemetry's
/// histogram aggregation with metrics on (as with <c>Tessera:Metrics:Prometheus</c>), per command.
/// </summary>
public class StoreTimingBenchmarks
{
    private static readonly TimeSpan Duration = TimeSpan.FromMilliseconds(0.3);
    private MeterProvider? provider;

    [Params(false, true)]
    public bool MetricsOn { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (MetricsOn)
        {
            provider = Sdk.CreateMeterProviderBuilder()
                .AddMeter(TesseraMetrics.MeterName)
                .AddReader(new PeriodicExportingMetricReader(new NothingExporter(), int.MaxValue))
                .Build();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => provider?.Dispose();

    [Benchmark]
    public void RecordOneCommand()
    {
        if (TesseraMetrics.TimingStore)
        {
            TesseraMetrics.StoreCommand("query", true, Duration);
        }
    }

    private sealed class NothingExporter : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }
}
