// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tessera.Core.Auth;
using Tessera.Core.Clients;
using Tessera.Core.Federation;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Sessions;
using Tessera.Core.Tokens;
using Tessera.Core.Triggers;
using Tessera.Core.Users;
using Tessera.Storage;
using Tessera.Storage.Sqlite;

namespace Tessera.Core.Tests;

/// <summary>
/// Tessera's core as one node runs it, over a real SQLite store (a temporary file, deleted on dispose) and a fake
/// clock. Only the edges are stand-ins: messages are kept in <see cref="Sent"/>, and no Lambda function is ever
/// configured. Each <see cref="Get{T}"/> resolves from a fresh scope, as one request would.
/// </summary>
public sealed class CoreFixture : IAsyncDisposable
{
    public const string Password = "Perm-Pass-1";
    private readonly string path = Path.Combine(Path.GetTempPath(), $"tessera-core-{Guid.NewGuid():N}.db");
    private readonly List<AsyncServiceScope> scopes = [];
    private readonly ServiceProvider services;

    private CoreFixture()
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(Time);
        collection.AddLogging();
        collection.AddTesseraStorage(o => SqliteStorage.Use(o, $"Data Source={path}"));
        collection.AddSingleton<IMessageSender>(new RecordingSender(Sent));
        collection.AddSingleton<ILambdaInvoker>(new FixtureLambda(this));
        collection.AddSingleton<IUpstreamMetadata>(Upstream);
        collection.AddSingleton<IUpstreamOidc>(Upstream);
        // Cheap hashes, and no load shedding: the tests race sign-ins on purpose.
        collection.Configure<PasswordHashingOptions>(o =>
        {
            o.MemoryKiB = 8;
            o.Passes = 1;
            o.QueueBudget = TimeSpan.FromMinutes(1);
        });
        collection.AddTesseraCore(RandomNumberGenerator.GetBytes(32));
        // Every service AddTesseraCore registers must be buildable from what a host adds.
        services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));

    /// <summary>The upstream identity providers' published documents, by URL.</summary>
    public FakeUpstreamMetadata Upstream { get; } = new();

    /// <summary>Answers Lambda trigger events (function ARN, event); unset, a pool with triggers fails the test.</summary>
    public Func<string, JsonObject, JsonObject>? Lambda { get; set; }

    /// <summary>Every message the pools sent, oldest first.</summary>
    public List<OutgoingMessage> Sent { get; } = [];

    public static async Task<CoreFixture> CreateAsync()
    {
        var fixture = new CoreFixture();
        await using var scope = fixture.services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TesseraDbContext>();
        await db.Database.MigrateAsync();
        await SqliteStorage.PrepareAsync(db, CancellationToken.None);
        return fixture;
    }

    public T Get<T>()
        where T : notnull
    {
        var scope = services.CreateAsyncScope();
        lock (scopes)
        {
            scopes.Add(scope);
        }

        return scope.ServiceProvider.GetRequiredService<T>();
    }

    /// <summary>A pool; with <paramref name="signingKeys"/>, its RSA keys too (only token tests need them).</summary>
    public async Task<UserPool> AddPoolAsync(UserPoolSettings? settings = null, bool signingKeys = false)
    {
        var now = Time.GetUtcNow();
        var pool = new UserPool { Id = RandomIds.UserPoolId("us-east-1"), Name = "pool", CreatedAt = now, UpdatedAt = now, Settings = settings ?? new() };
        await Get<IUserPoolStore>().AddAsync(pool, CancellationToken.None);
        if (signingKeys)
        {
            await Get<KeyRing>().CreateKeysAsync(pool.Id, CancellationToken.None);
        }

        return pool;
    }

    public async Task<AppClient> AddClientAsync(UserPool pool, AppClientSettings? settings = null, string? secret = null)
    {
        var now = Time.GetUtcNow();
        var clientId = RandomIds.ClientId();
        var protector = Get<SecretProtector>();
        var client = new AppClient
        {
            ClientId = clientId,
            PoolId = pool.Id,
            ClientName = "client",
            CreatedAt = now,
            UpdatedAt = now,
            Settings = settings ?? new AppClientSettings { ExplicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
            Secrets = secret is null ? [] :
            [
                new ClientSecret
                {
                    Id = $"{clientId}--{now.ToUnixTimeMilliseconds()}",
                    ClientId = clientId,
                    Ciphertext = protector.ProtectString(secret, SecretHash.SecretPurpose),
                    Hash = protector.KeyedHash(secret),
                    CreatedAt = now,
                },
            ],
        };
        await Get<IAppClientStore>().AddAsync(client, CancellationToken.None);
        return client;
    }

    /// <summary>A CONFIRMED user with <paramref name="password"/>, changed by <paramref name="configure"/> before it is stored.</summary>
    public async Task<User> AddUserAsync(UserPool pool, string username, Action<User>? configure = null, string password = Password)
    {
        var user = await Get<UserAdministration>().NewUserAsync(pool, username, [], AttributeWriter.Administrator(creating: true), CancellationToken.None);
        (await Get<PasswordSetter>().CreateAsync(pool, user, password, CancellationToken.None)).ApplyTo(user);
        user.Status = UserStatus.Confirmed;
        configure?.Invoke(user);
        await Get<IUserStore>().AddAsync(user, CancellationToken.None);
        return user;
    }

    /// <summary>A live session for tokens of <paramref name="user"/> at <paramref name="client"/>, as a sign-in starts one.</summary>
    public async Task<TokenSession> StartSessionAsync(User user, AppClient client, DateTimeOffset authTime, string? scopes = null, string? nonce = null, string? accessTokenHashSource = null)
    {
        var session = await Get<SessionService>().StartAsync(user, client.ClientId, SessionKind.Tokens, TimeSpan.FromDays(30), id: null, CancellationToken.None);
        return new TokenSession(session.Id, authTime, scopes, nonce, accessTokenHashSource);
    }

    public async Task<User> ReloadAsync(User user) => (await Get<IUserStore>().FindByIdAsync(user.PoolId, user.Id, CancellationToken.None))!;

    public async ValueTask DisposeAsync()
    {
        foreach (var scope in scopes)
        {
            await scope.DisposeAsync();
        }

        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private sealed class RecordingSender(List<OutgoingMessage> sent) : IMessageSender
    {
        public Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            lock (sent)
            {
                sent.Add(message);
            }

            return Task.CompletedTask;
        }
    }

    private sealed class FixtureLambda(CoreFixture fixture) : ILambdaInvoker
    {
        public Task<JsonObject> InvokeAsync(string functionArn, string trigger, JsonObject triggerEvent, CancellationToken cancellationToken)
            => Task.FromResult(fixture.Lambda?.Invoke(functionArn, triggerEvent) ?? throw new InvalidOperationException("This test configures no Lambda function."));
    }
}
