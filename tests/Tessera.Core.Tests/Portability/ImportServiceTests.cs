// SPDX-License-Identifier: Apache-2.0
using System.Text;
using OtpNet;
using Tessera.Core.Auth;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Auth.Srp;
using Tessera.Core.Clients;
using Tessera.Core.Groups;
using Tessera.Core.Identity;
using Tessera.Core.Lifecycle;
using Tessera.Core.Pools;
using Tessera.Core.Portability;
using Tessera.Core.Security;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Portability;

public sealed class ImportServiceTests : IAsyncLifetime
{
    private const string Key = "operator key";
    private CoreFixture source = null!;
    private CoreFixture target = null!;

    public async ValueTask InitializeAsync()
    {
        source = await CoreFixture.CreateAsync();
        target = await CoreFixture.CreateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await source.DisposeAsync();
        await target.DisposeAsync();
    }

    private sealed record Built(UserPool Pool, AppClient Client, User User, string TotpSecret);

    private async Task<Built> BuildSourceAsync()
    {
        var pool = await source.AddPoolAsync(signingKeys: true);
        var client = await source.AddClientAsync(pool, secret: "the-client-secret");
        var user = await source.AddUserAsync(pool, "alice", u => u.SetAttribute("email", "alice@example.com"));
        var totp = source.Get<SoftwareTokenService>();
        var secret = await totp.AssociateAsync(user, CancellationToken.None);
        user = await totp.ConfirmAsync(await source.ReloadAsync(user), new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(source.Time.GetUtcNow().UtcDateTime), CancellationToken.None);
        await source.Get<IGroupStore>().TryAddAsync(new Group { PoolId = pool.Id, GroupName = "admins", CreatedAt = source.Time.GetUtcNow() }, CancellationToken.None);
        await source.Get<IGroupStore>().AddMemberAsync(pool.Id, "admins", user.Id, CancellationToken.None);
        await source.Get<IIdentityPoolStore>().AddAsync(
            new IdentityPool
            {
                Id = "us-east-1:" + Guid.NewGuid(),
                Name = "ids",
                Settings = new IdentityPoolSettings { CognitoIdentityProviders = [new CognitoIdentityProvider { ProviderName = "cognito-idp.us-east-1.amazonaws.com/" + pool.Id, ClientId = client.ClientId }] },
            },
            CancellationToken.None);
        return new Built(pool, client, await source.ReloadAsync(user), secret);
    }

    private static async Task<byte[]> ExportAsync(CoreFixture fixture, PortableSecrets secrets, string? poolId = null)
    {
        using var file = new MemoryStream();
        await fixture.Get<ExportService>().ExportAsync(file, new ExportOptions { Secrets = secrets, UserPoolId = poolId }, CancellationToken.None);
        return file.ToArray();
    }

    private static Task<ImportReport> ImportAsync(CoreFixture fixture, byte[] file, string? key = Key)
        => fixture.Get<ImportService>().ImportAsync(new MemoryStream(file), new ImportOptions { SecretsKey = key }, CancellationToken.None);

    [Fact]
    public async Task ImportAsync_ExportFromAnotherMasterKey_KeepsPasswordsSrpTotpAndClientSecrets()
    {
        var built = await BuildSourceAsync();
        var file = await ExportAsync(source, PortableSecrets.Create(Key, 1000));
        Encoding.UTF8.GetString(file).ShouldNotContain("the-client-secret");

        var report = await ImportAsync(target, file);

        report.Counts["users"].Created.ShouldBe(1);
        report.Counts["clients"].Created.ShouldBe(1);
        report.Counts["memberships"].Created.ShouldBe(1);
        report.Counts["identityPools"].Created.ShouldBe(1);
        var user = (await target.Get<IUserStore>().FindByIdAsync(built.Pool.Id, built.User.Id, CancellationToken.None)).ShouldNotBeNull();
        user.Username.ShouldBe("alice");
        user.Email.ShouldBe("alice@example.com");
        (await target.Get<PasswordHasher>().VerifyAsync(CoreFixture.Password, user.PasswordHash, CancellationToken.None)).ShouldBeTrue();
        target.Get<SrpVerifierSealer>().Open(user)!.Verifier.ShouldBe(source.Get<SrpVerifierSealer>().Open(built.User)!.Verifier);
        target.Time.SetUtcNow(source.Time.GetUtcNow().AddMinutes(1));
        await target.Get<SoftwareTokenService>().AcceptSignInCodeAsync(user, new Totp(Base32Encoding.ToBytes(built.TotpSecret)).ComputeTotp(target.Time.GetUtcNow().UtcDateTime), CancellationToken.None);
        var client = (await target.Get<IAppClientStore>().FindAsync(built.Client.ClientId, CancellationToken.None)).ShouldNotBeNull();
        target.Get<AppClientService>().RevealSecret(client).ShouldBe("the-client-secret");
        (await target.Get<IGroupStore>().ListMemberIdsAsync(built.Pool.Id, "admins", CancellationToken.None)).ShouldBe([built.User.Id]);
        (await target.Get<ISigningKeyStore>().ListAsync(built.Pool.Id, CancellationToken.None)).Select(k => k.Kid).Order()
            .ShouldBe((await source.Get<ISigningKeyStore>().ListAsync(built.Pool.Id, CancellationToken.None)).Select(k => k.Kid).Order());
    }

    /// <summary>A public client of the source's pool and a refresh token bob got from it.</summary>
    private async Task<(AppClient Client, string RefreshToken)> SignInOnSourceAsync()
    {
        var built = await BuildSourceAsync();
        var client = await source.AddClientAsync(built.Pool, new AppClientSettings { ExplicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
        await source.AddUserAsync(built.Pool, "bob");
        var parameters = new Dictionary<string, string> { ["USERNAME"] = "bob", ["PASSWORD"] = CoreFixture.Password };
        var signIn = await source.Get<AuthService>().InitiateAsync(new AuthRequest("USER_PASSWORD_AUTH", client.ClientId, parameters, null, null), CancellationToken.None);
        return (client, signIn.Tokens.ShouldNotBeNull().RefreshToken.ShouldNotBeNull());
    }

    [Fact]
    public async Task ImportAsync_RefreshTokenIssuedBeforeExport_RefreshesUnderAnotherMasterKey()
    {
        var (client, refreshToken) = await SignInOnSourceAsync();
        var file = await ExportAsync(source, PortableSecrets.Create(Key, 1000));
        Encoding.UTF8.GetString(file).ShouldNotContain(refreshToken);

        var report = await ImportAsync(target, file);
        var again = await ImportAsync(target, file);

        report.Counts["refreshTokens"].Created.ShouldBe(1);
        report.Counts["sessions"].Created.ShouldBe(1);
        report.Counts["refreshTokenKeys"].Created.ShouldBe(1);
        (again.Created, again.Updated).ShouldBe((0, 0));
        var targetClient = (await target.Get<IAppClientStore>().FindAsync(client.ClientId, CancellationToken.None)).ShouldNotBeNull();
        var refreshed = await target.Get<RefreshTokenService>().RefreshAsync(new RefreshRequest(targetClient, refreshToken, RefreshEdge.RefreshTokenAuth, new ClientProof.SecretHash(null, null)), CancellationToken.None);
        refreshed.Failure.ShouldBeNull();
        refreshed.Tokens.ShouldNotBeNull().AccessToken.ShouldNotBeNullOrEmpty();
        (await target.Get<RefreshTokenService>().RefreshAsync(new RefreshRequest(targetClient, refreshToken + "x", RefreshEdge.RefreshTokenAuth, new ClientProof.SecretHash(null, null)), CancellationToken.None))
            .Failure.ShouldBe(RefreshFailure.InvalidToken);

        // Exported again from the target, the token still refreshes on a third deployment: the imported key travels on.
        await using var third = await CoreFixture.CreateAsync();
        await ImportAsync(third, await ExportAsync(target, PortableSecrets.Create(Key, 1000)));
        var thirdClient = (await third.Get<IAppClientStore>().FindAsync(client.ClientId, CancellationToken.None)).ShouldNotBeNull();
        (await third.Get<RefreshTokenService>().RefreshAsync(new RefreshRequest(thirdClient, refreshToken, RefreshEdge.RefreshTokenAuth, new ClientProof.SecretHash(null, null)), CancellationToken.None))
            .Failure.ShouldBeNull();
    }

    [Fact]
    public async Task ImportAsync_RevokedSinceExport_StaysRevokedWhenTheFileIsImportedAgain()
    {
        var (client, refreshToken) = await SignInOnSourceAsync();
        var file = await ExportAsync(source, PortableSecrets.Create(Key, 1000));
        await ImportAsync(target, file);
        var targetClient = (await target.Get<IAppClientStore>().FindAsync(client.ClientId, CancellationToken.None)).ShouldNotBeNull();
        (await target.Get<SessionRevocation>().RevokeRefreshTokenAsync(targetClient, refreshToken, CancellationToken.None)).ShouldBe(RevocationOutcome.Revoked);

        await ImportAsync(target, file);

        (await target.Get<RefreshTokenService>().RefreshAsync(new RefreshRequest(targetClient, refreshToken, RefreshEdge.RefreshTokenAuth, new ClientProof.SecretHash(null, null)), CancellationToken.None))
            .Failure.ShouldBe(RefreshFailure.Revoked);
    }

    [Fact]
    public async Task ImportAsync_SameFileTwice_SkipsEverythingTheSecondTime()
    {
        await BuildSourceAsync();
        var file = await ExportAsync(source, PortableSecrets.Create(Key, 1000));
        await ImportAsync(target, file);

        var again = await ImportAsync(target, file);

        again.Created.ShouldBe(0);
        again.Updated.ShouldBe(0);
        again.Skipped.ShouldBeGreaterThan(5);
    }

    [Fact]
    public async Task ImportAsync_PlaintextExport_NeedsNoKey()
    {
        var built = await BuildSourceAsync();
        await source.Get<UserDirectory>().UpdateAsync(built.User, u => u.PasswordSignInDisabled = true, CancellationToken.None);
        var file = await ExportAsync(source, PortableSecrets.CreatePlaintext(), built.Pool.Id);
        Encoding.UTF8.GetString(file).ShouldContain("the-client-secret");
        Encoding.UTF8.GetString(file).ShouldContain("\"passwordSignInDisabled\"");

        (await ImportAsync(target, file, key: null)).Counts["users"].Created.ShouldBe(1);
        (await target.Get<IUserStore>().FindByIdAsync(built.Pool.Id, built.User.Id, CancellationToken.None))!.PasswordSignInDisabled.ShouldBeTrue();
    }

    [Fact]
    public async Task ImportAsync_NewerFormatVersion_IsRefusedWithTheVersions()
    {
        var file = "{\"formatVersion\": 2, \"userPools\": []}"u8.ToArray();
        var error = await Should.ThrowAsync<PortabilityException>(() => ImportAsync(target, file));
        error.Message.ShouldContain("formatVersion 2");
        error.Message.ShouldContain("up to 1");
    }

    [Fact]
    public async Task ImportAsync_TruncatedFile_ImportsNothing()
    {
        await BuildSourceAsync();
        var file = await ExportAsync(source, PortableSecrets.Create(Key, 1000));

        await Should.ThrowAsync<PortabilityException>(() => ImportAsync(target, file[..(file.Length - 40)]));

        (await target.Get<IUserPoolStore>().ListAsync(null, 10, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ImportAsync_DuplicateUsername_IsRefusedAndNothingStays()
    {
        var seed = """
            {"formatVersion": 1, "userPools": [{"id": "us-east-1_Dup", "name": "dup",
              "users": [{"username": "bob", "password": "Perm-Pass-1"}, {"username": "bob", "password": "Perm-Pass-2"}]}]}
            """;
        var error = await Should.ThrowAsync<PortabilityException>(() => ImportAsync(target, Encoding.UTF8.GetBytes(seed)));
        error.Message.ShouldContain("twice");
        (await target.Get<IUserPoolStore>().FindAsync("us-east-1_Dup", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task ImportAsync_MembershipOfAnUndeclaredGroup_IsRefusedAndNothingStays()
    {
        var seed = """
            {"formatVersion": 1, "userPools": [{"id": "us-east-1_NoGroup", "name": "nogroup",
              "users": [{"username": "bob", "password": "Perm-Pass-1", "groups": ["admins"]}]}]}
            """;
        await Should.ThrowAsync<PortabilityException>(() => ImportAsync(target, Encoding.UTF8.GetBytes(seed)));
        (await target.Get<IUserPoolStore>().FindAsync("us-east-1_NoGroup", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task ImportAsync_MalformedPoolId_IsRefusedWithTheId()
    {
        var seed = """{"formatVersion": 1, "userPools": [{"id": "nopool", "name": "x"}]}""";
        var error = await Should.ThrowAsync<PortabilityException>(() => ImportAsync(target, Encoding.UTF8.GetBytes(seed)));
        error.Message.ShouldContain("\"nopool\"");
        (await target.Get<IUserPoolStore>().ListAsync(null, 10, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ExportAsync_UnknownPool_IsRefusedWithTheId()
    {
        var error = await Should.ThrowAsync<PortabilityException>(() => ExportAsync(source, PortableSecrets.CreatePlaintext(), "us-east-1_Nowhere"));
        error.Message.ShouldContain("us-east-1_Nowhere does not exist");
    }

    [Fact]
    public async Task ImportAsync_FileWithoutPasswordHash_KeepsThePasswordSetSince()
    {
        var seed = Encoding.UTF8.GetBytes("""
            {"formatVersion": 1, "userPools": [{"id": "us-east-1_Kept", "name": "kept", "users": [{"username": "bob", "status": "RESET_REQUIRED"}]}]}
            """);
        await ImportAsync(target, seed);
        var pool = (await target.Get<IUserPoolStore>().FindAsync("us-east-1_Kept", CancellationToken.None)).ShouldNotBeNull();
        var bob = (await target.Get<IUserStore>().FindByNormalizedUsernameAsync(pool.Id, "bob", CancellationToken.None)).ShouldNotBeNull();
        bob.Status.ShouldBe(UserStatus.ResetRequired);
        (await target.Get<PasswordSetter>().CreateAsync(pool, bob, "New-Pass-12", CancellationToken.None)).ApplyTo(bob);
        bob.Status = UserStatus.Confirmed;
        (await target.Get<IUserStore>().TryUpdateAsync(bob, CancellationToken.None)).ShouldBeTrue();

        await ImportAsync(target, seed);

        var after = (await target.Get<IUserStore>().FindByIdAsync(pool.Id, bob.Id, CancellationToken.None)).ShouldNotBeNull();
        after.Status.ShouldBe(UserStatus.Confirmed);
        (await target.Get<PasswordHasher>().VerifyAsync("New-Pass-12", after.PasswordHash, CancellationToken.None)).ShouldBeTrue();
    }

    [Fact]
    public async Task ImportAsync_SeedWithPlainPasswordAndFixedClient_IsIdempotentAcrossRuns()
    {
        var seed = Encoding.UTF8.GetBytes("""
            {
              "formatVersion": 1,
              "secrets": {"protection": "plaintext"},
              "userPools": [{
                "id": "us-east-1_Seed", "name": "seeded",
                "clients": [{"clientId": "ciwebclient", "clientName": "web", "secrets": [{"value": "fixed-secret"}]}],
                "groups": [{"groupName": "admins"}],
                "users": [{"username": "carol", "password": "Seed-Pass-1", "attributes": {"email": "carol@example.com", "email_verified": "true"}, "groups": ["admins"]}]
              }]
            }
            """);

        var first = await ImportAsync(target, seed, key: null);
        var second = await ImportAsync(target, seed, key: null);

        first.Created.ShouldBe(5);
        second.Created.ShouldBe(0);
        second.Updated.ShouldBe(0);
        var user = (await target.Get<IUserStore>().FindByNormalizedUsernameAsync("us-east-1_Seed", "carol", CancellationToken.None)).ShouldNotBeNull();
        user.Status.ShouldBe(UserStatus.Confirmed);
        (await target.Get<PasswordHasher>().VerifyAsync("Seed-Pass-1", user.PasswordHash, CancellationToken.None)).ShouldBeTrue();
        target.Get<SrpVerifierSealer>().Open(user).ShouldNotBeNull();
        var client = (await target.Get<IAppClientStore>().FindAsync("ciwebclient", CancellationToken.None)).ShouldNotBeNull();
        target.Get<AppClientService>().RevealSecret(client).ShouldBe("fixed-secret");
        client.Settings.ExplicitAuthFlows.ShouldNotBeEmpty();
        (await target.Get<ISigningKeyStore>().ListAsync("us-east-1_Seed", CancellationToken.None)).Count.ShouldBe(2);
    }
}
