// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tessera.Storage;
using Tessera.Storage.PostgreSql;

namespace Tessera.Server.Hosting;

/// <summary>
/// <c>/health/live</c> (the process answers), <c>/health/ready</c> (it can serve: the store answers a query) and the
/// original <c>/health</c> (a plain "ok" once started), with ASP.NET Core's health checks (docs/production.md).
/// </summary>
internal static class HealthEndpoints
{
    private const string Ready = "ready";

    public static void AddTo(IServiceCollection services, bool postgres)
    {
        var checks = services.AddHealthChecks()
            // A query, not just an open: a pooled connection opens without reaching the server.
            .AddDbContextCheck<TesseraDbContext>("store", HealthStatus.Unhealthy, [Ready],
                async (db, cancellationToken) => await db.Database.SqlQueryRaw<int>("SELECT 1 AS \"Value\"").SingleAsync(cancellationToken).ConfigureAwait(false) == 1);
        if (postgres)
        {
            checks.AddCheck<CacheInvalidationCheck>("cache-invalidation", HealthStatus.Degraded, [Ready]);
        }
    }

    public static void Map(WebApplication app)
    {
        app.MapGet("/health", () => Results.Text("ok"));
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains(Ready), ResponseWriter = WriteAsync });
    }

    /// <summary><c>{"status":"Healthy","checks":{"store":"Healthy"}}</c>; 200 when Healthy or Degraded, 503 when Unhealthy.</summary>
    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteString(name, entry.Status.ToString());
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Degraded while the node cannot hear the others' writes: it still serves correctly, from the store alone.</summary>
    private sealed class CacheInvalidationCheck(PostgreSqlCacheInvalidation invalidation) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
            => Task.FromResult(invalidation.Listening
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(context.Registration.FailureStatus, "Not listening for the other nodes' changes; serving without the cache."));
    }
}
