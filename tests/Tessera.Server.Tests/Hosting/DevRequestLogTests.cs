// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tessera.Server.Hosting;

namespace Tessera.Server.Tests.Hosting;

/// <summary>
/// start-dev's request log sums the shed requests (TooManyRequestsException) into one line per operation a second after the
/// first of a burst: a flood of sheds must not cost a formatted line each (issue 17, G5a).
/// </summary>
public sealed class DevRequestLogTests
{
    private const string InitiateAuth = "AWSCognitoIdentityProviderService.InitiateAuth";
    private readonly FakeTimeProvider time = new();
    private readonly Lines log = new();

    [Fact]
    public void Count_ABurstOfSheds_IsOneLinePerOperationAfterThePeriod()
    {
        using var tally = new DevRequestLog.ShedTally(log, time);
        for (var i = 0; i < 1000; i++)
        {
            tally.Count(InitiateAuth, 429);
        }

        tally.Count("AWSCognitoIdentityProviderService.SignUp", 429);
        log.Written.ShouldBeEmpty();

        time.Advance(DevRequestLog.ShedTally.Period);

        log.Written.Order().ShouldBe([
            "cognito-idp InitiateAuth → 429 TooManyRequestsException × 1000 in the last 1 s (shed requests are summed, not logged one by one)",
            "cognito-idp SignUp → 429 TooManyRequestsException × 1 in the last 1 s (shed requests are summed, not logged one by one)",
        ]);
    }

    [Fact]
    public void Count_AfterALine_StartsTheNextPeriodAndQuietPeriodsWriteNothing()
    {
        using var tally = new DevRequestLog.ShedTally(log, time);
        tally.Count(InitiateAuth, 429);
        time.Advance(DevRequestLog.ShedTally.Period);
        time.Advance(DevRequestLog.ShedTally.Period * 5);
        log.Written.Count.ShouldBe(1);

        tally.Count(InitiateAuth, 429);
        tally.Count(InitiateAuth, 429);
        time.Advance(DevRequestLog.ShedTally.Period);

        log.Written.Count.ShouldBe(2);
        log.Written[1].ShouldStartWith("cognito-idp InitiateAuth → 429 TooManyRequestsException × 2 ");
    }

    [Fact]
    public void Dispose_WritesWhatWasCountedSinceTheLastLine()
    {
        var tally = new DevRequestLog.ShedTally(log, time);
        tally.Count(InitiateAuth, 429);

        tally.Dispose();

        log.Written.ShouldHaveSingleItem().ShouldStartWith("cognito-idp InitiateAuth → 429 TooManyRequestsException × 1 ");
    }

    private sealed class Lines : ILogger
    {
        public List<string> Written { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Written)
            {
                Written.Add(formatter(state, exception));
            }
        }
    }
}
