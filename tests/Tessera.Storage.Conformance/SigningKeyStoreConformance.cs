// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Tokens;

namespace Tessera.Storage.Conformance;

/// <summary>ISigningKeyStore behaviour every provider must show.</summary>
public abstract class SigningKeyStoreConformance<TDatabase>(TDatabase database) : StoreConformance<TDatabase>(database)
    where TDatabase : StoreDatabase
{
    private static SigningKey NewKey(string poolId, SigningKeyPurpose purpose, SigningKeyStatus status) => new()
    {
        Kid = Guid.NewGuid().ToString("N"),
        PoolId = poolId,
        Purpose = purpose,
        Status = status,
        PrivateKeyCiphertext = Guid.NewGuid().ToByteArray(),
        CreatedAt = Now,
    };

    [Fact]
    public async Task AddAsync_ThenListAsync_ReturnsThePoolsKeys()
    {
        var pool = await AddPoolAsync();
        var other = await AddPoolAsync();
        var id = NewKey(pool.Id, SigningKeyPurpose.Id, SigningKeyStatus.Active);
        var access = NewKey(pool.Id, SigningKeyPurpose.Access, SigningKeyStatus.Next);
        await WithAsync<ISigningKeyStore>(async s =>
        {
            await s.AddAsync(id, Ct);
            await s.AddAsync(access, Ct);
            await s.AddAsync(NewKey(other.Id, SigningKeyPurpose.Id, SigningKeyStatus.Active), Ct);
        });

        var keys = await WithAsync<ISigningKeyStore, IReadOnlyList<SigningKey>>(s => s.ListAsync(pool.Id, Ct));

        keys.Select(k => k.Kid).ShouldBe([id.Kid, access.Kid], ignoreOrder: true);
        var stored = keys.Single(k => k.Kid == access.Kid);
        stored.Purpose.ShouldBe(SigningKeyPurpose.Access);
        stored.Status.ShouldBe(SigningKeyStatus.Next);
        stored.PrivateKeyCiphertext.ShouldBe(access.PrivateKeyCiphertext);
        stored.CreatedAt.ShouldBe(Now);
    }

    [Fact]
    public async Task ApplyAsync_OneRotation_UpdatesAddsAndRemovesTogether()
    {
        var pool = await AddPoolAsync();
        var active = NewKey(pool.Id, SigningKeyPurpose.Id, SigningKeyStatus.Active);
        var expired = NewKey(pool.Id, SigningKeyPurpose.Id, SigningKeyStatus.Retired);
        await WithAsync<ISigningKeyStore>(async s =>
        {
            await s.AddAsync(active, Ct);
            await s.AddAsync(expired, Ct);
        });
        active.Status = SigningKeyStatus.Retired;
        active.RetiredAt = Now;
        var next = NewKey(pool.Id, SigningKeyPurpose.Id, SigningKeyStatus.Next);

        await WithAsync<ISigningKeyStore>(s => s.ApplyAsync(new RotationPlan([active], [next], [expired]), Ct));

        var keys = await WithAsync<ISigningKeyStore, IReadOnlyList<SigningKey>>(s => s.ListAsync(pool.Id, Ct));
        keys.Select(k => k.Kid).ShouldBe([active.Kid, next.Kid], ignoreOrder: true);
        var retired = keys.Single(k => k.Kid == active.Kid);
        retired.Status.ShouldBe(SigningKeyStatus.Retired);
        retired.RetiredAt.ShouldBe(Now);
        keys.Single(k => k.Kid == next.Kid).RetiredAt.ShouldBeNull();
    }

    [Fact]
    public async Task ListAsync_PoolWithoutKeys_IsEmpty()
        => (await WithAsync<ISigningKeyStore, IReadOnlyList<SigningKey>>(s => s.ListAsync(NewPoolId(), Ct))).ShouldBeEmpty();
}
