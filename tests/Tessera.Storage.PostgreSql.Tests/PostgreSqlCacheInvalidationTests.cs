// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Tessera.Core.Clients;
using Tessera.Core.OAuth;
using Tessera.Tests.Postgres;

namespace Tessera.Storage.PostgreSql.Tests;

/// <summary>Two nodes' caches on one PostgreSQL: what one forgets, the other forgets within a second.</summary>
public sealed class PostgreSqlCacheInvalidationTests : IAsyncLifetime
{
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> listeners = [];
    private readonly List<PostgreSqlCacheInvalidation> nodes = [];
    private TestPostgres? database;
    private int version = 1;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        if (TestPostgres.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        database = await TestPostgres.CreateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(listeners);
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }

        stop.Dispose();
    }

    [Fact]
    public async Task ForgetAsync_OnOneNode_IsHeardByTheOtherWithinASecond()
    {
        var (a, _) = await NodeAsync();
        var (b, _) = await NodeAsync();
        (await b.ClientAsync("c1", Load, Ct))!.ClientName.ShouldBe("v1");
        version = 2;
        (await b.ClientAsync("c1", Load, Ct))!.ClientName.ShouldBe("v1");

        var clock = Stopwatch.StartNew();
        await a.ForgetAsync(new CacheEntry(CacheEntryKind.Client, "c1"), Ct);

        while ((await b.ClientAsync("c1", Load, Ct))!.ClientName != "v2")
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
            await Task.Delay(5, Ct);
        }
    }

    [Fact]
    public async Task ListenAsync_ConnectionLost_CachesNothingMeanwhileAndForgetsWhatItMissed()
    {
        var (b, invalidation) = await NodeAsync();
        (await b.ClientAsync("c1", Load, Ct))!.ClientName.ShouldBe("v1");
        version = 2; // changed with no notice: as if it was sent while b was not listening

        await using (var admin = new NpgsqlConnection(database!.ConnectionString))
        {
            await admin.OpenAsync(Ct);
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'tessera-cache' AND datname = current_database() AND query LIKE 'LISTEN%'", admin);
            await kill.ExecuteNonQueryAsync(Ct);
        }

        var clock = Stopwatch.StartNew();
        while ((await b.ClientAsync("c1", Load, Ct))!.ClientName != "v2")
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
            await Task.Delay(10, Ct);
        }

        await WaitListeningAsync(invalidation);
        (await b.ClientAsync("c1", Load, Ct))!.ClientName.ShouldBe("v2");
        version = 3;
        (await b.ClientAsync("c1", Load, Ct))!.ClientName.ShouldBe("v2", "listening again, it caches again");
    }

    private Task<AppClient?> Load(CancellationToken cancellationToken)
        => Task.FromResult<AppClient?>(new AppClient { ClientId = "c1", PoolId = "us-east-1_Pool1", ClientName = $"v{version}" });

    private async Task<(OAuthLookupCache Cache, PostgreSqlCacheInvalidation Invalidation)> NodeAsync()
    {
        var invalidation = new PostgreSqlCacheInvalidation(database!.ConnectionString, NullLogger<PostgreSqlCacheInvalidation>.Instance);
        nodes.Add(invalidation);
        var cache = new OAuthLookupCache(TimeProvider.System, invalidation);
        listeners.Add(invalidation.ListenAsync(cache, stop.Token));
        await WaitListeningAsync(invalidation);
        return (cache, invalidation);
    }

    private static async Task WaitListeningAsync(PostgreSqlCacheInvalidation invalidation)
    {
        var clock = Stopwatch.StartNew();
        while (!invalidation.Listening)
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
            await Task.Delay(10, Ct);
        }
    }
}
