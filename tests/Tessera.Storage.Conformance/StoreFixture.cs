// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Clients;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Storage.Conformance;

/// <summary>An empty database of one provider, dropped on dispose. Each provider's test project makes these.</summary>
public interface IScratchDatabase : IAsyncDisposable
{
    /// <summary>Points EF Core at this database, with the provider's migrations.</summary>
    void Configure(DbContextOptionsBuilder builder);

    /// <summary>What the provider does after migrating, as the server does at start (SQLite: WAL).</summary>
    Task PrepareAsync(TesseraDbContext db);
}

/// <summary>The class fixture: one fresh, migrated database per test class.</summary>
public abstract class StoreDatabase : IAsyncLifetime
{
    private IScratchDatabase? scratch;
    private ServiceProvider? services;

    /// <summary>Services with the stores registered against this database.</summary>
    public IServiceProvider Services => services ?? throw new InvalidOperationException("The database is not open.");

    /// <summary>Set when the provider is switched off for this run; every test then skips with it.</summary>
    public virtual string? SkipReason => null;

    /// <summary>Creates an empty database.</summary>
    public abstract Task<IScratchDatabase> CreateScratchAsync();

    public async ValueTask InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        scratch = await CreateScratchAsync();
        services = await StoreServices.BuildAsync(scratch);
    }

    public async ValueTask DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }

        if (scratch is not null)
        {
            await scratch.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

public static class StoreServices
{
    public static async Task<ServiceProvider> BuildAsync(IScratchDatabase database)
    {
        var services = new ServiceCollection();
        services.AddTesseraStorage(database.Configure);
        var built = services.BuildServiceProvider();
        await using var scope = built.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TesseraDbContext>();
        await db.Database.MigrateAsync();
        await database.PrepareAsync(db);
        return built;
    }
}

public static class StoreConformance
{
    /// <summary>A fixed instant with milliseconds, the precision the store keeps.</summary>
    public static DateTimeOffset Now { get; } = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
}

/// <summary>Base of every conformance class: the class's database, scopes and test data.</summary>
public abstract class StoreConformance<TDatabase>(TDatabase database) : IClassFixture<TDatabase>, IAsyncLifetime
    where TDatabase : StoreDatabase
{
    protected static DateTimeOffset Now => StoreConformance.Now;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected TDatabase Database => database;

    public virtual ValueTask InitializeAsync()
    {
        if (database.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        return ValueTask.CompletedTask;
    }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs <paramref name="action"/> with a store from its own DI scope, as one request would.</summary>
    protected async Task<TResult> WithAsync<TStore, TResult>(Func<TStore, Task<TResult>> action)
        where TStore : notnull
    {
        await using var scope = database.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TStore>());
    }

    protected async Task WithAsync<TStore>(Func<TStore, Task> action)
        where TStore : notnull
    {
        await using var scope = database.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<TStore>());
    }

    protected static string NewPoolId() => "us-east-1_" + Guid.NewGuid().ToString("N")[..9];

    protected async Task<UserPool> AddPoolAsync(UserPoolSettings? settings = null, string? id = null)
    {
        var pool = new UserPool { Id = id ?? NewPoolId(), Name = "pool", CreatedAt = Now, UpdatedAt = Now, Settings = settings ?? new() };
        await WithAsync<IUserPoolStore>(s => s.AddAsync(pool, Ct));
        return pool;
    }

    protected async Task<AppClient> AddClientAsync(string poolId, string? clientId = null)
    {
        var client = new AppClient
        {
            ClientId = clientId ?? Guid.NewGuid().ToString("N")[..26],
            PoolId = poolId,
            ClientName = "client",
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        await WithAsync<IAppClientStore>(s => s.AddAsync(client, Ct));
        return client;
    }

    /// <summary>A user as UserAdministration makes one: normalized username, searchable copies via SetAttribute.</summary>
    protected static User NewUser(string poolId, string username, params (string Name, string Value)[] attributes)
    {
        var user = new User
        {
            Id = Guid.NewGuid(),
            PoolId = poolId,
            Username = username,
            NormalizedUsername = username.ToLowerInvariant(),
            Status = UserStatus.Confirmed,
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        user.SetAttribute("sub", user.Sub);
        foreach (var (name, value) in attributes)
        {
            user.SetAttribute(name, value);
        }

        return user;
    }

    protected async Task<User> AddUserAsync(string poolId, string username, params (string Name, string Value)[] attributes)
    {
        var user = NewUser(poolId, username, attributes);
        await WithAsync<IUserStore>(s => s.AddAsync(user, Ct));
        return user;
    }
}
