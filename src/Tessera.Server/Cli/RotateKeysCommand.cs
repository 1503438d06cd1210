// SPDX-License-Identifier: Apache-2.0
using System.CommandLine;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tessera.Core;
using Tessera.Core.OAuth;
using Tessera.Core.Pools;
using Tessera.Core.Tokens;
using Tessera.Server.Hosting;
using Tessera.Storage;
using Tessera.Storage.PostgreSql;
using Tessera.Storage.Sqlite;

namespace Tessera.Server.Cli;

/// <summary>
/// <c>tessera keys rotate --pool &lt;id&gt;</c>: rotates a user pool's signing keys (<see cref="SigningKeyRotation"/>) with the
/// settings of <c>start</c>, and on PostgreSQL tells every running node, which sign with the new keys and publish the next
/// ones milliseconds later (docs/production.md). Refused while the next keys have not been published for
/// <c>Tessera:SigningKeys:MinimumNextKeyAge</c>; on a pool without next keys (a new pool has none), it publishes them and
/// is refused.
/// </summary>
internal static class RotateKeysCommand
{
    public static Command Create()
    {
        var pool = new Option<string>("--pool") { Description = "The user pool id (us-east-1_AbCdEf123).", Required = true };
        var rotate = new Command("rotate", "Sign a user pool's tokens with its next keys (published in the JWKS ahead), retire the current ones and publish new next keys; on a pool without next keys, publish them first (rotate again once they are old enough).") { pool };
        rotate.TreatUnmatchedTokensAsErrors = false;
        rotate.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                await using var services = Services([.. result.UnmatchedTokens]);
                return await RotateAsync(services, result.GetValue(pool)!, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }
        });
        return new Command("keys", "Manage user pools' signing keys.") { rotate };
    }

    private static async Task<int> RotateAsync(ServiceProvider services, string poolId, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<IUserPoolStore>().FindAsync(poolId, cancellationToken).ConfigureAwait(false) is null)
        {
            await Console.Error.WriteLineAsync($"No user pool {poolId} in this store.").ConfigureAwait(false);
            return 2;
        }

        var keys = scope.ServiceProvider.GetRequiredService<KeyRing>();
        var stored = await scope.ServiceProvider.GetRequiredService<ISigningKeyStore>().ListAsync(poolId, cancellationToken).ConfigureAwait(false);
        if (stored.Count > 0 && !keys.Opens(stored[0].PrivateKeyCiphertext))
        {
            await Console.Error.WriteLineAsync("Tessera:MasterKey does not open this pool's signing keys: give the master key the nodes use.").ConfigureAwait(false);
            return 2;
        }

        RotationPlan plan;
        try
        {
            plan = await keys.RotateAsync(poolId, cancellationToken).ConfigureAwait(false);
        }
        catch (SigningKeyRotationException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        string Kid(SigningKeyPurpose purpose, SigningKeyStatus status)
            => plan.Updated.Concat(plan.Added).First(k => k.Purpose == purpose && k.Status == status).Kid;
        Console.WriteLine($"Rotated the signing keys of {poolId}. Signing ID tokens with {Kid(SigningKeyPurpose.Id, SigningKeyStatus.Active)} and access tokens with {Kid(SigningKeyPurpose.Access, SigningKeyStatus.Active)}; the keys they replace stay in the JWKS for {SigningKeyRotation.RetiredKeyLifetime.TotalHours:0.#} hours.");
        return 0;
    }

    /// <summary>The store and the key ring, with <c>start</c>'s storage, master key and signing-key settings.</summary>
    private static ServiceProvider Services(string[] args)
    {
        var configuration = WebApplication.CreateSlimBuilder(args).Configuration;
        var storage = configuration.GetSection("Tessera:Storage").Get<StorageOptions>() ?? new StorageOptions();
        if (storage.Provider == StorageProvider.PostgreSql && string.IsNullOrEmpty(configuration["Tessera:MasterKey"]))
        {
            throw new InvalidOperationException("Tessera:MasterKey is required: the master key the nodes use.");
        }

        var startup = StartupCheck.Run(configuration, TesseraMode.Development, storage);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOptions<TesseraOptions>().BindConfiguration("Tessera");
        services.AddOptions<SigningKeyOptions>().BindConfiguration("Tessera:SigningKeys");
        if (storage.Provider == StorageProvider.PostgreSql)
        {
            services.TryAddSingleton<ICacheInvalidation>(sp => new PostgreSqlCacheInvalidation(storage.ConnectionString!, sp.GetRequiredService<ILogger<PostgreSqlCacheInvalidation>>()));
        }

        services.AddTesseraStorage(o =>
        {
            if (storage.Provider == StorageProvider.PostgreSql)
            {
                PostgreSqlStorage.Use(o, storage.ConnectionString!);
            }
            else
            {
                SqliteStorage.Use(o, startup.SqliteConnectionString!);
            }
        });
        services.AddTesseraCore(startup.MasterKey);
        return services.BuildServiceProvider();
    }
}
