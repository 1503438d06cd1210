// SPDX-License-Identifier: Apache-2.0
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Tessera.Core.Security;

/// <summary>Per-address, per-app-client and per-user-pool request rates for the sign-in operations and <c>/oauth2/token</c>.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Whether the limits apply. Default: on with <c>start</c>, off with <c>start-dev</c> (a test suite's bursts are not attacks).</summary>
    public bool? Enabled { get; set; }

    /// <summary>Sustained requests per second from one client address. Default 20.</summary>
    [Range(0.01, 1_000_000)]
    public double PerAddressPerSecond { get; set; } = 20;

    /// <summary>Requests one client address may make at once above the sustained rate. Default 100.</summary>
    [Range(1, 1_000_000)]
    public int PerAddressBurst { get; set; } = 100;

    /// <summary>Sustained requests per second for one app client, from every address together. Default 120, Cognito's default UserAuthentication quota.</summary>
    [Range(0.01, 1_000_000)]
    public double PerClientPerSecond { get; set; } = 120;

    /// <summary>Requests one app client may make at once above the sustained rate. Default 240.</summary>
    [Range(1, 1_000_000)]
    public int PerClientBurst { get; set; } = 240;

    /// <summary>
    /// Sustained requests per second for one user pool, from all its app clients and administrative calls together.
    /// Default 120: Cognito's default UserAuthentication quota, which AWS applies to all of an account's pools in a Region.
    /// </summary>
    [Range(0.01, 1_000_000)]
    public double PerPoolPerSecond { get; set; } = 120;

    /// <summary>Requests one user pool may take at once above the sustained rate. Default 240.</summary>
    [Range(1, 1_000_000)]
    public int PerPoolBurst { get; set; } = 240;
}

/// <summary>What a limit guards; each has its own buckets, so a flood of one does not starve the other.</summary>
public enum RateLimitedOperation
{
    /// <summary>The Cognito API's sign-in, sign-up, confirmation and recovery operations.</summary>
    Authentication,

    /// <summary><c>POST /oauth2/token</c>.</summary>
    Token,
}

/// <summary>
/// Token buckets per client address, per app client and per user pool, in this node's memory: a request takes one permit
/// from each bucket it names, and is refused (TooManyRequestsException, or HTTP 429 at <c>/oauth2/token</c>) when one is
/// empty. The address bucket spares administrative calls (one back end signing in every user); the client bucket counts
/// every address; the pool bucket counts every client and administrative call of the pool, so one busy pool cannot take
/// a node's whole capacity from the others (in the spirit of Cognito's quotas). Limits are per node: behind a load balancer with N nodes a caller gets up to N times them
/// (docs/production.md, "Rate limits").
/// </summary>
public sealed class RequestRateLimiter(IOptions<RateLimitOptions> options, TimeProvider time)
{
    /// <summary>Buckets kept before the full (idle) ones are swept away, so spoofed addresses cannot grow memory without bound.</summary>
    internal const int SweepAbove = 50_000;

    private readonly ConcurrentDictionary<(RateLimitedOperation, Scope, string), Bucket> buckets = new();

    private enum Scope
    {
        Address,
        Client,
        Pool,
    }

    internal int Count => buckets.Count;

    /// <summary>
    /// Takes one permit for <paramref name="address"/> (null: not limited by address), <paramref name="clientId"/>
    /// (null: not limited by client) and <paramref name="poolId"/> (null: not limited by pool). Returns null when allowed,
    /// else how long until a permit is free.
    /// </summary>
    public TimeSpan? TryAcquire(RateLimitedOperation operation, string? address, string? clientId, string? poolId = null)
    {
        var settings = options.Value;
        if (settings.Enabled != true)
        {
            return null;
        }

        var now = time.GetTimestamp();
        if (address is not null && Take((operation, Scope.Address, address), settings.PerAddressPerSecond, settings.PerAddressBurst, now) is { } addressWait)
        {
            return addressWait;
        }

        if (clientId is not null && Take((operation, Scope.Client, clientId), settings.PerClientPerSecond, settings.PerClientBurst, now) is { } clientWait)
        {
            return clientWait;
        }

        return poolId is not null ? Take((operation, Scope.Pool, poolId), settings.PerPoolPerSecond, settings.PerPoolBurst, now) : null;
    }

    /// <summary>Whether the limits apply, so a caller looks up what only they need (the pool of an app client) only then.</summary>
    public bool Enabled => options.Value.Enabled == true;

    private TimeSpan? Take((RateLimitedOperation, Scope, string) key, double rate, int burst, long now)
    {
        if (!buckets.TryGetValue(key, out var bucket))
        {
            if (buckets.Count >= SweepAbove)
            {
                Sweep(options.Value, now);
            }

            bucket = buckets.GetOrAdd(key, _ => new Bucket(burst, now));
        }

        lock (bucket)
        {
            bucket.Tokens = Math.Min(burst, bucket.Tokens + (time.GetElapsedTime(bucket.Stamp, now).TotalSeconds * rate));
            bucket.Stamp = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return null;
            }

            return TimeSpan.FromSeconds((1 - bucket.Tokens) / rate);
        }
    }

    /// <summary>Forgets the buckets idle long enough to have refilled: forgetting one changes nothing for its caller.</summary>
    private void Sweep(RateLimitOptions settings, long now)
    {
        var refill = TimeSpan.FromSeconds(Math.Max(
            settings.PerAddressBurst / settings.PerAddressPerSecond,
            Math.Max(settings.PerClientBurst / settings.PerClientPerSecond, settings.PerPoolBurst / settings.PerPoolPerSecond)));
        foreach (var (key, bucket) in buckets)
        {
            lock (bucket)
            {
                if (time.GetElapsedTime(bucket.Stamp, now) >= refill)
                {
                    buckets.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;

        public long Stamp { get; set; } = stamp;
    }
}
