// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tessera.Core.Security;
using Tessera.Core.Snapshots;
using Tessera.Server.Hosting;
using Tessera.Storage.Sqlite;

namespace Tessera.Server.Snapshots;

internal static class SnapshotHosting
{
    /// <summary>start-dev's reset and snapshots: the gate every request passes, and the store that copies the database.</summary>
    public static IServiceCollection AddSnapshots(this IServiceCollection services, StorageOptions storage, string? sqliteConnectionString)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RequestGate>();
        services.AddSingleton<SnapshotService>();
        if (storage.Provider == StorageProvider.Sqlite && sqliteConnectionString is not null)
        {
            // Beside the database and the master key that seals their secrets.
            var folder = Path.GetFullPath(Path.Combine(storage.DataDirectory, "snapshots"));
            services.AddSingleton<ISnapshotStore>(sp => new SqliteSnapshotStore(
                sqliteConnectionString, folder, sp.GetRequiredService<SecretProtector>().KeyId, sp.GetRequiredService<TimeProvider>()));
        }
        else
        {
            services.AddSingleton<ISnapshotStore>(new UnavailableSnapshotStore(
                "Reset and snapshots copy start-dev's SQLite database, and this server's store is PostgreSQL. "
                + "Start start-dev without Tessera:Storage:Provider=PostgreSql, or empty the PostgreSQL database yourself (drop and recreate it; Tessera migrates it at start)."));
        }

        return services;
    }

    /// <summary>Every request but the reset and snapshot calls passes the gate, so none runs across a restore.</summary>
    public static IApplicationBuilder UseRequestGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (SnapshotEndpoints.IsStatePath(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var gate = context.RequestServices.GetRequiredService<RequestGate>();
        await gate.EnterAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            gate.Exit();
        }
    });
}
