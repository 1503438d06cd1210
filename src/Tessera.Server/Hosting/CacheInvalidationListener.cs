// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.OAuth;
using Tessera.Storage.PostgreSql;

namespace Tessera.Server.Hosting;

/// <summary>On PostgreSQL, hears the other nodes' writes for as long as the node runs (<see cref="PostgreSqlCacheInvalidation"/>).</summary>
internal sealed class CacheInvalidationListener(PostgreSqlCacheInvalidation invalidation, OAuthLookupCache cache) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => invalidation.ListenAsync(cache, stoppingToken);

    /// <summary>Registers the listener and makes it the cache's <see cref="ICacheInvalidation"/>; call before the stores are added.</summary>
    public static void AddTo(IServiceCollection services, string connectionString)
    {
        services.AddSingleton(sp => new PostgreSqlCacheInvalidation(connectionString, sp.GetRequiredService<ILogger<PostgreSqlCacheInvalidation>>()));
        services.AddSingleton<ICacheInvalidation>(sp => sp.GetRequiredService<PostgreSqlCacheInvalidation>());
        services.AddHostedService<CacheInvalidationListener>();
    }
}
