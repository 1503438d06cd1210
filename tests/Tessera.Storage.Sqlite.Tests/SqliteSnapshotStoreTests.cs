// SPDX-License-Identifier: Apache-2.0
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Time.Testing;
using Tessera.Core.Pools;
using Tessera.Core.Snapshots;
using Tessera.Storage.Conformance;

namespace Tessera.Storage.Sqlite.Tests;

/// <summary>
/// Reset and snapshots copy the database as a whole. The rows come from <see cref="MigrationSeeder"/>, which
/// fills every table of the latest model, so a table added by a later migration is covered with no change here.
/// </summary>
public sealed class SqliteSnapshotStoreTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "tessera-snapshots", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider time = new(StoreConformance.Now);
    private TesseraDbContext db = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Live => $"Data Source={Path.Combine(folder, "tessera.db")}";

    private string SnapshotFolder => Path.Combine(folder, "snapshots");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        db = Context(Live);
        await db.Database.MigrateAsync(Ct);
        await SqliteStorage.PrepareAsync(db, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await db.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Restore_AfterEveryTableChanged_EveryRowIsAsSaved()
    {
        await SeedEveryTableAsync();
        var saved = await DumpAsync(Live);
        await Store().SaveAsync(Name("seeded"), Ct);
        await Store().ResetAsync(Ct);
        await AddPoolAsync("us-east-1_After");
        (await DumpAsync(Live)).ShouldNotBe(saved);

        await Store().RestoreAsync(Name("seeded"), Ct);

        (await DumpAsync(Live)).ShouldBe(saved);
        (await db.UserPools.AsNoTracking().AnyAsync(p => p.Id == "us-east-1_After", Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task RestoreAndReset_ATableNoStoreKnows_IsCoveredToo()
    {
        // What a later migration adds: no code of the snapshot store names it.
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE later_feature (id INTEGER PRIMARY KEY AUTOINCREMENT, note TEXT NOT NULL)", Ct);
        await db.Database.ExecuteSqlRawAsync("INSERT INTO later_feature (note) VALUES ('kept')", Ct);
        await Store().SaveAsync(Name("seeded"), Ct);
        await db.Database.ExecuteSqlRawAsync("UPDATE later_feature SET note = 'changed'; INSERT INTO later_feature (note) VALUES ('added')", Ct);

        await Store().RestoreAsync(Name("seeded"), Ct);
        var restored = await DumpAsync(Live);
        await Store().ResetAsync(Ct);

        restored.Where(r => r.StartsWith("later_feature:", StringComparison.Ordinal)).ShouldBe(["later_feature: 1|kept"]);
        (await DumpAsync(Live)).ShouldNotContain(r => r.StartsWith("later_feature:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reset_EmptiesEveryTable_KeepsTheMigrationHistory()
    {
        await SeedEveryTableAsync();
        (await SequencesAsync()).ShouldBePositive();

        await Store().ResetAsync(Ct);

        var rows = await DumpAsync(Live);
        rows.Where(r => !r.StartsWith("__EFMigrationsHistory:", StringComparison.Ordinal)).ShouldBeEmpty();
        rows.Count.ShouldBe(db.Database.GetMigrations().Count());
        (await SequencesAsync()).ShouldBe(0);
        (await ForeignKeysAsync()).ShouldBe(1, "the pooled connection the reset used must check foreign keys again");
        await AddPoolAsync("us-east-1_New");
    }

    [Fact]
    public async Task Restore_UnknownName_ThrowsNotFound()
        => (await Should.ThrowAsync<SnapshotException>(() => Store().RestoreAsync(Name("never-saved"), Ct))).Error.ShouldBe(SnapshotError.NotFound);

    [Fact]
    public async Task Restore_SavedUnderAnotherMasterKey_ThrowsWrongMasterKey_AndChangesNothing()
    {
        await Store(keyId: "other-key").SaveAsync(Name("elsewhere"), Ct);
        await AddPoolAsync("us-east-1_Kept");
        var before = await DumpAsync(Live);

        var refused = await Should.ThrowAsync<SnapshotException>(() => Store().RestoreAsync(Name("elsewhere"), Ct));

        refused.Error.ShouldBe(SnapshotError.WrongMasterKey);
        (await DumpAsync(Live)).ShouldBe(before);
    }

    [Fact]
    public async Task Restore_SavedByANewerTessera_ThrowsNewerSchema_AndChangesNothing()
    {
        await Store().SaveAsync(Name("future"), Ct);
        await using (var snapshot = Context(SnapshotConnection("future")))
        {
            await snapshot.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsHistory\" VALUES ('29991231000000_Future', '99.0.0')", Ct);
        }

        await AddPoolAsync("us-east-1_Kept");
        var before = await DumpAsync(Live);

        var refused = await Should.ThrowAsync<SnapshotException>(() => Store().RestoreAsync(Name("future"), Ct));

        refused.Error.ShouldBe(SnapshotError.NewerSchema);
        (await DumpAsync(Live)).ShouldBe(before);
    }

    [Fact]
    public async Task Restore_ASnapshotFileThatIsNotADatabase_ThrowsUnreadable_AndChangesNothing()
    {
        await Store().SaveAsync(Name("damaged"), Ct);
        await File.WriteAllTextAsync(Path.Combine(SnapshotFolder, "damaged.db"), new string('x', 8192), Ct);
        await AddPoolAsync("us-east-1_Kept");
        var before = await DumpAsync(Live);

        var refused = await Should.ThrowAsync<SnapshotException>(() => Store().RestoreAsync(Name("damaged"), Ct));

        refused.Error.ShouldBe(SnapshotError.Unreadable);
        (await DumpAsync(Live)).ShouldBe(before);
    }

    [Fact]
    public async Task Restore_SavedByAnOlderTessera_MigratesTheSnapshot_AndKeepsItsRows()
    {
        var migrations = db.Database.GetMigrations().ToList();
        var older = $"Data Source={Path.Combine(folder, "older.db")}";
        List<SeedRow> seeded;
        await using (var old = Context(older))
        {
            await old.GetService<IMigrator>().MigrateAsync(migrations[0], Ct);
            seeded = MigrationSeeder.Rows(MigrationSeeder.TargetModel(old, migrations[0]), old.Model);
            await MigrationSeeder.InsertAsync(old, seeded, Ct);
        }

        await Store(connection: older).SaveAsync(Name("older"), Ct);

        await Store().RestoreAsync(Name("older"), Ct);

        await MigrationSeeder.ShouldAllBeThereAsync(db, seeded, Latest(), "after restoring a snapshot saved before the later migrations", Ct);
        (await db.Database.GetAppliedMigrationsAsync(Ct)).ShouldBe(migrations);
    }

    [Fact]
    public async Task Save_SameNameAgain_ReplacesIt()
    {
        await Store().SaveAsync(Name("seeded"), Ct);
        await AddPoolAsync("us-east-1_Second");
        time.Advance(TimeSpan.FromMinutes(1));

        var second = await Store().SaveAsync(Name("seeded"), Ct);
        await Store().ResetAsync(Ct);
        await Store().RestoreAsync(Name("seeded"), Ct);

        second.CreatedAt.ShouldBe(StoreConformance.Now.AddMinutes(1));
        (await db.UserPools.AsNoTracking().AnyAsync(p => p.Id == "us-east-1_Second", Ct)).ShouldBeTrue();
        (await Store().ListAsync(Ct)).Select(s => s.Name).ShouldBe(["seeded"]);
        Directory.GetFiles(SnapshotFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(["seeded.db", "seeded.json"]);
    }

    [Fact]
    public async Task ListFindDelete_NoSnapshotYet_AreEmpty()
    {
        (await Store().ListAsync(Ct)).ShouldBeEmpty();
        (await Store().FindAsync(Name("seeded"), Ct)).ShouldBeNull();
        (await Store().DeleteAsync(Name("seeded"), Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task ListFindDelete_TwoSnapshots_ListedByName_DeletedOneByOne()
    {
        await Store().SaveAsync(Name("b"), Ct);
        await Store().SaveAsync(Name("a"), Ct);

        var listed = await Store().ListAsync(Ct);
        var size = new FileInfo(Path.Combine(SnapshotFolder, "a.db")).Length;
        var deleted = await Store().DeleteAsync(Name("a"), Ct);
        var again = await Store().DeleteAsync(Name("a"), Ct);

        listed.Select(s => s.Name).ShouldBe(["a", "b"]);
        listed.ShouldAllBe(s => s.CreatedAt == StoreConformance.Now && s.SizeBytes > 0);
        listed[0].SizeBytes.ShouldBe(size);
        (deleted, again).ShouldBe((true, false));
        (await Store().FindAsync(Name("a"), Ct)).ShouldBeNull();
        (await Store().ListAsync(Ct)).Select(s => s.Name).ShouldBe(["b"]);
        Directory.GetFiles(SnapshotFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(["b.db", "b.json"]);
    }

    private static SnapshotName Name(string value) => SnapshotName.Parse(value);

    private static TesseraDbContext Context(string connection)
    {
        var options = new DbContextOptionsBuilder<TesseraDbContext>();
        SqliteStorage.Use(options, connection);
        return new TesseraDbContext(options.Options);
    }

    private SqliteSnapshotStore Store(string keyId = "key-a", string? connection = null)
        => new(connection ?? Live, SnapshotFolder, keyId, time);

    private string SnapshotConnection(string name)
        => new SqliteConnectionStringBuilder { DataSource = Path.Combine(SnapshotFolder, name + ".db"), Pooling = false }.ToString();

    private IModel Latest() => MigrationSeeder.TargetModel(db, db.Database.GetMigrations().Last());

    private async Task SeedEveryTableAsync()
    {
        var latest = Latest();
        var rows = MigrationSeeder.Rows(latest, db.Model);
        await MigrationSeeder.InsertAsync(db, rows, Ct);
        rows.Select(r => r.Table).Distinct().Count().ShouldBe(latest.GetEntityTypes().Count());
    }

    private async Task AddPoolAsync(string id)
    {
        db.UserPools.Add(new UserPool { Id = id, Name = id, CreatedAt = StoreConformance.Now, UpdatedAt = StoreConformance.Now });
        await db.SaveChangesAsync(Ct);
        db.ChangeTracker.Clear();
    }

    private Task<long> SequencesAsync() => ScalarAsync("SELECT COUNT(*) FROM sqlite_sequence");

    private Task<long> ForeignKeysAsync() => ScalarAsync("PRAGMA foreign_keys");

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(Live);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>Every row of every table (SQLite's internal ones aside) as "table: values", sorted: equal dumps are equal databases.</summary>
    private static async Task<List<string>> DumpAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(Ct);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await list.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new List<string>();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                dump.Add($"{table}: " + string.Join('|', values.Select(v => v is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
            }
        }

        dump.Sort(StringComparer.Ordinal);
        return dump;
    }
}
