// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Time.Testing;
using Tessera.Core.Clients;
using Tessera.Core.OAuth;

namespace Tessera.Core.Tests.OAuth;

public sealed class OAuthLookupCacheTests
{
    private readonly FakeTimeProvider time = new();
    private int loads;

    private OAuthLookupCache Cache() => new(time);

    private Func<CancellationToken, Task<AppClient?>> Load(string poolId = "us-east-1_Pool1", Action? during = null) => _ =>
    {
        loads++;
        during?.Invoke();
        return Task.FromResult<AppClient?>(new AppClient { ClientId = "c1", PoolId = poolId, ClientName = $"load {loads}" });
    };

    [Fact]
    public async Task Client_WithinLifetime_IsLoadedOnce_AndAgainAfterIt()
    {
        var cache = Cache();
        (await cache.ClientAsync("c1", Load(), CancellationToken.None))!.ClientName.ShouldBe("load 1");
        time.Advance(OAuthLookupCache.Lifetime - TimeSpan.FromMilliseconds(1));
        (await cache.ClientAsync("c1", Load(), CancellationToken.None))!.ClientName.ShouldBe("load 1");
        time.Advance(TimeSpan.FromMilliseconds(1));
        (await cache.ClientAsync("c1", Load(), CancellationToken.None))!.ClientName.ShouldBe("load 2");
    }

    [Fact]
    public async Task ForgetClient_TheNextLookupLoadsAgain()
    {
        var cache = Cache();
        await cache.ClientAsync("c1", Load(), CancellationToken.None);
        cache.ForgetClient("c1");
        (await cache.ClientAsync("c1", Load(), CancellationToken.None))!.ClientName.ShouldBe("load 2");
    }

    [Fact]
    public async Task AWriteDuringALoad_TheLoadedValueIsNotKept()
    {
        var cache = Cache();
        // The write commits (and forgets) while the lookup is reading what may be the old row.
        (await cache.ClientAsync("c1", Load(during: () => cache.ForgetClient("c1")), CancellationToken.None))!.ClientName.ShouldBe("load 1");
        (await cache.ClientAsync("c1", Load(), CancellationToken.None))!.ClientName.ShouldBe("load 2");
    }

    [Fact]
    public async Task Absent_IsNotCached()
    {
        var cache = Cache();
        (await cache.ClientAsync("nope", _ => { loads++; return Task.FromResult<AppClient?>(null); }, CancellationToken.None)).ShouldBeNull();
        (await cache.ClientAsync("nope", _ => { loads++; return Task.FromResult<AppClient?>(null); }, CancellationToken.None)).ShouldBeNull();
        loads.ShouldBe(2);
    }

    [Fact]
    public async Task ForgetPool_ForgetsItsClientsOnly()
    {
        var cache = Cache();
        await cache.ClientAsync("c1", Load("us-east-1_Pool1"), CancellationToken.None);
        await cache.ClientAsync("c2", Load("us-east-1_Pool2"), CancellationToken.None);
        cache.ForgetPool("us-east-1_Pool1");
        (await cache.ClientAsync("c1", Load(), CancellationToken.None))!.ClientName.ShouldBe("load 3");
        (await cache.ClientAsync("c2", Load(), CancellationToken.None))!.ClientName.ShouldBe("load 2");
    }

    [Fact]
    public async Task Clear_ForgetsEverything_AndAValueLoadingMeanwhileIsNotKept()
    {
        var cache = Cache();
        await cache.ClientAsync("c1", Load("us-east-1_Pool1"), CancellationToken.None);
        await cache.PoolAsync("us-east-1_Pool1", _ => Task.FromResult<Tessera.Core.Pools.UserPool?>(new Tessera.Core.Pools.UserPool { Id = "us-east-1_Pool1", Name = "before" }), CancellationToken.None);

        (await cache.ClientAsync("c2", Load(during: cache.Clear), CancellationToken.None)).ShouldNotBeNull();

        (await cache.ClientAsync("c1", Load(), CancellationToken.None))!.ClientName.ShouldBe("load 3");
        (await cache.ClientAsync("c2", Load(), CancellationToken.None))!.ClientName.ShouldBe("load 4");
        (await cache.PoolAsync("us-east-1_Pool1", _ => Task.FromResult<Tessera.Core.Pools.UserPool?>(new Tessera.Core.Pools.UserPool { Id = "us-east-1_Pool1", Name = "after" }), CancellationToken.None))!.Name.ShouldBe("after");
    }

    [Fact]
    public async Task ForgetAsync_ForgetsHere_AndTellsTheOtherNodes()
    {
        var peers = new RecordingPeers();
        var cache = new OAuthLookupCache(time, peers);
        await cache.ClientAsync("c1", Load(), CancellationToken.None);

        await cache.ForgetAsync(new CacheEntry(CacheEntryKind.Client, "c1"), CancellationToken.None);

        peers.Published.ShouldBe([new CacheEntry(CacheEntryKind.Client, "c1")]);
        (await cache.ClientAsync("c1", Load(), CancellationToken.None))!.ClientName.ShouldBe("load 2");
    }

    [Fact]
    public async Task NotListening_EveryLookupLoads_AndNothingIsKeptForLater()
    {
        var peers = new RecordingPeers { Listening = false };
        var cache = new OAuthLookupCache(time, peers);
        await cache.ClientAsync("c1", Load(), CancellationToken.None);
        (await cache.ClientAsync("c1", Load(), CancellationToken.None))!.ClientName.ShouldBe("load 2");

        peers.Listening = true;

        (await cache.ClientAsync("c1", Load(), CancellationToken.None))!.ClientName.ShouldBe("load 3");
        (await cache.ClientAsync("c1", Load(), CancellationToken.None))!.ClientName.ShouldBe("load 3");
    }

    [Theory]
    [InlineData(CacheEntryKind.Client, "c1", "c1")]
    [InlineData(CacheEntryKind.Pool, "us-east-1_Pool1", "c1")]
    [InlineData(CacheEntryKind.All, "", "c1")]
    public async Task Forget_AnotherNodesNotice_ForgetsWhatItNames(CacheEntryKind kind, string key, string forgotten)
    {
        var cache = Cache();
        await cache.ClientAsync("c1", Load("us-east-1_Pool1"), CancellationToken.None);
        CacheEntry.TryParse(new CacheEntry(kind, key).ToString(), out var heard).ShouldBeTrue();

        cache.Forget(heard);

        (await cache.ClientAsync(forgotten, Load(), CancellationToken.None))!.ClientName.ShouldBe("load 2");
    }

    [Theory]
    [InlineData("")]
    [InlineData("Client")]
    [InlineData("Unknown:c1")]
    [InlineData("42:c1")]
    public void CacheEntry_TryParse_SomethingElse_IsFalse(string text) => CacheEntry.TryParse(text, out _).ShouldBeFalse();

    private sealed class RecordingPeers : ICacheInvalidation
    {
        public bool Listening { get; set; } = true;

        public List<CacheEntry> Published { get; } = [];

        public ValueTask PublishAsync(CacheEntry entry, CancellationToken cancellationToken)
        {
            Published.Add(entry);
            return ValueTask.CompletedTask;
        }
    }
}
