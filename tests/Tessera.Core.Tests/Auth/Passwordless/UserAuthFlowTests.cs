// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Core.Auth;
using Tessera.Core.Auth.Passwordless;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Pools;

namespace Tessera.Core.Tests.Auth.Passwordless;

/// <summary>USER_AUTH over a real SQLite store and a fake clock: the choice, the code factor, its errors.</summary>
public sealed class UserAuthFlowTests : IAsyncLifetime
{
    private CoreFixture core = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => core = await CoreFixture.CreateAsync();

    public async ValueTask DisposeAsync() => await core.DisposeAsync();

    private UserAuthFlow Flow => core.Get<UserAuthFlow>();

    private async Task<SignInContext> ContextAsync(bool hidden = false, string mfa = "OFF", JsonElement? lambdaConfig = null)
    {
        var pool = await core.AddPoolAsync(new UserPoolSettings
        {
            LambdaConfig = lambdaConfig,
            MfaConfiguration = mfa,
            Policies = new UserPoolPolicyType { SignInPolicy = new SignInPolicyType { AllowedFirstAuthFactors = ["PASSWORD", "EMAIL_OTP"] } },
            SoftwareTokenMfaConfiguration = new SoftwareTokenMfaConfigType { Enabled = true },
        });
        var client = await core.AddClientAsync(pool, new AppClientSettings
        {
            ExplicitAuthFlows = ["ALLOW_USER_AUTH"],
            PreventUserExistenceErrors = hidden ? "ENABLED" : "LEGACY",
        });
        return new SignInContext(pool, client, SignInChannel.Api);
    }

    private Task<Tessera.Core.Users.User> AddAliceAsync(SignInContext context) => core.AddUserAsync(context.Pool, "alice", u =>
    {
        u.SetAttribute("email", "alice@example.com");
        u.SetAttribute("email_verified", "true");
    });

    private static Dictionary<string, string> Parameters(params (string Key, string Value)[] values)
        => values.ToDictionary(v => v.Key, v => v.Value);

    private Task<SignInStep> AnswerAsync(SignInContext context, SignInStep challenge, params (string Key, string Value)[] values)
        => Flow.RespondAsync(context, new ChallengeResponse(challenge.ChallengeName!, context.Client.ClientId, challenge.Session,
            Parameters([("USERNAME", "alice"), .. values]), null, null), Ct);

    private static async Task<string> ErrorAsync(Func<Task> call)
    {
        var e = await Should.ThrowAsync<CognitoException>(call);
        return $"{e.Code}: {e.Message}";
    }

    [Fact]
    public async Task StartAsync_NoPreference_AnswersSelectChallengeWithTheUsersFactors()
    {
        var context = await ContextAsync();
        await AddAliceAsync(context);

        var step = await Flow.StartAsync(context, Parameters(("USERNAME", "alice")), Ct);

        step.ChallengeName.ShouldBe("SELECT_CHALLENGE");
        step.AvailableChallenges.ShouldBe(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]);
    }

    [Fact]
    public async Task StartAsync_PreferredEmailOtp_SendsACodeThatSignsInOnce()
    {
        var context = await ContextAsync();
        await AddAliceAsync(context);

        var challenge = await Flow.StartAsync(context, Parameters(("USERNAME", "alice"), ("PREFERRED_CHALLENGE", "EMAIL_OTP")), Ct);
        challenge.ChallengeName.ShouldBe("EMAIL_OTP");
        challenge.ChallengeParameters!["CODE_DELIVERY_DESTINATION"].ShouldBe("a***@e***");
        var code = core.Sent.ShouldHaveSingleItem().Code!;

        (await AnswerAsync(context, challenge, ("EMAIL_OTP_CODE", code))).User!.Username.ShouldBe("alice");
        (await ErrorAsync(() => AnswerAsync(context, challenge, ("EMAIL_OTP_CODE", code)))).ShouldStartWith("ExpiredCodeException:");
    }

    [Fact]
    public async Task RespondAsync_WrongCode_IsCodeMismatch_AndCountsTowardTheLockout()
    {
        var context = await ContextAsync();
        await AddAliceAsync(context);
        var challenge = await Flow.StartAsync(context, Parameters(("USERNAME", "alice"), ("PREFERRED_CHALLENGE", "EMAIL_OTP")), Ct);

        (await ErrorAsync(() => AnswerAsync(context, challenge, ("EMAIL_OTP_CODE", "000000")))).ShouldBe("CodeMismatchException: Invalid code or auth state for the user.");
        for (var i = 0; i < SignInThrottle.FreeAttempts; i++)
        {
            await ErrorAsync(() => AnswerAsync(context, challenge, ("EMAIL_OTP_CODE", "000000")));
        }

        (await ErrorAsync(() => AnswerAsync(context, challenge, ("EMAIL_OTP_CODE", core.Sent[0].Code!)))).ShouldBe("NotAuthorizedException: Password attempts exceeded");
    }

    [Fact]
    public async Task RespondAsync_CodeAfterTheSessionExpired_IsRefused()
    {
        var context = await ContextAsync();
        await AddAliceAsync(context);
        var challenge = await Flow.StartAsync(context, Parameters(("USERNAME", "alice"), ("PREFERRED_CHALLENGE", "EMAIL_OTP")), Ct);

        core.Time.Advance(TimeSpan.FromMinutes(4));

        (await ErrorAsync(() => AnswerAsync(context, challenge, ("EMAIL_OTP_CODE", core.Sent[0].Code!)))).ShouldBe("NotAuthorizedException: Invalid session for the user, session is expired.");
    }

    [Fact]
    public async Task RespondAsync_SelectPassword_SignsIn()
    {
        var context = await ContextAsync();
        await AddAliceAsync(context);
        var select = await Flow.StartAsync(context, Parameters(("USERNAME", "alice")), Ct);

        var step = await AnswerAsync(context, select, ("ANSWER", "PASSWORD"), ("PASSWORD", CoreFixture.Password));

        step.User!.Username.ShouldBe("alice");
    }

    [Fact]
    public async Task RespondAsync_SelectAChallengeNotOffered_IsInvalidParameter()
    {
        var context = await ContextAsync();
        await AddAliceAsync(context);
        var select = await Flow.StartAsync(context, Parameters(("USERNAME", "alice")), Ct);

        (await ErrorAsync(() => AnswerAsync(context, select, ("ANSWER", "SMS_OTP"))))
            .ShouldBe("InvalidParameterException: Invalid ANSWER SMS_OTP: choose one of PASSWORD, PASSWORD_SRP, EMAIL_OTP.");
    }

    [Fact]
    public async Task StartAsync_PreferenceTheUserCannotTake_AnswersSelectChallenge()
    {
        var context = await ContextAsync(mfa: "ON");
        await AddAliceAsync(context);

        var step = await Flow.StartAsync(context, Parameters(("USERNAME", "alice"), ("PREFERRED_CHALLENGE", "EMAIL_OTP")), Ct);

        step.ChallengeName.ShouldBe("SELECT_CHALLENGE");
        step.AvailableChallenges.ShouldBe(["PASSWORD", "PASSWORD_SRP"]);
        core.Sent.ShouldBeEmpty();
    }

    [Fact]
    public async Task StartAsync_UnknownUser_IsUserNotFound()
    {
        var context = await ContextAsync();

        (await ErrorAsync(() => Flow.StartAsync(context, Parameters(("USERNAME", "nobody"), ("PREFERRED_CHALLENGE", "EMAIL_OTP")), Ct)))
            .ShouldBe("UserNotFoundException: User does not exist.");
    }

    [Fact]
    public async Task StartAsync_UnknownUserHidden_GetsAChallengeNoCodeAnswers()
    {
        var context = await ContextAsync(hidden: true);

        var challenge = await Flow.StartAsync(context, Parameters(("USERNAME", "nobody@example.com"), ("PREFERRED_CHALLENGE", "EMAIL_OTP")), Ct);

        challenge.ChallengeName.ShouldBe("EMAIL_OTP");
        core.Sent.ShouldBeEmpty();
        (await ErrorAsync(() => Flow.RespondAsync(context, new ChallengeResponse("EMAIL_OTP", context.Client.ClientId, challenge.Session,
            Parameters(("USERNAME", "nobody@example.com"), ("EMAIL_OTP_CODE", "123456")), null, null), Ct)))
            .ShouldBe("CodeMismatchException: Invalid code or auth state for the user.");
    }

    [Fact]
    public async Task StartAsync_PasswordWithItsPreference_SignsInAtOnce()
    {
        var context = await ContextAsync();
        await AddAliceAsync(context);

        var step = await Flow.StartAsync(context, Parameters(("USERNAME", "alice"), ("PREFERRED_CHALLENGE", "PASSWORD"), ("PASSWORD", CoreFixture.Password)), Ct);

        step.User!.Username.ShouldBe("alice");
    }

    [Fact]
    public async Task EmailOtp_RunsPreAuthenticationCustomMessageAndPostAuthentication_AsAPasswordSignInDoes()
    {
        const string Function = "arn:aws:lambda:us-east-1:000000000000:function:triggers";
        var context = await ContextAsync(lambdaConfig: JsonSerializer.SerializeToElement(new { PreAuthentication = Function, PostAuthentication = Function, CustomMessage = Function }));
        await AddAliceAsync(context);
        var sources = new List<string>();
        core.Lambda = (_, e) =>
        {
            sources.Add(e["triggerSource"]!.GetValue<string>());
            if (e["triggerSource"]!.GetValue<string>() == "CustomMessage_Authentication")
            {
                e["response"] = new JsonObject { ["emailSubject"] = "Your code", ["emailMessage"] = "Sign in with " + e["request"]!["codeParameter"]!.GetValue<string>() };
            }

            return e;
        };

        var challenge = await Flow.StartAsync(context, Parameters(("USERNAME", "alice"), ("PREFERRED_CHALLENGE", "EMAIL_OTP")), Ct);
        var sent = core.Sent.ShouldHaveSingleItem();
        sent.Body.ShouldBe("Sign in with " + sent.Code);
        (await AnswerAsync(context, challenge, ("EMAIL_OTP_CODE", sent.Code!))).User.ShouldNotBeNull();

        sources.ShouldBe(["PreAuthentication_Authentication", "CustomMessage_Authentication", "PostAuthentication_Authentication"]);
    }

    [Fact]
    public async Task OptionalMfa_PasswordFactorIsFollowedByMfa_ACodeFactorIsNot()
    {
        var context = await ContextAsync(mfa: "OPTIONAL");
        await core.AddUserAsync(context.Pool, "alice", u =>
        {
            u.SetAttribute("email", "alice@example.com");
            u.SetAttribute("email_verified", "true");
            u.SoftwareTokenSecret = [1, 2, 3];
            u.SoftwareTokenMfaEnabled = true;
        });

        var withPassword = await Flow.StartAsync(context, Parameters(("USERNAME", "alice"), ("PREFERRED_CHALLENGE", "PASSWORD"), ("PASSWORD", CoreFixture.Password)), Ct);
        withPassword.ChallengeName.ShouldBe("SOFTWARE_TOKEN_MFA");

        var challenge = await Flow.StartAsync(context, Parameters(("USERNAME", "alice"), ("PREFERRED_CHALLENGE", "EMAIL_OTP")), Ct);
        (await AnswerAsync(context, challenge, ("EMAIL_OTP_CODE", core.Sent.ShouldHaveSingleItem().Code!))).User!.Username.ShouldBe("alice");
    }
}
