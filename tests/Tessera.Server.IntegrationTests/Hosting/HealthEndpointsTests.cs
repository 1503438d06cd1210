// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Tessera.Server.IntegrationTests.Infrastructure;
using Tessera.Tests.Postgres;

namespace Tessera.Server.IntegrationTests.Hosting;

public sealed class HealthEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LiveReadyAndHealth_OnAWorkingStore_Answer200()
    {
        await using var host = await TesseraHost.StartAsync();

        var (live, liveBody) = await GetAsync(host, "/health/live");
        var (ready, readyBody) = await GetAsync(host, "/health/ready");
        using var plain = await host.Client.GetAsync(new Uri("/health", UriKind.Relative), Ct);

        (live, ready, plain.StatusCode).ShouldBe((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK));
        liveBody["status"]!.GetValue<string>().ShouldBe("Healthy");
        readyBody["checks"]!["store"]!.GetValue<string>().ShouldBe("Healthy");
        (await plain.Content.ReadAsStringAsync(Ct)).ShouldBe("ok");
    }

    [Fact]
    public async Task Ready_PostgreSqlUnreachable_Is503WhileLiveStays200_AndReadyAgainWhenItReturns()
    {
        if (TestPostgres.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        await using var database = await TestPostgres.CreateAsync();
        var direct = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var network = new TcpForwarder(direct.Host!, direct.Port);
        var forwarded = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = network.Port, Timeout = 3 };
        await using var host = await TesseraHost.StartAsync(new Dictionary<string, string?>
        {
            ["Tessera:Storage:Provider"] = "PostgreSql",
            ["Tessera:Storage:ConnectionString"] = forwarded.ConnectionString,
        });
        await UntilAsync(host, HttpStatusCode.OK, "Healthy");

        await network.CutAsync();

        var down = await UntilAsync(host, HttpStatusCode.ServiceUnavailable, "Unhealthy");
        down["checks"]!["store"]!.GetValue<string>().ShouldBe("Unhealthy");
        (await GetAsync(host, "/health/live")).Status.ShouldBe(HttpStatusCode.OK);

        network.Restore();

        var up = await UntilAsync(host, HttpStatusCode.OK, "Healthy");
        up["checks"]!["store"]!.GetValue<string>().ShouldBe("Healthy");
        up["checks"]!["cache-invalidation"]!.GetValue<string>().ShouldBe("Healthy");
    }

    private static async Task<JsonObject> UntilAsync(TesseraHost host, HttpStatusCode status, string overall)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (code, body) = await GetAsync(host, "/health/ready");
            if (code == status && body["status"]!.GetValue<string>() == overall)
            {
                return body;
            }

            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20), $"readiness still {code} {body.ToJsonString()}");
            await Task.Delay(100, Ct);
        }
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(TesseraHost host, string path)
    {
        using var response = await host.Client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject());
    }
}
