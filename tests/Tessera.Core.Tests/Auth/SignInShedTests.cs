// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Tessera.Core.Auth;
using Tessera.Core.Clients;
using Tessera.Core.Diagnostics;
using Tessera.Core.Errors;
using Tessera.Core.Security;

namespace Tessera.Core.Tests.Auth;

/// <summary>
/// A USER_PASSWORD_AUTH that the hash queue sheds is answered before the user is read or anything written (PERFORMANCE.md
/// G5c: shedding must cost no more than parsing). The queue is made full without real concurrency: one hash that takes
/// two minutes of the fake clock sets the predicted hash time over the one-minute budget, then every worker is held by
/// a hash that waits for the test. The database commands are counted through <c>tessera.store.duration</c>, which
/// records one per command, for the sign-in's own async flow only (other tests run in parallel).
/// </summary>
public sealed class SignInShedTests : IAsyncLifetime
{
    private static readonly AsyncLocal<StrongBox<int>?> Commands = new();
    private readonly MeterListener listener = new();
    private readonly ManualResetEventSlim release = new();
    private readonly List<Task<int>> held = [];
    private CoreFixture core = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        core = await CoreFixture.CreateAsync();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TesseraMetrics.MeterName && instrument.Name == "tessera.store.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, _, _, _) =>
        {
            if (Commands.Value is { } count)
            {
                Interlocked.Increment(ref count.Value);
            }
        });
        listener.Start();
    }

    public async ValueTask DisposeAsync()
    {
        release.Set();
        await Task.WhenAll(held);
        listener.Dispose();
        release.Dispose();
        await core.DisposeAsync();
    }

    /// <summary>Runs <paramref name="action"/> and counts the database commands it ran.</summary>
    private static async Task<int> CountCommandsAsync(Func<Task> action)
    {
        var count = new StrongBox<int>();
        Commands.Value = count;
        try
        {
            await action();
        }
        finally
        {
            Commands.Value = null;
        }

        return count.Value;
    }

    /// <summary>Fills the queue: a hash time of two minutes (the budget is one), and every worker busy.</summary>
    private async Task FillTheHashQueueAsync()
    {
        var workers = core.Get<PasswordHasher>().Workers;
        // The hash time is a moving average over about eight hashes (the new one weighs 1/8): this hash makes it two minutes.
        var took = workers.HashTime is { } average ? (TimeSpan.FromMinutes(2) * 8) - (average * 7) : TimeSpan.FromMinutes(2);
        await workers.RunAsync(() =>
        {
            core.Time.Advance(took);
            return 0;
        }, Ct);
        workers.HashTime.ShouldBe(TimeSpan.FromMinutes(2));
        for (var i = 0; i < 64 && workers.PredictedWait is null; i++)
        {
            held.Add(workers.RunAsync(() => release.Wait(TimeSpan.FromMinutes(1)) ? 1 : 0, Ct));
        }

        workers.PredictedWait.ShouldBe(TimeSpan.FromMinutes(2));
    }

    private async Task<SignInContext> ContextAsync(bool hidden)
    {
        var pool = await core.AddPoolAsync();
        var client = await core.AddClientAsync(pool, new AppClientSettings
        {
            ExplicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH"],
            PreventUserExistenceErrors = hidden ? "ENABLED" : "LEGACY",
        });
        return new SignInContext(pool, client, SignInChannel.Api);
    }

    [Fact]
    public async Task PasswordAsync_HashQueueFull_ShedsWithoutReadingOrWriting_ThenSignsInOnceItDrains()
    {
        var context = await ContextAsync(hidden: false);
        var alice = await core.AddUserAsync(context.Pool, "alice");
        var flow = core.Get<SignInFlow>();
        // The count sees a sign-in's commands: the same sign-in with a free queue reads and writes.
        (await CountCommandsAsync(() => flow.PasswordAsync(context, "alice", CoreFixture.Password, null, Ct))).ShouldBeGreaterThan(0);
        var before = await core.ReloadAsync(alice);
        await FillTheHashQueueAsync();

        CognitoException? shed = null;
        var commands = await CountCommandsAsync(async () =>
            shed = await Should.ThrowAsync<CognitoException>(() => flow.PasswordAsync(context, "alice", CoreFixture.Password, null, Ct)));

        shed!.Code.ShouldBe("TooManyRequestsException");
        shed.StatusCode.ShouldBe(429);
        commands.ShouldBe(0);
        var after = await core.ReloadAsync(alice);
        after.FailedSignInCount.ShouldBe(before.FailedSignInCount);
        after.Version.ShouldBe(before.Version);
        release.Set();
        (await Task.WhenAll(held)).ShouldAllBe(r => r == 1);
        (await flow.PasswordAsync(context, "alice", CoreFixture.Password, null, Ct)).User!.Id.ShouldBe(alice.Id);
    }

    [Fact]
    public async Task PasswordAsync_HashQueueFull_UnknownUserOfAClientThatHidesUsers_IsNotCounted()
    {
        var context = await ContextAsync(hidden: true);
        var flow = core.Get<SignInFlow>();
        await FillTheHashQueueAsync();

        // More sheds than the lockout allows: a counted guess of the unknown name would be a write, and would lock the name out.
        for (var i = 0; i < SignInThrottle.FreeAttempts + 1; i++)
        {
            var commands = await CountCommandsAsync(async () =>
                (await Should.ThrowAsync<CognitoException>(() => flow.PasswordAsync(context, "nobody", "Wrong-Pass-9", null, Ct))).Code.ShouldBe("TooManyRequestsException"));
            commands.ShouldBe(0);
        }
    }
    [Fact]
    public async Task InitiateOrRefuseAsync_HashQueueFull_AnswersTheShedAsARefusalWithoutThrowingReadingOrWriting()
    {
        var context = await ContextAsync(hidden: false);
        await core.AddUserAsync(context.Pool, "alice");
        var auth = core.Get<AuthService>();
        var request = PasswordRequest(context, new() { ["USERNAME"] = "alice", ["PASSWORD"] = CoreFixture.Password });
        await FillTheHashQueueAsync();
        // Fills the per-node cache of the client and the pool again (the fake clock has moved past its lifetime): what
        // is counted below is the sign-in's own reads and writes.
        var incomplete = PasswordRequest(context, new() { ["USERNAME"] = "alice" });
        (await Should.ThrowAsync<CognitoException>(() => auth.InitiateOrRefuseAsync(incomplete, Ct))).Code.ShouldBe("InvalidParameterException");

        AuthOutcome? outcome = null;
        var commands = await CountCommandsAsync(async () => outcome = await auth.InitiateOrRefuseAsync(request, Ct));

        var refusal = outcome!.Refusal.ShouldNotBeNull();
        refusal.Code.ShouldBe("TooManyRequestsException");
        refusal.StatusCode.ShouldBe(429);
        outcome.Tokens.ShouldBeNull();
        outcome.ChallengeName.ShouldBeNull();
        commands.ShouldBe(0);
        // The API that throws still throws the same error.
        (await Should.ThrowAsync<CognitoException>(() => auth.InitiateAsync(request, Ct))).Code.ShouldBe("TooManyRequestsException");
    }

    [Fact]
    public async Task InitiateOrRefuseAsync_HashQueueFull_AnInvalidRequestIsStillAnsweredWithWhatIsWrongWithIt()
    {
        var context = await ContextAsync(hidden: false);
        var auth = core.Get<AuthService>();
        await FillTheHashQueueAsync();

        // AWS validates a sign-in before anything else: a request that could never succeed is not told to retry.
        (await Should.ThrowAsync<CognitoException>(() => auth.InitiateOrRefuseAsync(PasswordRequest(context, new() { ["USERNAME"] = "alice" }), Ct)))
            .Message.ShouldBe("Missing required parameter PASSWORD");
        var unknownClient = PasswordRequest(context, new() { ["USERNAME"] = "alice", ["PASSWORD"] = CoreFixture.Password }) with { ClientId = "nosuchclient" };
        (await Should.ThrowAsync<CognitoException>(() => auth.InitiateOrRefuseAsync(unknownClient, Ct))).Code.ShouldBe("ResourceNotFoundException");
    }

    private static AuthRequest PasswordRequest(SignInContext context, Dictionary<string, string> parameters)
        => new("USER_PASSWORD_AUTH", context.Client.ClientId, parameters, null, null);
}
