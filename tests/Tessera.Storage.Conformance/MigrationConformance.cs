// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Tessera.Storage.Conformance;

/// <summary>
/// Every migration keeps existing rows: for each migration M of the provider, a fresh database is
/// migrated to M's predecessor, seeded with rows shaped by the predecessor's own model (so the seed
/// needs no upkeep as the model changes), migrated to M, and every row must still be there with
/// every value of every column M kept. After the latest, the seeded rows must also load through EF.
/// </summary>
public abstract class MigrationConformance<TDatabase>(TDatabase database) : StoreConformance<TDatabase>(database)
    where TDatabase : StoreDatabase
{
    [Fact]
    public async Task EachMigration_KeepsTheRowsItsPredecessorHad()
    {
        List<string> ids;
        await using (var probe = await OpenAsync())
        {
            ids = probe.Db.Database.GetMigrations().ToList();
            probe.Db.Database.ProviderName.ShouldNotBeNull();
        }

        ids.ShouldNotBeEmpty();
        for (var i = 0; i < ids.Count; i++)
        {
            await using var scratch = await OpenAsync();
            var db = scratch.Db;
            var migrator = db.GetService<IMigrator>();
            var target = MigrationSeeder.TargetModel(db, ids[i]);
            var seeded = new List<SeedRow>();
            if (i > 0)
            {
                await migrator.MigrateAsync(ids[i - 1], Ct);
                seeded = MigrationSeeder.Rows(MigrationSeeder.TargetModel(db, ids[i - 1]), db.Model);
                await MigrationSeeder.InsertAsync(db, seeded, Ct);
            }

            await migrator.MigrateAsync(ids[i], Ct);

            await MigrationSeeder.ShouldAllBeThereAsync(db, seeded, target, $"after {ids[i]}", Ct);
            await MigrationSeeder.ShouldHaveEveryTableAsync(db, target, $"after {ids[i]}", Ct);
            if (i == ids.Count - 1)
            {
                await MigrationSeeder.ShouldLoadThroughEfAsync(db, seeded, Ct);
            }
        }
    }

    /// <summary>ClientSecrets moves each client's one secret into app_client_secrets, with AWS's id form, bytes unchanged.</summary>
    [Fact]
    public async Task ClientSecrets_MovesEachClientsSecretIntoItsOwnTable()
    {
        await using var scratch = await OpenAsync();
        var db = scratch.Db;
        var ids = db.Database.GetMigrations().ToList();
        var at = ids.FindIndex(id => id.EndsWith("_ClientSecrets", StringComparison.Ordinal));
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(ids[at - 1], Ct);
        var seeded = MigrationSeeder.Rows(MigrationSeeder.TargetModel(db, ids[at - 1]), db.Model);
        await MigrationSeeder.InsertAsync(db, seeded, Ct);

        await migrator.MigrateAsync(ids[at], Ct);

        var secrets = await db.ClientSecrets.AsNoTracking().ToListAsync(Ct);
        var clients = seeded.Where(r => r.Table == "app_clients").ToList();
        clients.ShouldNotBeEmpty();
        secrets.Count.ShouldBe(clients.Count);
        foreach (var client in clients)
        {
            var secret = secrets.Single(s => s.ClientId == (string)client.Values["ClientId"]);
            secret.Id.ShouldBe($"{client.Values["ClientId"]}--{client.Values["CreatedAt"]}");
            secret.Ciphertext.ShouldBe((byte[])client.Values["SecretCiphertext"]);
            secret.Hash.ShouldBe((byte[])client.Values["SecretHash"]);
            secret.CreatedAt.ToUnixTimeMilliseconds().ShouldBe((long)client.Values["CreatedAt"]);
        }
    }

    /// <summary>
    /// The harness itself, on today's schema: what it seeds it finds again, through SQL and through EF;
    /// and the check is not vacuous: a changed value or a lost row fails it.
    /// </summary>
    [Fact]
    public async Task Seeder_OnTheLatestSchema_FindsWhatItSeededAndNoticesLosses()
    {
        await using var scratch = await OpenAsync();
        var db = scratch.Db;
        await db.Database.MigrateAsync(Ct);
        var latest = MigrationSeeder.TargetModel(db, db.Database.GetMigrations().Last());
        var seeded = MigrationSeeder.Rows(latest, db.Model);

        await MigrationSeeder.InsertAsync(db, seeded, Ct);

        seeded.Select(r => r.Table).Distinct().Count().ShouldBe(latest.GetEntityTypes().Count());
        await MigrationSeeder.ShouldAllBeThereAsync(db, seeded, latest, "on the latest schema", Ct);
        await MigrationSeeder.ShouldLoadThroughEfAsync(db, seeded, Ct);

        await db.Users.ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedSignInCount, 99), Ct);
        await db.GroupMemberships.ExecuteDeleteAsync(Ct);

        var missing = await MigrationSeeder.MissingAsync(db, seeded, latest, Ct);
        missing.Count(m => m.StartsWith("the users row", StringComparison.Ordinal)).ShouldBe(3);
        missing.Count(m => m.StartsWith("the group_memberships row", StringComparison.Ordinal)).ShouldBe(3);
        missing.Count.ShouldBe(6);
    }

    private async Task<Scratch> OpenAsync()
    {
        var scratch = await Database.CreateScratchAsync();
        var options = new DbContextOptionsBuilder<TesseraDbContext>();
        scratch.Configure(options);
        return new Scratch(scratch, new TesseraDbContext(options.Options));
    }

    private sealed class Scratch(IScratchDatabase database, TesseraDbContext db) : IAsyncDisposable
    {
        public TesseraDbContext Db => db;

        public async ValueTask DisposeAsync()
        {
            await db.DisposeAsync();
            await database.DisposeAsync();
        }
    }
}

/// <summary>One seeded row: its entity, table and column values (provider values, by property name).</summary>
public sealed record SeedRow(string Entity, string Table, IReadOnlyDictionary<string, object> Values, IReadOnlyList<string> Key);

/// <summary>Seeds and checks rows from a migration's target model, with no per-migration upkeep.</summary>
public static class MigrationSeeder
{
    private const int RowsPerTable = 3;

    /// <summary>The model as migration <paramref name="id"/> left it (its Designer file).</summary>
    public static IModel TargetModel(TesseraDbContext db, string id)
    {
        var assembly = db.GetService<IMigrationsAssembly>();
        var migration = assembly.CreateMigration(assembly.Migrations[id], db.Database.ProviderName!);
        return migration.TargetModel ?? throw new InvalidOperationException($"Migration {id} has no target model (Designer file missing?).");
    }

    /// <summary>Rows for every table of <paramref name="model"/>, principals first, foreign keys pointing at row i of each principal.</summary>
    public static List<SeedRow> Rows(IModel model, IModel current)
    {
        var rows = new List<SeedRow>();
        var byEntity = new Dictionary<string, List<SeedRow>>(StringComparer.Ordinal);
        foreach (var entity in PrincipalsFirst(model))
        {
            var list = new List<SeedRow>();
            for (var row = 0; row < RowsPerTable; row++)
            {
                var values = new Dictionary<string, object>(StringComparer.Ordinal);
                foreach (var fk in entity.GetForeignKeys())
                {
                    var principal = byEntity[fk.PrincipalEntityType.Name][row];
                    for (var k = 0; k < fk.Properties.Count; k++)
                    {
                        values[fk.Properties[k].Name] = principal.Values[fk.PrincipalKey.Properties[k].Name];
                    }
                }

                foreach (var property in entity.GetProperties().Where(p => !values.ContainsKey(p.Name)))
                {
                    values[property.Name] = Value(entity, property, row, current);
                }

                list.Add(new SeedRow(entity.Name, entity.GetTableName()!, values, entity.FindPrimaryKey()!.Properties.Select(p => p.Name).ToList()));
            }

            byEntity[entity.Name] = list;
            rows.AddRange(list);
        }

        return rows;
    }

    public static async Task InsertAsync(TesseraDbContext db, IEnumerable<SeedRow> rows, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        foreach (var row in rows)
        {
            var columns = row.Values.Keys.ToList();
            var text = $"INSERT INTO {sql.DelimitIdentifier(row.Table)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(ColumnName(db, row, c))))}) " +
                $"VALUES ({string.Join(", ", columns.Select((_, i) => "{" + i + "}"))})";
            await db.Database.ExecuteSqlRawAsync(text, columns.Select(c => row.Values[c]), cancellationToken);
        }
    }

    /// <summary>Each row whose table <paramref name="after"/> still has is there, with the same value in every column both models have.</summary>
    public static async Task ShouldAllBeThereAsync(TesseraDbContext db, IEnumerable<SeedRow> rows, IModel after, string when, CancellationToken cancellationToken)
        => (await MissingAsync(db, rows, after, cancellationToken)).ShouldBeEmpty(when);

    /// <summary>The seeded rows that are gone or changed, described.</summary>
    public static async Task<List<string>> MissingAsync(TesseraDbContext db, IEnumerable<SeedRow> rows, IModel after, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        var sql = db.GetService<ISqlGenerationHelper>();
        foreach (var row in rows)
        {
            var table = after.GetEntityTypes().FirstOrDefault(e => e.GetTableName() == row.Table);
            if (table is null)
            {
                continue; // the migration dropped the table on purpose
            }

            var kept = row.Values.Where(v => table.FindProperty(v.Key) is { } p && (Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType) == v.Value.GetType()).ToList();
            var where = string.Join(" AND ", kept.Select((v, i) => $"{sql.DelimitIdentifier(table.FindProperty(v.Key)!.GetColumnName())} = {{{i}}}"));
            // Identifiers come from the migration's model; values go in as parameters.
            var query = $"SELECT COUNT(*) AS {sql.DelimitIdentifier("Value")} FROM {sql.DelimitIdentifier(row.Table)} WHERE {where}";
            var count = await db.Database.SqlQueryRaw<long>(query, kept.Select(v => v.Value).ToArray()).SingleAsync(cancellationToken);
            if (count != 1)
            {
                missing.Add($"the {row.Table} row {string.Join(", ", row.Key.Select(k => row.Values[k]))} is gone or changed one of {string.Join(", ", kept.Select(v => v.Key))}");
            }
        }

        return missing;
    }

    public static async Task ShouldHaveEveryTableAsync(TesseraDbContext db, IModel model, string when, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        foreach (var entity in model.GetEntityTypes())
        {
            var query = $"SELECT COUNT(*) AS {sql.DelimitIdentifier("Value")} FROM {sql.DelimitIdentifier(entity.GetTableName()!)}";
            var count = await db.Database.SqlQueryRaw<long>(query).SingleAsync(cancellationToken);
            count.ShouldBeGreaterThanOrEqualTo(0, when);
        }
    }

    /// <summary>The application's own model reads every seeded row it still maps (JSON columns included).</summary>
    public static async Task ShouldLoadThroughEfAsync(TesseraDbContext db, IEnumerable<SeedRow> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            var entity = db.Model.FindEntityType(row.Entity);
            if (entity is null)
            {
                continue;
            }

            var key = entity.FindPrimaryKey()!.Properties
                .Select(p => p.GetTypeMapping().Converter is { } c ? c.ConvertFromProvider(row.Values[p.Name])! : row.Values[p.Name])
                .ToArray();
            var loaded = await db.FindAsync(entity.ClrType, key, cancellationToken);
            loaded.ShouldNotBeNull($"{row.Table} row {string.Join(", ", key)} does not load through EF");
            db.ChangeTracker.Clear();
        }
    }

    private static string ColumnName(TesseraDbContext db, SeedRow row, string property)
        => db.Model.FindEntityType(row.Entity)?.FindProperty(property)?.GetColumnName() ?? property;

    private static IEnumerable<IEntityType> PrincipalsFirst(IModel model)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var pending = model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        while (pending.Count > 0)
        {
            var ready = pending.First(e => e.GetForeignKeys().All(fk => fk.PrincipalEntityType == e || done.Contains(fk.PrincipalEntityType.Name)));
            done.Add(ready.Name);
            pending.Remove(ready);
            yield return ready;
        }
    }

    /// <summary>A value of the column's stored type, distinct per row; JSON columns get what the app writes for an empty object.</summary>
    private static object Value(IEntityType entity, IProperty property, int row, IModel current)
    {
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes($"{entity.Name}.{property.Name}.{row}"));
        if (type == typeof(string))
        {
            var converter = current.FindEntityType(entity.Name)?.FindProperty(property.Name)?.GetValueConverter();
            if (converter is not null && converter.ProviderClrType == typeof(string) && converter.ModelClrType != typeof(string))
            {
                return converter.ConvertToProvider(Activator.CreateInstance(converter.ModelClrType))!;
            }

            var text = $"{row}-{property.Name}-{Convert.ToHexStringLower(seed)}";
            return property.GetMaxLength() is { } max && text.Length > max ? text[..max] : text;
        }

        return type switch
        {
            _ when type == typeof(long) => 1_700_000_000_000L + (row * 1000) + (seed[0] % 997),
            _ when type == typeof(int) => row % 2,
            _ when type == typeof(short) => (short)(row % 2),
            _ when type == typeof(bool) => row % 2 == 0,
            _ when type == typeof(Guid) => new Guid(seed.AsSpan(0, 16)),
            _ when type == typeof(byte[]) => seed,
            _ when type == typeof(double) => row + 0.5,
            _ => throw new NotSupportedException($"MigrationSeeder has no value for {entity.Name}.{property.Name} of type {type}: add one."),
        };
    }
}
