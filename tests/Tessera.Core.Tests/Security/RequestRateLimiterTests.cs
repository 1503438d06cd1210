// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tessera.Core.Security;

namespace Tessera.Core.Tests.Security;

/// <summary>The per-address and per-client token buckets in front of sign-in and /oauth2/token.</summary>
public sealed class RequestRateLimiterTests
{
    private readonly FakeTimeProvider time = new();

    private RequestRateLimiter Limiter(bool? enabled = true) => new(Options.Create(new RateLimitOptions
    {
        Enabled = enabled,
        PerAddressPerSecond = 2,
        PerAddressBurst = 5,
        PerClientPerSecond = 10,
        PerClientBurst = 8,
        PerPoolPerSecond = 4,
        PerPoolBurst = 12,
    }), time);

    private static int Allowed(RequestRateLimiter limiter, int attempts, string? address, string? client, RateLimitedOperation operation = RateLimitedOperation.Authentication)
        => Enumerable.Range(0, attempts).Count(_ => limiter.TryAcquire(operation, address, client) is null);

    [Fact]
    public void TryAcquire_OneAddressBeyondItsBurst_IsRefusedSayingWhenToRetry()
    {
        var limiter = Limiter();

        Allowed(limiter, 5, "203.0.113.7", null).ShouldBe(5);
        var wait = limiter.TryAcquire(RateLimitedOperation.Authentication, "203.0.113.7", null);

        wait.ShouldBe(TimeSpan.FromSeconds(0.5));
        limiter.TryAcquire(RateLimitedOperation.Authentication, "198.51.100.1", null).ShouldBeNull();
    }

    [Fact]
    public void TryAcquire_AfterTheRefill_IsAllowedAtTheSustainedRate()
    {
        var limiter = Limiter();
        Allowed(limiter, 5, "203.0.113.7", null);

        time.Advance(TimeSpan.FromSeconds(1));

        Allowed(limiter, 5, "203.0.113.7", null).ShouldBe(2);
    }

    [Fact]
    public void TryAcquire_OneClientFromManyAddresses_IsLimitedByTheClientBucket()
    {
        var limiter = Limiter();

        var allowed = Enumerable.Range(0, 20).Count(i => limiter.TryAcquire(RateLimitedOperation.Authentication, $"203.0.113.{i}", "client-a") is null);

        allowed.ShouldBe(8);
        limiter.TryAcquire(RateLimitedOperation.Authentication, "203.0.113.99", "client-b").ShouldBeNull();
    }

    [Fact]
    public void TryAcquire_AdministrativeCallWithoutAddress_CountsOnlyTheClient()
    {
        var limiter = Limiter();

        Allowed(limiter, 20, null, "client-a").ShouldBe(8);
    }

    [Fact]
    public void TryAcquire_TokenAndAuthentication_HaveTheirOwnBuckets()
    {
        var limiter = Limiter();
        Allowed(limiter, 5, "203.0.113.7", null, RateLimitedOperation.Token);

        limiter.TryAcquire(RateLimitedOperation.Authentication, "203.0.113.7", null).ShouldBeNull();
    }

    [Fact]
    public void TryAcquire_OnePoolFromManyClients_IsLimitedByThePoolBucketAndOtherPoolsGoOn()
    {
        var limiter = Limiter();

        var allowed = Enumerable.Range(0, 30).Count(i => limiter.TryAcquire(RateLimitedOperation.Authentication, null, $"client-{i % 6}", "us-east-1_PoolA") is null);
        var wait = limiter.TryAcquire(RateLimitedOperation.Authentication, null, "client-new", "us-east-1_PoolA");

        allowed.ShouldBe(12);
        wait.ShouldBe(TimeSpan.FromSeconds(0.25));
        limiter.TryAcquire(RateLimitedOperation.Authentication, null, "client-b", "us-east-1_PoolB").ShouldBeNull();
    }

    [Fact]
    public void TryAcquire_PoolAfterTheRefill_IsAllowedAtItsSustainedRate()
    {
        var limiter = Limiter();
        Enumerable.Range(0, 12).Count(i => limiter.TryAcquire(RateLimitedOperation.Token, null, $"client-{i}", "us-east-1_PoolA") is null).ShouldBe(12);

        time.Advance(TimeSpan.FromSeconds(1));

        Enumerable.Range(0, 10).Count(i => limiter.TryAcquire(RateLimitedOperation.Token, null, $"client-{i}", "us-east-1_PoolA") is null).ShouldBe(4);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public void TryAcquire_Disabled_AllowsEverything(bool? enabled)
        => Allowed(Limiter(enabled), 100, "203.0.113.7", "client-a").ShouldBe(100);

    [Fact]
    public void TryAcquire_ManyAddresses_IdleBucketsAreSweptAway()
    {
        var limiter = Limiter();
        for (var i = 0; i < RequestRateLimiter.SweepAbove; i++)
        {
            limiter.TryAcquire(RateLimitedOperation.Token, $"a{i}", null);
        }

        time.Advance(TimeSpan.FromSeconds(3));
        limiter.TryAcquire(RateLimitedOperation.Token, "newcomer", null).ShouldBeNull();

        limiter.Count.ShouldBe(1);
    }
}
