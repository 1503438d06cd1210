// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;
using Tessera.Core.Errors;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Auth;

/// <summary>
/// Guesses whose check is still waiting (for a hash thread, here a gate the test opens): right ones are never refused
/// because of each other, wrong ones in parallel still cannot pass the limit.
/// </summary>
public sealed class SignInGuessTests : IAsyncLifetime
{
    private CoreFixture core = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => core = await CoreFixture.CreateAsync();

    public async ValueTask DisposeAsync() => await core.DisposeAsync();

    /// <summary>Starts one guess per scope whose check waits for <paramref name="gate"/>, then is right or wrong.</summary>
    private Task<string> GuessAsync(User user, Task<bool> gate) => Task.Run(async () =>
    {
        try
        {
            await core.Get<SignInThrottle>().GuessAsync(user, async counted => await gate ? counted : throw CognitoErrors.IncorrectCredentials(), Ct);
            return "ok";
        }
        catch (CognitoException e)
        {
            return e.Message;
        }
    });

    /// <summary>
    /// Until <paramref name="count"/> guesses are counted in the store and pending (a guess is pending a moment before
    /// its count is written, and one that loses the race to write stops being pending).
    /// </summary>
    private async Task WaitForPendingAsync(User user, int count)
    {
        var guesses = core.Get<SignInGuesses>();
        for (var i = 0; i < 500 && (guesses.PendingFor(user.Id) != count || (await core.ReloadAsync(user)).FailedSignInCount != count); i++)
        {
            await Task.Delay(10, Ct);
        }

        guesses.PendingFor(user.Id).ShouldBe(count);
        (await core.ReloadAsync(user)).FailedSignInCount.ShouldBe(count);
    }

    [Fact]
    public async Task ManyRightGuessesAtOnce_AllPass_AndTheCountStartsAgain()
    {
        var pool = await core.AddPoolAsync();
        var user = await core.AddUserAsync(pool, "alice");
        var gate = new TaskCompletionSource<bool>();

        var answers = Enumerable.Range(0, 12).Select(_ => GuessAsync(user, gate.Task)).ToList();
        // Four are counted and wait for their check; the fifth would start a lockout, so it and the rest wait for them.
        await WaitForPendingAsync(user, SignInThrottle.FreeAttempts - 1);
        gate.SetResult(true);

        (await Task.WhenAll(answers)).ShouldAllBe(a => a == "ok");
        var stored = await core.ReloadAsync(user);
        stored.FailedSignInCount.ShouldBe(0);
        stored.LockedUntil.ShouldBeNull();
    }

    [Fact]
    public async Task ManyWrongGuessesAtOnce_NoMoreThanFiveAreChecked()
    {
        var pool = await core.AddPoolAsync();
        var user = await core.AddUserAsync(pool, "bob");
        var gate = new TaskCompletionSource<bool>();

        var answers = Enumerable.Range(0, 12).Select(_ => GuessAsync(user, gate.Task)).ToList();
        await WaitForPendingAsync(user, SignInThrottle.FreeAttempts - 1);
        gate.SetResult(false);

        var all = await Task.WhenAll(answers);
        all.Count(a => a == "Incorrect username or password.").ShouldBe(SignInThrottle.FreeAttempts);
        all.Count(a => a == "Password attempts exceeded").ShouldBe(12 - SignInThrottle.FreeAttempts);
        var stored = await core.ReloadAsync(user);
        stored.FailedSignInCount.ShouldBe(SignInThrottle.FreeAttempts);
        stored.LockedUntil.ShouldBe(core.Time.GetUtcNow().AddSeconds(1));
    }

    [Fact]
    public async Task WrongGuessesPending_TheirFailuresStillCount_BeforeARightOneIsChecked()
    {
        var pool = await core.AddPoolAsync();
        var user = await core.AddUserAsync(pool, "carol");
        var wrong = new TaskCompletionSource<bool>();

        var wrongs = Enumerable.Range(0, 4).Select(_ => GuessAsync(user, wrong.Task)).ToList();
        await WaitForPendingAsync(user, 4);
        // The right guess would be the fifth counted: it waits for the four, which fail, and then starts the lockout.
        var right = GuessAsync(await core.ReloadAsync(user), Task.FromResult(true));
        await Task.Delay(50, Ct);
        right.IsCompleted.ShouldBeFalse();
        wrong.SetResult(false);

        (await Task.WhenAll(wrongs)).ShouldAllBe(a => a == "Incorrect username or password.");
        (await right).ShouldBe("ok");
        (await core.ReloadAsync(user)).FailedSignInCount.ShouldBe(0);
    }

    [Fact]
    public async Task AGuessShedByTheHashQueue_IsNotAFailure()
    {
        var pool = await core.AddPoolAsync();
        var user = await core.AddUserAsync(pool, "erin");
        var throttle = core.Get<SignInThrottle>();

        // More sheds than the lockout allows: none of them was checked, so none counts.
        for (var i = 0; i < SignInThrottle.FreeAttempts + 2; i++)
        {
            var shed = await Should.ThrowAsync<CognitoException>(() => throttle.GuessAsync(user, _ => throw CognitoErrors.TooManyRequests(), Ct));
            shed.Code.ShouldBe("TooManyRequestsException");
        }

        var stored = await core.ReloadAsync(user);
        stored.FailedSignInCount.ShouldBe(0);
        stored.LockedUntil.ShouldBeNull();
        (await throttle.GuessAsync(stored, Task.FromResult, Ct)).Id.ShouldBe(user.Id);
    }

    [Fact]
    public async Task AGuessIsPendingOnlyWhileItsCheckRuns()
    {
        var pool = await core.AddPoolAsync();
        var user = await core.AddUserAsync(pool, "dave");
        var guesses = core.Get<SignInGuesses>();

        await Should.ThrowAsync<CognitoException>(() => core.Get<SignInThrottle>().GuessAsync(user, _ =>
        {
            guesses.PendingFor(user.Id).ShouldBe(1);
            throw CognitoErrors.IncorrectCredentials();
        }, Ct));

        guesses.PendingFor(user.Id).ShouldBe(0);
        (await core.ReloadAsync(user)).FailedSignInCount.ShouldBe(1);
    }
}
