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

    [Fact]
    public async Task RotateAsync_AfterTheLead_SignsWithTheKeyPublishedAheadAndKeepsPublishingTheOld()
    {
        var oldAccess = await SigningKidAsync(SigningKeyPurpose.Access);
        var oldId = await SigningKidAsync(SigningKeyPurpose.Id);
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
        core.Time.Advance(TimeSpan.FromMinutes(1));

        await Should.ThrowAsync<SigningKeyRotationException>(() => core.Get<KeyRing>().RotateAsync(pool.Id, Ct));

        (await SigningKidAsync(SigningKeyPurpose.Access)).ShouldBe(access);
        (await PublishedAsync()).Length.ShouldBe(4);
    }

    [Fact]
    public async Task VerificationKeysAsync_RetiredKeyPastItsTokens_IsNoLongerPublishedAndGoesAtTheNextRotation()
    {
        var oldAccess = await SigningKidAsync(SigningKeyPurpose.Access);
        core.Time.Advance(TimeSpan.FromHours(1));
        await core.Get<KeyRing>().RotateAsync(pool.Id, Ct);

        core.Time.Advance(SigningKeyRotation.RetiredKeyLifetime);
        (await PublishedAsync()).ShouldNotContain(oldAccess);
        var plan = await core.Get<KeyRing>().RotateAsync(pool.Id, Ct);

        plan.Removed.Select(k => k.Kid).ShouldContain(oldAccess);
        (await core.Get<ISigningKeyStore>().ListAsync(pool.Id, Ct)).Count.ShouldBe(6);
    }
}
