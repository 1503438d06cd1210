// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Federation;

namespace Tessera.Storage.Conformance;

/// <summary>The SAML assertion replay record every provider must keep: one use per assertion, on whichever node, until it expires.</summary>
public abstract class SamlAssertionUseConformance<TDatabase>(TDatabase database) : StoreConformance<TDatabase>(database)
    where TDatabase : StoreDatabase
{
    private static SamlAssertionUse Use(string poolId, byte hash, DateTimeOffset expiresAt)
        => new() { PoolId = poolId, AssertionHash = Enumerable.Repeat(hash, 32).ToArray(), ExpiresAt = expiresAt };

    [Fact]
    public async Task TryRecordAssertionAsync_SameAssertionTwice_FalseTheSecondTime()
    {
        var pool = await AddPoolAsync();
        var other = await AddPoolAsync();

        (await WithAsync<IIdentityProviderStore, bool>(s => s.TryRecordAssertionAsync(Use(pool.Id, 1, Now.AddMinutes(5)), Now, Ct))).ShouldBeTrue();
        (await WithAsync<IIdentityProviderStore, bool>(s => s.TryRecordAssertionAsync(Use(pool.Id, 1, Now.AddMinutes(5)), Now, Ct))).ShouldBeFalse();
        (await WithAsync<IIdentityProviderStore, bool>(s => s.TryRecordAssertionAsync(Use(other.Id, 1, Now.AddMinutes(5)), Now, Ct))).ShouldBeTrue();
    }

    [Fact]
    public async Task TryRecordAssertionAsync_Concurrently_ExactlyOneWins()
    {
        var pool = await AddPoolAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            WithAsync<IIdentityProviderStore, bool>(s => s.TryRecordAssertionAsync(Use(pool.Id, 2, Now.AddMinutes(5)), Now, Ct)))));

        results.Count(r => r).ShouldBe(1);
    }

    [Fact]
    public async Task TryRecordAssertionAsync_ExpiredRecords_AreForgotten()
    {
        var pool = await AddPoolAsync();
        await WithAsync<IIdentityProviderStore>(s => s.TryRecordAssertionAsync(Use(pool.Id, 3, Now.AddMinutes(5)), Now, Ct));

        // Ten minutes on, the first record has expired: recording another assertion purges it.
        (await WithAsync<IIdentityProviderStore, bool>(s => s.TryRecordAssertionAsync(Use(pool.Id, 4, Now.AddMinutes(15)), Now.AddMinutes(10), Ct))).ShouldBeTrue();
        (await WithAsync<IIdentityProviderStore, bool>(s => s.TryRecordAssertionAsync(Use(pool.Id, 3, Now.AddMinutes(15)), Now.AddMinutes(10), Ct))).ShouldBeTrue();
    }
}
