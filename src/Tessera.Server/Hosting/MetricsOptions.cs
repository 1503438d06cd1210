// SPDX-License-Identifier: Apache-2.0
using System.ComponentModel.DataAnnotations;

namespace Tessera.Server.Hosting;

/// <summary>OpenTelemetry metrics: a Prometheus scrape endpoint and an OTLP exporter, both off unless configured.</summary>
public sealed class MetricsOptions
{
    /// <summary>Whether <see cref="PrometheusPath"/> answers Prometheus text on Tessera's port. Default false.</summary>
    public bool Prometheus { get; set; }

    /// <summary>The scrape path. Default <c>/metrics</c>.</summary>
    [RegularExpression("^/[A-Za-z0-9/_.-]*$")]
    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>An OTLP collector to push metrics to (<c>http://otel-collector:4317</c>); none by default.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>Grpc</c> (default, port 4317) or <c>HttpProtobuf</c> (port 4318, the path <c>/v1/metrics</c> included in <see cref="OtlpEndpoint"/>).</summary>
    public OtlpProtocol OtlpProtocol { get; set; } = OtlpProtocol.Grpc;

    /// <summary>Time between two OTLP pushes. From 1 second to 1 hour; the default is 60 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan OtlpInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether any exporter is on: otherwise OpenTelemetry is not even loaded.</summary>
    public bool Enabled => Prometheus || OtlpEndpoint is not null;
}

public enum OtlpProtocol
{
    Grpc = 0,
    HttpProtobuf = 1,
}
