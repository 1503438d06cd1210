// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;
using Tessera.Core.Errors;
using Tessera.Core.Security;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Users;

/// <summary>The password check and the upgrade of outdated hashes, over a real SQLite store.</summary>
public sealed class PasswordCheckTests : IAsyncLifetime
{
    /// <summary>CoreFixture.Password as Tessera stored it before Argon2id (PBKDF2-HMAC-SHA256, 1,000 iterations; Python's hashlib.pbkdf2_hmac).</summary>
    private const string LegacyPbkdf2 = "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw==$id7RvbMatPRjQiZ0qE5qLbcGktG2I/1mbu0orInXhxQ=";

    /// <summary>CoreFixture.Password as Argon2id with parameters other than the fixture's (m=8, t=1).</summary>
    private const string OtherParameters = "$argon2id$v=19$m=16,t=1,p=1$";

    private CoreFixture core = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => core = await CoreFixture.CreateAsync();

    public async ValueTask DisposeAsync() => await core.DisposeAsync();

    [Fact]
    public async Task Verify_RightPasswordOverPbkdf2_StoresAnArgon2idHashThatVerifies()
    {
        var pool = await core.AddPoolAsync();
        var user = await core.AddUserAsync(pool, "alice", u => u.PasswordHash = LegacyPbkdf2);

        var proved = await core.Get<PasswordCheck>().VerifyAsync(user, CoreFixture.Password, Ct);

        proved.ShouldNotBeNull();
        var stored = (await core.ReloadAsync(user)).PasswordHash!;
        stored.ShouldStartWith("$argon2id$v=19$m=8,t=1,p=1$");
        proved.PasswordHash.ShouldBe(stored);
        (await core.Get<PasswordHasher>().VerifyAsync(CoreFixture.Password, stored, Ct)).ShouldBeTrue();
    }

    [Fact]
    public async Task Verify_RightPasswordOverOtherArgon2idParameters_RehashesWithTheConfiguredOnes()
    {
        var pool = await core.AddPoolAsync();
        var old = await HashWithAsync(16);
        old.ShouldStartWith(OtherParameters);
        var user = await core.AddUserAsync(pool, "bob", u => u.PasswordHash = old);

        (await core.Get<PasswordCheck>().VerifyAsync(user, CoreFixture.Password, Ct)).ShouldNotBeNull();

        (await core.ReloadAsync(user)).PasswordHash.ShouldStartWith("$argon2id$v=19$m=8,t=1,p=1$");
    }

    [Fact]
    public async Task Verify_WrongPasswordOverPbkdf2_NullAndTheHashStays()
    {
        var pool = await core.AddPoolAsync();
        var user = await core.AddUserAsync(pool, "carol", u => u.PasswordHash = LegacyPbkdf2);

        (await core.Get<PasswordCheck>().VerifyAsync(user, "Wrong-Pass-9", Ct)).ShouldBeNull();

        (await core.ReloadAsync(user)).PasswordHash.ShouldBe(LegacyPbkdf2);
    }

    [Fact]
    public async Task Verify_CurrentHash_LeftAsItIs()
    {
        var pool = await core.AddPoolAsync();
        var user = await core.AddUserAsync(pool, "dave");
        var before = (await core.ReloadAsync(user)).UpdatedAt;

        (await core.Get<PasswordCheck>().VerifyAsync(user, CoreFixture.Password, Ct)).ShouldNotBeNull();

        var after = await core.ReloadAsync(user);
        after.PasswordHash.ShouldBe(user.PasswordHash);
        after.UpdatedAt.ShouldBe(before);
    }

    [Fact]
    public async Task Verify_NoPassword_Null()
    {
        var pool = await core.AddPoolAsync();
        var user = await core.AddUserAsync(pool, "erin", u => u.PasswordHash = null);

        (await core.Get<PasswordCheck>().VerifyAsync(user, CoreFixture.Password, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Verify_PasswordChangedSinceTheCheckedHashWasRead_TheNewPasswordWins()
    {
        var pool = await core.AddPoolAsync();
        var user = await core.AddUserAsync(pool, "fay", u => u.PasswordHash = LegacyPbkdf2);
        var changed = await core.Get<PasswordHasher>().HashAsync("Changed-Pass-2", Ct);
        await core.Get<UserDirectory>().UpdateAsync(await core.ReloadAsync(user), u => u.PasswordHash = changed, Ct);

        // user still holds the PBKDF2 hash read before the change.
        (await core.Get<PasswordCheck>().VerifyAsync(user, CoreFixture.Password, Ct)).ShouldNotBeNull();

        (await core.ReloadAsync(user)).PasswordHash.ShouldBe(changed);
    }

    [Fact]
    public async Task SignIn_UserWithPbkdf2Hash_SignsInAndLeavesArgon2id()
    {
        var pool = await core.AddPoolAsync();
        var client = await core.AddClientAsync(pool, new Tessera.Core.Clients.AppClientSettings { ExplicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH"] });
        var user = await core.AddUserAsync(pool, "gus", u => u.PasswordHash = LegacyPbkdf2);

        var step = await core.Get<SignInFlow>().PasswordAsync(new SignInContext(pool, client, SignInChannel.Api), "gus", CoreFixture.Password, null, Ct);

        step.User!.Id.ShouldBe(user.Id);
        (await core.ReloadAsync(user)).PasswordHash.ShouldStartWith("$argon2id$");
    }

    [Fact]
    public void EnsureSignInAllowed_PasswordSignInDisabled_ThrowsNotAuthorized_ElseKeepsTheUser()
    {
        var user = new User { PoolId = "p", Username = "hal", NormalizedUsername = "hal" };
        PasswordCheck.EnsureSignInAllowed(user).ShouldBeSameAs(user);

        user.PasswordSignInDisabled = true;
        var refused = Should.Throw<CognitoException>(() => PasswordCheck.EnsureSignInAllowed(user));

        refused.Code.ShouldBe("NotAuthorizedException");
        refused.Message.ShouldBe("Password sign-in is disabled for this user.");
    }

    private static async Task<string> HashWithAsync(int memoryKiB)
    {
        using var other = new PasswordHasher(new PasswordHashingOptions { MemoryKiB = memoryKiB, Passes = 1 }, TimeProvider.System);
        return await other.HashAsync(CoreFixture.Password, CancellationToken.None);
    }
}
