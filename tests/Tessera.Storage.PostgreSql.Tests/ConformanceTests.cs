// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Storage.Conformance;

namespace Tessera.Storage.PostgreSql.Tests;

public sealed class PostgreSqlUserPoolStoreTests(PostgreSqlDatabase db) : UserPoolStoreConformance<PostgreSqlDatabase>(db);

public sealed class PostgreSqlAppClientStoreTests(PostgreSqlDatabase db) : AppClientStoreConformance<PostgreSqlDatabase>(db);

public sealed class PostgreSqlUserStoreTests(PostgreSqlDatabase db) : UserStoreConformance<PostgreSqlDatabase>(db);

public sealed class PostgreSqlGroupStoreTests(PostgreSqlDatabase db) : GroupStoreConformance<PostgreSqlDatabase>(db);

public sealed class PostgreSqlSamlAssertionUseTests(PostgreSqlDatabase db) : SamlAssertionUseConformance<PostgreSqlDatabase>(db);

public sealed class PostgreSqlRefreshTokenStoreTests(PostgreSqlDatabase db) : RefreshTokenStoreConformance<PostgreSqlDatabase>(db);

public sealed class PostgreSqlSigningKeyStoreTests(PostgreSqlDatabase db) : SigningKeyStoreConformance<PostgreSqlDatabase>(db);

public sealed class PostgreSqlMigrationTests(PostgreSqlDatabase db) : MigrationConformance<PostgreSqlDatabase>(db);

public sealed class PostgreSqlIdentityStoreTests(PostgreSqlDatabase db) : IdentityStoreConformance<PostgreSqlDatabase>(db);
public sealed class PostgreSqlHostedUiStoreTests(PostgreSqlDatabase db) : HostedUiStoreConformance<PostgreSqlDatabase>(db);

public sealed class PostgreSqlLifecycleStoreTests(PostgreSqlDatabase db) : LifecycleStoreConformance<PostgreSqlDatabase>(db);
public sealed class PostgreSqlVerificationCodeStoreTests(PostgreSqlDatabase db) : VerificationCodeStoreConformance<PostgreSqlDatabase>(db);

public sealed class PostgreSqlSessionStoreTests(PostgreSqlDatabase db) : SessionStoreConformance<PostgreSqlDatabase>(db);

public sealed class PostgreSqlDeviceStoreTests(PostgreSqlDatabase db) : DeviceStoreConformance<PostgreSqlDatabase>(db);
public sealed class PostgreSqlUserImportJobStoreTests(PostgreSqlDatabase db) : UserImportJobStoreConformance<PostgreSqlDatabase>(db);

public sealed class PostgreSqlHousekeepingTests(PostgreSqlDatabase db) : HousekeepingConformance<PostgreSqlDatabase>(db);
public sealed class PostgreSqlWebAuthnCredentialStoreTests(PostgreSqlDatabase db) : WebAuthnCredentialStoreConformance<PostgreSqlDatabase>(db);

public sealed class PostgreSqlAuthEventStoreTests(PostgreSqlDatabase db) : AuthEventStoreConformance<PostgreSqlDatabase>(db);

public sealed class PostgreSqlModelTests : ModelConformance
{
    private const string Unused = "Host=localhost;Database=unused";

    protected override void UseCompiledModel(DbContextOptionsBuilder builder) => PostgreSqlStorage.Use(builder, Unused);

    protected override void UseConventions(DbContextOptionsBuilder builder) => PostgreSqlStorage.UseBuildingTheModel(builder, Unused);
}
