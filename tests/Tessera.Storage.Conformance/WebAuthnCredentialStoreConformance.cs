// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth.Passkeys;
using Tessera.Core.Users;

namespace Tessera.Storage.Conformance;

/// <summary>IWebAuthnCredentialStore behaviour every provider must show.</summary>
public abstract class WebAuthnCredentialStoreConformance<TDatabase>(TDatabase database) : StoreConformance<TDatabase>(database)
    where TDatabase : StoreDatabase
{
    private static WebAuthnCredential NewCredential(User user, string id, DateTimeOffset createdAt) => new()
    {
        CredentialId = id,
        PoolId = user.PoolId,
        UserId = user.Id,
        PublicKey = [0xA5, 0x01, 0x02, 0x03, 0x26],
        SignCount = 7,
        Transports = ["internal", "hybrid"],
        Aaguid = Guid.Parse("01020304-0506-0708-090a-0b0c0d0e0f10"),
        FriendlyName = "Passkey",
        RelyingPartyId = "localhost",
        AuthenticatorAttachment = "platform",
        CreatedAt = createdAt,
    };

    [Fact]
    public async Task TryAddAsync_ThenFindAndList_RoundTrips_AndRefusesTheSameIdTwice()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "ada");
        var later = NewCredential(user, "later-" + Guid.NewGuid().ToString("N"), Now.AddMinutes(1));
        var first = NewCredential(user, "first-" + Guid.NewGuid().ToString("N"), Now);

        (await WithAsync<IWebAuthnCredentialStore, bool>(s => s.TryAddAsync(later, Ct))).ShouldBeTrue();
        (await WithAsync<IWebAuthnCredentialStore, bool>(s => s.TryAddAsync(first, Ct))).ShouldBeTrue();
        (await WithAsync<IWebAuthnCredentialStore, bool>(s => s.TryAddAsync(NewCredential(user, first.CredentialId, Now), Ct))).ShouldBeFalse();

        var found = await WithAsync<IWebAuthnCredentialStore, WebAuthnCredential?>(s => s.FindAsync(pool.Id, first.CredentialId, Ct));
        found.ShouldNotBeNull();
        found.UserId.ShouldBe(user.Id);
        found.PublicKey.ShouldBe(first.PublicKey);
        found.SignCount.ShouldBe(7);
        found.Transports.ShouldBe(["internal", "hybrid"]);
        found.Aaguid.ShouldBe(first.Aaguid);
        found.FriendlyName.ShouldBe("Passkey");
        found.RelyingPartyId.ShouldBe("localhost");
        found.AuthenticatorAttachment.ShouldBe("platform");
        found.CreatedAt.ShouldBe(Now);
        found.LastUsedAt.ShouldBeNull();

        var list = await WithAsync<IWebAuthnCredentialStore, IReadOnlyList<WebAuthnCredential>>(s => s.ListAsync(pool.Id, user.Id, Ct));
        list.Select(c => c.CredentialId).ShouldBe([first.CredentialId, later.CredentialId]);
        (await WithAsync<IWebAuthnCredentialStore, int>(s => s.CountAsync(pool.Id, user.Id, Ct))).ShouldBe(2);
    }

    [Fact]
    public async Task Credentials_AreScopedToThePoolAndTheUser()
    {
        var pool = await AddPoolAsync();
        var other = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "ada");
        var stranger = await AddUserAsync(pool.Id, "eve");
        var id = "scoped-" + Guid.NewGuid().ToString("N");
        await WithAsync<IWebAuthnCredentialStore>(s => s.TryAddAsync(NewCredential(user, id, Now), Ct));

        (await WithAsync<IWebAuthnCredentialStore, WebAuthnCredential?>(s => s.FindAsync(other.Id, id, Ct))).ShouldBeNull();
        (await WithAsync<IWebAuthnCredentialStore, int>(s => s.CountAsync(pool.Id, stranger.Id, Ct))).ShouldBe(0);
        (await WithAsync<IWebAuthnCredentialStore, bool>(s => s.DeleteAsync(pool.Id, stranger.Id, id, Ct))).ShouldBeFalse();
        (await WithAsync<IWebAuthnCredentialStore, bool>(s => s.DeleteAsync(pool.Id, user.Id, id, Ct))).ShouldBeTrue();
        (await WithAsync<IWebAuthnCredentialStore, bool>(s => s.DeleteAsync(pool.Id, user.Id, id, Ct))).ShouldBeFalse();
        (await WithAsync<IWebAuthnCredentialStore, WebAuthnCredential?>(s => s.FindAsync(pool.Id, id, Ct))).ShouldBeNull();
    }

    [Fact]
    public async Task TryRecordUseAsync_MovesTheCounterOnlyFromTheExpectedValue()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "ada");
        var id = "counter-" + Guid.NewGuid().ToString("N");
        await WithAsync<IWebAuthnCredentialStore>(s => s.TryAddAsync(NewCredential(user, id, Now), Ct));

        (await WithAsync<IWebAuthnCredentialStore, bool>(s => s.TryRecordUseAsync(pool.Id, id, 7, 8, Now.AddMinutes(5), Ct))).ShouldBeTrue();
        (await WithAsync<IWebAuthnCredentialStore, bool>(s => s.TryRecordUseAsync(pool.Id, id, 7, 9, Now.AddMinutes(6), Ct))).ShouldBeFalse();
        (await WithAsync<IWebAuthnCredentialStore, bool>(s => s.TryRecordUseAsync(pool.Id, "missing", 0, 1, Now, Ct))).ShouldBeFalse();

        var found = await WithAsync<IWebAuthnCredentialStore, WebAuthnCredential?>(s => s.FindAsync(pool.Id, id, Ct));
        found!.SignCount.ShouldBe(8);
        found.LastUsedAt.ShouldBe(Now.AddMinutes(5));
    }

    [Fact]
    public async Task DeletingTheUser_DeletesItsCredentials()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "ada");
        var id = "cascade-" + Guid.NewGuid().ToString("N");
        await WithAsync<IWebAuthnCredentialStore>(s => s.TryAddAsync(NewCredential(user, id, Now), Ct));

        await WithAsync<IUserStore>(s => s.DeleteAsync(user.PoolId, user.Id, Ct));

        (await WithAsync<IWebAuthnCredentialStore, WebAuthnCredential?>(s => s.FindAsync(pool.Id, id, Ct))).ShouldBeNull();
    }
}
