// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Pools;
using Tessera.Core.Tokens;

namespace Tessera.Core.Tests.Tokens;

/// <summary>A pool's keys through a rotation, over the real store: what signs and what the JWKS publishes.</summary>
public sealed class KeyRingTests : IAsyncLifetime
{
    private CoreFixture core = null!;
    private UserPool pool = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        core = await CoreFixture.CreateAsync();
        pool = await core.AddPoolAsync(signingKeys: true);
    }

    public async ValueTask DisposeAsync() => await core.DisposeAsync();

    private async Task<string> SigningKidAsync(SigningKeyPurpose purpose)
        => (await core.Get<KeyRing>().SigningCredentialsAsync(pool.Id, purpose, Ct)).Key.KeyId;

    private async Task<string[]> PublishedAsync()
        => [.. (await core.Get<KeyRing>().VerificationKeysAsync(pool.Id, Ct)).Select(k => k.KeyId)];

    /// <summary>The first rotation of a pool: it publishes the next keys and is refused.</summary>
    private async Task PublishNextKeysAsync()
        => (await Should.ThrowAsync<SigningKeyRotationException>(() => core.Get<KeyRing>().RotateAsync(pool.Id, Ct))).Message.ShouldContain("published now");

    [Fact]
    public async Task CreateKeysAsync_NewPool_StoresAndPublishesOnlyTheActiveIdAndAccessKeys()
    {
        var stored = await core.Get<ISigningKeyStore>().ListAsync(pool.Id, Ct);

        stored.Select(k => (k.Purpose, k.Status)).ShouldBe([(SigningKeyPurpose.Id, SigningKeyStatus.Active), (SigningKeyPurpose.Access, SigningKeyStatus.Active)], ignoreOrder: true);
        (await PublishedAsync()).ShouldBe([await SigningKidAsync(SigningKeyPurpose.Id), await SigningKidAsync(SigningKeyPurpose.Access)], ignoreOrder: true);
    }

    [Fact]
    public async Task RotateAsync_NewPool_PublishesTheNextKeysAndIsRefusedForTheLeadWithTheSameKeysSigning()
    {
        var access = await SigningKidAsync(SigningKeyPurpose.Access);
        var lead = new SigningKeyOptions().MinimumNextKeyAge;

        var refused = await Should.ThrowAsync<SigningKeyRotationException>(() => core.Get<KeyRing>().RotateAsync(pool.Id, Ct));

        refused.Wait.ShouldBe(lead);
        refused.Message.ShouldContain($"rotate again in {lead.TotalSeconds} s");
        (await SigningKidAsync(SigningKeyPurpose.Access)).ShouldBe(access);
        (await core.Get<ISigningKeyStore>().ListAsync(pool.Id, Ct)).Count(k => k.Status == SigningKeyStatus.Next).ShouldBe(2);
        (await PublishedAsync()).Length.ShouldBe(4);
        core.Time.Advance(lead - TimeSpan.FromSeconds(1));
        await Should.ThrowAsync<SigningKeyRotationException>(() => core.Get<KeyRing>().RotateAsync(pool.Id, Ct));
        (await core.Get<ISigningKeyStore>().ListAsync(pool.Id, Ct)).Count.ShouldBe(4);
    }

    [Fact]
    public async Task RotateAsync_AfterTheLead_SignsWithTheKeyPublishedAheadAndKeepsPublishingTheOld()
    {
        var oldAccess = await SigningKidAsync(SigningKeyPurpose.Access);
        var oldId = await SigningKidAsync(SigningKeyPurpose.Id);
        await PublishNextKeysAsync();
        var publishedBefore = await PublishedAsync();
        core.Time.Advance(new SigningKeyOptions().MinimumNextKeyAge);

        await core.Get<KeyRing>().RotateAsync(pool.Id, Ct);

        var newAccess = await SigningKidAsync(SigningKeyPurpose.Access);
        newAccess.ShouldNotBe(oldAccess);
        publishedBefore.ShouldContain(newAccess);
        publishedBefore.ShouldContain(await SigningKidAsync(SigningKeyPurpose.Id));
        var publishedAfter = await PublishedAsync();
        publishedAfter.ShouldContain(oldAccess);
        publishedAfter.ShouldContain(oldId);
        publishedAfter.Length.ShouldBe(6);
    }

    [Fact]
    public async Task RotateAsync_BeforeTheLead_IsRefusedAndTheSameKeysSign()
    {
        var access = await SigningKidAsync(SigningKeyPurpose.Access);
        await PublishNextKeysAsync();
        core.Time.Advance(TimeSpan.FromMinutes(1));

        await Should.ThrowAsync<SigningKeyRotationException>(() => core.Get<KeyRing>().RotateAsync(pool.Id, Ct));

        (await SigningKidAsync(SigningKeyPurpose.Access)).ShouldBe(access);
        (await PublishedAsync()).Length.ShouldBe(4);
    }

    [Fact]
    public async Task VerificationKeysAsync_RetiredKeyPastItsTokens_IsNoLongerPublishedAndGoesAtTheNextRotation()
    {
        var oldAccess = await SigningKidAsync(SigningKeyPurpose.Access);
        await PublishNextKeysAsync();
        core.Time.Advance(TimeSpan.FromHours(1));
        await core.Get<KeyRing>().RotateAsync(pool.Id, Ct);

        core.Time.Advance(SigningKeyRotation.RetiredKeyLifetime);
        (await PublishedAsync()).ShouldNotContain(oldAccess);
        var plan = await core.Get<KeyRing>().RotateAsync(pool.Id, Ct);

        plan.Removed.Select(k => k.Kid).ShouldContain(oldAccess);
        (await core.Get<ISigningKeyStore>().ListAsync(pool.Id, Ct)).Count.ShouldBe(6);
    }
}
