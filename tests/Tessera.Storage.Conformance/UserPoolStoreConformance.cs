// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Pools;

namespace Tessera.Storage.Conformance;

/// <summary>IUserPoolStore behaviour every provider must show.</summary>
public abstract class UserPoolStoreConformance(Func<Task<IStoreDatabase>> open) : IAsyncLifetime
{
    private IStoreDatabase database = null!;

    public async ValueTask InitializeAsync() => database = await open();

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task AddAsync_ThenFindAsync_RoundTripsSettings()
    {
        await using var scope = database.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IUserPoolStore>();
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        var pool = new UserPool
        {
            Id = "us-east-1_" + Guid.NewGuid().ToString("N")[..9],
            Name = "round-trip",
            CreatedAt = now,
            UpdatedAt = now,
            Settings = new UserPoolSettings { MfaConfiguration = "OPTIONAL", AliasAttributes = ["email"] },
        };

        await store.AddAsync(pool, TestContext.Current.CancellationToken);
        var found = await store.FindAsync(pool.Id, TestContext.Current.CancellationToken);

        found.ShouldNotBeNull();
        found.CreatedAt.ShouldBe(now);
        found.Settings.MfaConfiguration.ShouldBe("OPTIONAL");
        found.Settings.AliasAttributes.ShouldBe(["email"]);
    }
}
