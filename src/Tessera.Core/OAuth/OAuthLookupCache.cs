// SPDX-License-Identifier: Apache-2.0
using System.Collections.Concurrent;
using System.Collections.Frozen;
using Tessera.Core.Clients;
using Tessera.Core.Diagnostics;
using Tessera.Core.HostedUi;
using Tessera.Core.Pools;
using Tessera.Core.Snapshots;
using Tessera.Core.Tokens;

namespace Tessera.Core.OAuth;

/// <summary>
/// Process-local copies of what every <c>/oauth2/token</c> and InitiateAuth request reads and administrators rarely
/// change: user pools, user-pool domains, app clients and each pool's custom scopes. Without them a client_credentials
/// grant spent more CPU in three EF Core queries than in its RSA signature (PERFORMANCE.md G3), and a refresh two of
/// its five queries on the pool and the client (G4).
/// DESIGN.md §3: short-lived and safe to lose. The stores call the <c>Forget…Async</c> methods after every write: this
/// node forgets at once and <see cref="ICacheInvalidation"/> tells the other nodes sharing the store, which forget within
/// milliseconds (PostgreSQL LISTEN/NOTIFY; why not a version row or no cache: docs/production.md). While a node cannot hear
/// the others, it serves nothing from here. Absent entries are not cached, so unknown names cannot fill the cache.
/// Entries are shared between requests: never mutate one. A signing-key rotation travels the same way and empties the
/// pool's entry in <see cref="SigningKeyCache"/>.
/// </summary>
public sealed class OAuthLookupCache(TimeProvider time, ICacheInvalidation? peers = null, SigningKeyCache? signingKeys = null) : IStoreCache
{
    /// <summary>The longest an entry is kept, even if no forget arrives (one lost with a node that died between its write and its notice).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private readonly ICacheInvalidation peers = peers ?? ICacheInvalidation.SingleNode;

    private readonly ConcurrentDictionary<string, Entry<UserPool>> pools = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<UserPoolDomain>> domains = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<AppClient>> clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<FrozenSet<string>>> scopes = new(StringComparer.Ordinal);

    // Bumped by every Forget: a value loaded while a write committed is returned but not kept.
    private long generation;

    public ValueTask<UserPool?> PoolAsync(string poolId, Func<CancellationToken, Task<UserPool?>> load, CancellationToken cancellationToken)
        => GetAsync(pools, "pools", poolId, load, cancellationToken);

    public ValueTask<UserPoolDomain?> DomainAsync(string domain, Func<CancellationToken, Task<UserPoolDomain?>> load, CancellationToken cancellationToken)
        => GetAsync(domains, "domains", domain, load, cancellationToken);

    public ValueTask<AppClient?> ClientAsync(string clientId, Func<CancellationToken, Task<AppClient?>> load, CancellationToken cancellationToken)
        => GetAsync(clients, "clients", clientId, load, cancellationToken);

    /// <summary>All <c>{identifier}/{scope}</c> names the pool's resource servers define.</summary>
    public ValueTask<FrozenSet<string>?> CustomScopesAsync(string poolId, Func<CancellationToken, Task<FrozenSet<string>?>> load, CancellationToken cancellationToken)
        => GetAsync(scopes, "scopes", poolId, load, cancellationToken);

    /// <summary>Forgets <paramref name="entry"/> here, then tells every other node to.</summary>
    public ValueTask ForgetAsync(CacheEntry entry, CancellationToken cancellationToken)
    {
        Forget(entry);
        return peers.PublishAsync(entry, cancellationToken);
    }

    /// <summary>Forgets <paramref name="entry"/> on this node only (another node's notice).</summary>
    public void Forget(CacheEntry entry)
    {
        switch (entry.Kind)
        {
            case CacheEntryKind.PoolSettings:
                ForgetPoolSettings(entry.Key);
                break;
            case CacheEntryKind.Pool:
                ForgetPool(entry.Key);
                break;
            case CacheEntryKind.Domain:
                ForgetDomain(entry.Key);
                break;
            case CacheEntryKind.Client:
                ForgetClient(entry.Key);
                break;
            case CacheEntryKind.CustomScopes:
                ForgetCustomScopes(entry.Key);
                break;
            case CacheEntryKind.SigningKeys:
                signingKeys?.Forget(entry.Key);
                break;
            default:
                Clear();
                break;
        }
    }

    /// <summary>The pool's own settings changed (its clients, domains and scopes are forgotten by their own writes).</summary>
    public void ForgetPoolSettings(string poolId) => Forget(pools, poolId);

    public void ForgetDomain(string domain) => Forget(domains, domain);

    public void ForgetClient(string clientId) => Forget(clients, clientId);

    public void ForgetCustomScopes(string poolId) => Forget(scopes, poolId);

    /// <summary>A deleted pool takes its clients, domains and resource servers with it.</summary>
    public void ForgetPool(string poolId)
    {
        Interlocked.Increment(ref generation);
        foreach (var (id, entry) in clients)
        {
            if (entry.Value.PoolId == poolId)
            {
                clients.TryRemove(id, out _);
            }
        }

        foreach (var (name, entry) in domains)
        {
            if (entry.Value.PoolId == poolId)
            {
                domains.TryRemove(name, out _);
            }
        }

        scopes.TryRemove(poolId, out _);
        pools.TryRemove(poolId, out _);
    }

    /// <summary>The whole store was replaced (a reset or a restore): nothing cached before it may be returned after it.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref generation);
        pools.Clear();
        domains.Clear();
        clients.Clear();
        scopes.Clear();
        signingKeys?.Clear();
    }

    private async ValueTask<T?> GetAsync<T>(
        ConcurrentDictionary<string, Entry<T>> map, string name, string key, Func<CancellationToken, Task<T?>> load, CancellationToken cancellationToken)
        where T : class
    {
        var now = time.GetTimestamp();
        var listening = peers.Listening;
        if (listening && map.TryGetValue(key, out var cached) && time.GetElapsedTime(cached.LoadedAt, now) < Lifetime)
        {
            TesseraMetrics.CacheLookup(name, hit: true);
            return cached.Value;
        }

        TesseraMetrics.CacheLookup(name, hit: false);

        var before = Interlocked.Read(ref generation);
        var value = await load(cancellationToken).ConfigureAwait(false);
        if (value is null)
        {
            map.TryRemove(key, out _);
        }
        else if (listening && Interlocked.Read(ref generation) == before)
        {
            var entry = new Entry<T>(value, now);
            map[key] = entry;
            if (Interlocked.Read(ref generation) != before)
            {
                // A write committed between the check and the store: drop what may be its old value.
                map.TryRemove(KeyValuePair.Create(key, entry));
            }
        }

        return value;
    }

    private void Forget<T>(ConcurrentDictionary<string, Entry<T>> map, string key)
    {
        Interlocked.Increment(ref generation);
        map.TryRemove(key, out _);
    }

    private sealed record Entry<T>(T Value, long LoadedAt);
}
