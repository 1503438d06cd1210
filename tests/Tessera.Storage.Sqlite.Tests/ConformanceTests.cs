// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Storage.Conformance;

namespace Tessera.Storage.Sqlite.Tests;

public sealed class SqliteUserPoolStoreTests(SqliteDatabase db) : UserPoolStoreConformance<SqliteDatabase>(db);

public sealed class SqliteAppClientStoreTests(SqliteDatabase db) : AppClientStoreConformance<SqliteDatabase>(db);

public sealed class SqliteUserStoreTests(SqliteDatabase db) : UserStoreConformance<SqliteDatabase>(db);

public sealed class SqliteGroupStoreTests(SqliteDatabase db) : GroupStoreConformance<SqliteDatabase>(db);

public sealed class SqliteSamlAssertionUseTests(SqliteDatabase db) : SamlAssertionUseConformance<SqliteDatabase>(db);

public sealed class SqliteRefreshTokenStoreTests(SqliteDatabase db) : RefreshTokenStoreConformance<SqliteDatabase>(db);

public sealed class SqliteSigningKeyStoreTests(SqliteDatabase db) : SigningKeyStoreConformance<SqliteDatabase>(db);

public sealed class SqliteMigrationTests(SqliteDatabase db) : MigrationConformance<SqliteDatabase>(db);

public sealed class SqliteIdentityStoreTests(SqliteDatabase db) : IdentityStoreConformance<SqliteDatabase>(db);
public sealed class SqliteHostedUiStoreTests(SqliteDatabase db) : HostedUiStoreConformance<SqliteDatabase>(db);

public sealed class SqliteLifecycleStoreTests(SqliteDatabase db) : LifecycleStoreConformance<SqliteDatabase>(db);
public sealed class SqliteVerificationCodeStoreTests(SqliteDatabase db) : VerificationCodeStoreConformance<SqliteDatabase>(db);

public sealed class SqliteSessionStoreTests(SqliteDatabase db) : SessionStoreConformance<SqliteDatabase>(db);

public sealed class SqliteDeviceStoreTests(SqliteDatabase db) : DeviceStoreConformance<SqliteDatabase>(db);
public sealed class SqliteUserImportJobStoreTests(SqliteDatabase db) : UserImportJobStoreConformance<SqliteDatabase>(db);

public sealed class SqliteHousekeepingTests(SqliteDatabase db) : HousekeepingConformance<SqliteDatabase>(db);
public sealed class SqliteWebAuthnCredentialStoreTests(SqliteDatabase db) : WebAuthnCredentialStoreConformance<SqliteDatabase>(db);

public sealed class SqliteAuthEventStoreTests(SqliteDatabase db) : AuthEventStoreConformance<SqliteDatabase>(db);

public sealed class SqliteModelTests : ModelConformance
{
    protected override void UseCompiledModel(DbContextOptionsBuilder builder) => SqliteStorage.Use(builder, "Data Source=:memory:");

    protected override void UseConventions(DbContextOptionsBuilder builder) => SqliteStorage.UseBuildingTheModel(builder, "Data Source=:memory:");
}
