// SPDX-License-Identifier: Apache-2.0
using System.Text;
using OtpNet;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Auth.Srp;
using Tessera.Core.Clients;
using Tessera.Core.Groups;
using Tessera.Core.Identity;
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
        (await target.Get<ISigningKeyStore>().ListAsync("us-east-1_Seed", CancellationToken.None)).Count.ShouldBe(4);
    }
}
