// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Lifecycle;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Lifecycle;

/// <summary>One-time codes over a real SQLite store: how guesses are counted and limited.</summary>
public sealed class VerificationCodesTests : IAsyncLifetime
{
    private CoreFixture core = null!;
    private User user = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        core = await CoreFixture.CreateAsync();
        user = await core.AddUserAsync(await core.AddPoolAsync(), "alice");
    }

    public async ValueTask DisposeAsync() => await core.DisposeAsync();

    private Task<string> IssueAsync() => core.Get<VerificationCodes>().IssueAsync(user, CodePurpose.ForgotPassword, VerificationCodes.RecoveryLifetime, null, null, null, Ct);

    private async Task<string> CheckAsync(string code)
    {
        try
        {
            await core.Get<VerificationCodes>().CheckAsync(user, CodePurpose.ForgotPassword, code, Ct);
            return "ok";
        }
        catch (CognitoException e)
        {
            return e.Code;
        }
    }

    private static string WrongFor(string code) => code == "000000" ? "000001" : "000000";

    [Fact]
    public async Task CheckAsync_FiveWrongCodes_ThenEvenTheRightOneIsRefused_UntilTheHourIsOver()
    {
        var code = await IssueAsync();

        for (var i = 0; i < VerificationCodes.MaxFailures; i++)
        {
            (await CheckAsync(WrongFor(code))).ShouldBe("CodeMismatchException");
        }

        (await CheckAsync(code)).ShouldBe("LimitExceededException");
        core.Time.Advance(VerificationCodes.Window);
        (await CheckAsync(code)).ShouldBe("ExpiredCodeException");
        (await CheckAsync(await IssueAsync())).ShouldBe("ok");
    }

    [Fact]
    public async Task CheckAsync_RightCode_IsNotCountedAsAGuess()
    {
        var code = await IssueAsync();

        for (var i = 0; i < 2 * VerificationCodes.MaxFailures; i++)
        {
            (await CheckAsync(code)).ShouldBe("ok");
        }

        (await CheckAsync(WrongFor(code))).ShouldBe("CodeMismatchException");
    }

    [Fact]
    public async Task CheckAsync_ParallelWrongCodes_NoMoreThanFiveAreCompared()
    {
        var code = await IssueAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => CheckAsync(WrongFor(code)))));

        answers.Count(a => a == "CodeMismatchException").ShouldBe(VerificationCodes.MaxFailures);
        answers.Count(a => a == "LimitExceededException").ShouldBe(20 - VerificationCodes.MaxFailures);
    }

    [Fact]
    public async Task CheckAsync_NoCodeRequested_ThrowsExpiredCode()
        => (await CheckAsync("123456")).ShouldBe("ExpiredCodeException");
}
