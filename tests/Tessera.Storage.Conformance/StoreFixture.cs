// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Tessera.Storage.Conformance;

/// <summary>What each provider's test project supplies: a fresh, migrated database per test class.</summary>
public interface IStoreDatabase : IAsyncDisposable
{
    /// <summary>Services with the stores registered against this database.</summary>
    IServiceProvider Services { get; }
}

public static class StoreServices
{
    public static async Task<ServiceProvider> BuildAsync(Action<DbContextOptionsBuilder> provider)
    {
        var services = new ServiceCollection();
        services.AddTesseraStorage(provider);
        var built = services.BuildServiceProvider();
        await using var scope = built.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TesseraDbContext>().Database.MigrateAsync();
        return built;
    }
}
