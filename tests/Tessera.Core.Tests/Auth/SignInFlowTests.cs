// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Federation;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Auth;

/// <summary>The rules every sign-in passes (SignInFlow), over a real SQLite store and a fake clock.</summary>
public sealed class SignInFlowTests : IAsyncLifetime
{
    private const string Wrong = "Wrong-Pass-9";
    private const string Incorrect = "NotAuthorizedException: Incorrect username or password.";
    private const string Locked = "NotAuthorizedException: Password attempts exceeded";
    private CoreFixture core = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => core = await CoreFixture.CreateAsync();

    public async ValueTask DisposeAsync() => await core.DisposeAsync();

    private async Task<SignInContext> ContextAsync(UserPoolSettings? pool = null, bool hidden = false)
    {
        var created = await core.AddPoolAsync(pool);
        var client = await core.AddClientAsync(created, new AppClientSettings
        {
            ExplicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"],
            PreventUserExistenceErrors = hidden ? "ENABLED" : "LEGACY",
        });
        return new SignInContext(created, client, SignInChannel.Api);
    }

    private Task<SignInStep> SignInAsync(SignInContext context, string username, string password = CoreFixture.Password)
        => core.Get<SignInFlow>().PasswordAsync(context, username, password, null, Ct);

    /// <summary>The error of a sign-in as "Code: message", or "ok" with the challenge it ended in.</summary>
    private async Task<string> AnswerAsync(SignInContext context, string username, string password = CoreFixture.Password)
    {
        try
        {
            var step = await SignInAsync(context, username, password);
            return step.User is not null ? "ok" : "challenge " + step.ChallengeName;
        }
        catch (CognitoException e)
        {
            return $"{e.Code}: {e.Message}";
        }
    }

    [Fact]
    public async Task PasswordAsync_RightPassword_ProvesTheUser_AndStartsTheCountAgain()
    {
        var context = await ContextAsync();
        var alice = await core.AddUserAsync(context.Pool, "alice");

        (await AnswerAsync(context, "alice", Wrong)).ShouldBe(Incorrect);
        (await AnswerAsync(context, "alice", Wrong)).ShouldBe(Incorrect);
        var step = await SignInAsync(context, "alice");

        step.User!.Id.ShouldBe(alice.Id);
        (await core.ReloadAsync(alice)).FailedSignInCount.ShouldBe(0);
    }

    [Fact]
    public async Task PasswordAsync_FiveWrongPasswords_LockTheUserForADoublingTime()
    {
        var context = await ContextAsync();
        await core.AddUserAsync(context.Pool, "bob");

        for (var i = 0; i < SignInThrottle.FreeAttempts; i++)
        {
            (await AnswerAsync(context, "bob", Wrong)).ShouldBe(Incorrect);
        }

        // Locked for 1 s: even the right password is refused.
        (await AnswerAsync(context, "bob")).ShouldBe(Locked);
        core.Time.Advance(TimeSpan.FromSeconds(1));
        (await AnswerAsync(context, "bob", Wrong)).ShouldBe(Incorrect);
        (await AnswerAsync(context, "bob")).ShouldBe(Locked);
        core.Time.Advance(TimeSpan.FromSeconds(1.5));
        (await AnswerAsync(context, "bob")).ShouldBe(Locked);
        core.Time.Advance(TimeSpan.FromSeconds(0.5));
        (await AnswerAsync(context, "bob")).ShouldBe("ok");
    }

    [Fact]
    public async Task PasswordAsync_LockoutOverForFifteenMinutes_IsForgotten()
    {
        var context = await ContextAsync();
        var carol = await core.AddUserAsync(context.Pool, "carol");
        for (var i = 0; i < 7; i++)
        {
            await AnswerAsync(context, "carol", Wrong);
            core.Time.Advance(TimeSpan.FromSeconds(10));
        }

        core.Time.Advance(TimeSpan.FromMinutes(15));
        (await AnswerAsync(context, "carol", Wrong)).ShouldBe(Incorrect);

        var stored = await core.ReloadAsync(carol);
        stored.FailedSignInCount.ShouldBe(1);
        stored.LockedUntil.ShouldBeNull();
    }

    [Fact]
    public async Task PasswordAsync_ParallelWrongPasswords_NoMoreThanFiveAreTried()
    {
        var context = await ContextAsync();
        await core.AddUserAsync(context.Pool, "dave");

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => AnswerAsync(context, "dave", Wrong))));

        answers.Count(a => a == Incorrect).ShouldBe(SignInThrottle.FreeAttempts);
        answers.Where(a => a != Incorrect).ShouldAllBe(a => a == Locked);
    }

    [Fact]
    public async Task PasswordAsync_UnknownUser_Legacy_ThrowsUserNotFound()
    {
        var context = await ContextAsync();

        (await AnswerAsync(context, "nobody")).ShouldBe("UserNotFoundException: User does not exist.");
    }

    [Fact]
    public async Task PasswordAsync_UnknownUser_Hidden_IsLockedOutLikeARealOne()
    {
        var context = await ContextAsync(hidden: true);
        await core.AddUserAsync(context.Pool, "erin");

        async Task<string[]> SixAsync(string name)
        {
            var answers = new List<string>();
            for (var i = 0; i < 6; i++)
            {
                answers.Add(await AnswerAsync(context, name, Wrong));
            }

            return [.. answers];
        }

        var real = await SixAsync("erin");
        var missing = await SixAsync("nobody");

        missing.ShouldBe(real);
        real.ShouldBe([.. Enumerable.Repeat(Incorrect, 5), Locked]);
        core.Time.Advance(TimeSpan.FromSeconds(1));
        (await AnswerAsync(context, "nobody", Wrong)).ShouldBe(Incorrect);
    }

    [Fact]
    public async Task PasswordAsync_Unconfirmed_Legacy_AnswersBeforeThePassword()
    {
        var context = await ContextAsync();
        await core.AddUserAsync(context.Pool, "fay", u => u.Status = UserStatus.Unconfirmed);

        (await AnswerAsync(context, "fay", Wrong)).ShouldBe("UserNotConfirmedException: User is not confirmed.");
    }

    [Fact]
    public async Task PasswordAsync_Unconfirmed_Hidden_AnswersOnlyAfterThePassword()
    {
        var context = await ContextAsync(hidden: true);
        await core.AddUserAsync(context.Pool, "gus", u => u.Status = UserStatus.Unconfirmed);

        (await AnswerAsync(context, "gus", Wrong)).ShouldBe(Incorrect);
        (await AnswerAsync(context, "gus")).ShouldBe("UserNotConfirmedException: User is not confirmed.");
    }

    [Fact]
    public async Task PasswordAsync_Disabled_SaysSoOnlyToTheRightPassword()
    {
        var context = await ContextAsync();
        await core.AddUserAsync(context.Pool, "hal", u => u.Enabled = false);

        (await AnswerAsync(context, "hal", Wrong)).ShouldBe(Incorrect);
        (await AnswerAsync(context, "hal")).ShouldBe("NotAuthorizedException: User is disabled.");
    }

    [Fact]
    public async Task PasswordAsync_ResetRequired_ThrowsPasswordResetRequired()
    {
        var context = await ContextAsync();
        await core.AddUserAsync(context.Pool, "ida", u => u.Status = UserStatus.ResetRequired);

        (await AnswerAsync(context, "ida", Wrong)).ShouldBe(Incorrect);
        (await AnswerAsync(context, "ida")).ShouldBe("PasswordResetRequiredException: Password reset required for the user");
    }

    [Fact]
    public async Task PasswordAsync_ImportedWithoutPassword_ThrowsPasswordResetRequiredToAnyPassword_UnlessHidden()
    {
        var context = await ContextAsync();
        var hidden = await ContextAsync(hidden: true);
        foreach (var pool in new[] { context.Pool, hidden.Pool })
        {
            await core.AddUserAsync(pool, "imported", u =>
            {
                u.Status = UserStatus.ResetRequired;
                u.PasswordHash = null;
            });
        }

        (await AnswerAsync(context, "imported", Wrong)).ShouldBe("PasswordResetRequiredException: Password reset required for the user");
        (await AnswerAsync(hidden, "imported", Wrong)).ShouldBe(Incorrect);
    }

    [Fact]
    public async Task PasswordAsync_TemporaryPassword_AsksForANewOne_UntilItExpires()
    {
        var context = await ContextAsync(new UserPoolSettings { RequiredStandardAttributes = ["name"] });
        await core.AddUserAsync(context.Pool, "jan", u =>
        {
            u.Status = UserStatus.ForceChangePassword;
            u.TemporaryPasswordExpiresAt = core.Time.GetUtcNow().AddDays(7);
            u.SetAttribute("email", "jan@example.com");
        });

        var step = await SignInAsync(context, "jan");

        step.ChallengeName.ShouldBe(SignInFlow.NewPasswordRequired);
        step.Session.ShouldNotBeNullOrEmpty();
        step.ChallengeParameters!["USER_ID_FOR_SRP"].ShouldBe("jan");
        step.ChallengeParameters["requiredAttributes"].ShouldBe("""["userAttributes.name"]""");
        step.ChallengeParameters["userAttributes"].ShouldBe("""{"email":"jan@example.com"}""");
        core.Time.Advance(TimeSpan.FromDays(7));
        (await AnswerAsync(context, "jan")).ShouldBe("NotAuthorizedException: Temporary password has expired and must be reset by an administrator.");
    }

    [Fact]
    public async Task NewPasswordAsync_Answer_ConfirmsTheUser_AndOnlyTheNewPasswordWorks()
    {
        var context = await ContextAsync();
        await core.AddUserAsync(context.Pool, "kim", u => u.Status = UserStatus.ForceChangePassword);
        var challenge = await SignInAsync(context, "kim");

        var missingName = new ChallengeResponse(SignInFlow.NewPasswordRequired, context.Client.ClientId, challenge.Session,
            new Dictionary<string, string> { ["USERNAME"] = "kim" }, null, null);
        (await Should.ThrowAsync<CognitoException>(() => core.Get<SignInFlow>().NewPasswordAsync(context, missingName, Ct)))
            .Message.ShouldBe("Missing required parameter NEW_PASSWORD");
        var answer = missingName with { Responses = new Dictionary<string, string> { ["USERNAME"] = "kim", ["NEW_PASSWORD"] = "Kim-New-Pass-2" } };
        var step = await core.Get<SignInFlow>().NewPasswordAsync(context, answer, Ct);

        step.User!.Status.ShouldBe(UserStatus.Confirmed);
        step.User.TemporaryPasswordExpiresAt.ShouldBeNull();
        (await AnswerAsync(context, "kim")).ShouldBe(Incorrect);
        (await AnswerAsync(context, "kim", "Kim-New-Pass-2")).ShouldBe("ok");
    }

    [Fact]
    public async Task MfaAsync_EmailCode_ContinuesTheSignIn_AndWrongCodesCountTowardsTheLockout()
    {
        var context = await ContextAsync(new UserPoolSettings { MfaConfiguration = "OPTIONAL", EmailMfaConfiguration = new EmailMfaConfigType() });
        await core.AddUserAsync(context.Pool, "lou", u =>
        {
            u.SetAttribute("email", "lou@example.com");
            u.SetAttribute("email_verified", "true");
            u.EmailMfaEnabled = true;
        });

        var challenge = await SignInAsync(context, "lou");
        challenge.ChallengeName.ShouldBe("EMAIL_OTP");
        challenge.ChallengeParameters!["CODE_DELIVERY_DESTINATION"].ShouldBe("l***@e***");
        var code = core.Sent.Single(m => m.Username == "lou").Code!;
        Task<SignInStep> AnswerCodeAsync(string given) => core.Get<SignInFlow>().MfaAsync(context, new ChallengeResponse("EMAIL_OTP", context.Client.ClientId,
            challenge.Session, new Dictionary<string, string> { ["USERNAME"] = "lou", ["EMAIL_OTP_CODE"] = given }, null, null), Ct);
        var wrong = code == "000000" ? "000001" : "000000";

        for (var i = 0; i < SignInThrottle.FreeAttempts; i++)
        {
            (await Should.ThrowAsync<CognitoException>(() => AnswerCodeAsync(wrong))).Code.ShouldBe("CodeMismatchException");
        }

        (await Should.ThrowAsync<CognitoException>(() => AnswerCodeAsync(code))).Message.ShouldBe("Password attempts exceeded");
        core.Time.Advance(TimeSpan.FromSeconds(1));
        var proven = await AnswerCodeAsync(code);

        proven.User!.Username.ShouldBe("lou");
        proven.User.FailedSignInCount.ShouldBe(0);
        (await Should.ThrowAsync<CognitoException>(() => AnswerCodeAsync(code))).Code.ShouldBe("ExpiredCodeException");
    }

    [Fact]
    public async Task PasswordAsync_AfterAdminDisableProviderForUser_RightPasswordRefused_UntilAdminSetUserPassword()
    {
        var context = await ContextAsync();
        var ivy = await core.AddUserAsync(context.Pool, "ivy");
        await core.Get<ProviderLinking>().UnlinkAsync(context.Pool.Id, new UserIdentity("Cognito", "Cognito_Subject", "ivy"), Ct);
        (await core.ReloadAsync(ivy)).PasswordSignInDisabled.ShouldBeTrue();

        // The flag is told only to whoever proves the password; a wrong one is a counted guess as before.
        (await AnswerAsync(context, "ivy", Wrong)).ShouldBe(Incorrect);
        (await AnswerAsync(context, "ivy")).ShouldBe("NotAuthorizedException: Password sign-in is disabled for this user.");
        (await core.ReloadAsync(ivy)).FailedSignInCount.ShouldBe(0);

        await core.Get<UserMaintenance>().SetPasswordAsync(context.Pool.Id, "ivy", "New-Pass-77", permanent: true, Ct);
        (await core.ReloadAsync(ivy)).PasswordSignInDisabled.ShouldBeFalse();
        (await AnswerAsync(context, "ivy", "New-Pass-77")).ShouldBe("ok");
    }
}
