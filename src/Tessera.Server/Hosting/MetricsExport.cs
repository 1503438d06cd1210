// SPDX-License-Identifier: Apache-2.0
using System.Runtime.CompilerServices;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Tessera.Core.Diagnostics;

namespace Tessera.Server.Hosting;

/// <summary>
/// OpenTelemetry metrics (docs/production.md, "Metrics"): Tessera's meter (<see cref="TesseraMetrics"/>) with ASP.NET Core's
/// and the runtime's, scraped by Prometheus at <see cref="MetricsOptions.PrometheusPath"/> and/or pushed over OTLP. With
/// neither configured nothing of OpenTelemetry is loaded, so a start pays nothing for it (issue 17 measures start time):
/// every OpenTelemetry type is named only in the methods below that run when it is on.
/// </summary>
internal static class MetricsExport
{
    public static MetricsOptions AddTo(WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration("Tessera:Metrics").ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection("Tessera:Metrics").Get<MetricsOptions>() ?? new MetricsOptions();
        if (options.Enabled)
        {
            AddOpenTelemetry(builder.Services, options);
        }

        return options;
    }

    public static void Map(WebApplication app, MetricsOptions options)
    {
        if (options.Prometheus)
        {
            MapPrometheus(app, options.PrometheusPath);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddOpenTelemetry(IServiceCollection services, MetricsOptions options)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("tessera", serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(TesseraMetrics.MeterName).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation();
                if (options.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }

                if (options.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        exporter.Endpoint = endpoint;
                        exporter.Protocol = options.OtlpProtocol == OtlpProtocol.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.OtlpInterval.TotalMilliseconds;
                    });
                }
            });
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MapPrometheus(WebApplication app, string path) => app.MapPrometheusScrapingEndpoint(path);
}
