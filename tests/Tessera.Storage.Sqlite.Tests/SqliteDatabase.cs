// SPDX-License-Identifier: Apache-2.0
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Storage.Conformance;

namespace Tessera.Storage.Sqlite.Tests;

/// <summary>A migrated SQLite file in a temporary folder.</summary>
public sealed class SqliteDatabase : IStoreDatabase
{
    private readonly string path;
    private readonly ServiceProvider services;

    private SqliteDatabase(string path, ServiceProvider services)
    {
        this.path = path;
        this.services = services;
    }

    public IServiceProvider Services => services;

    public static async Task<IStoreDatabase> OpenAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tessera-store-{Guid.NewGuid():N}.db");
        var services = await StoreServices.BuildAsync(o => SqliteStorage.Use(o, $"Data Source={path}"));
        return new SqliteDatabase(path, services);
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(path);
    }
}

public sealed class SqliteUserPoolStoreTests() : UserPoolStoreConformance(SqliteDatabase.OpenAsync);
