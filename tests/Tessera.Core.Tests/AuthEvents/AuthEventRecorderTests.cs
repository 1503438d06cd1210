// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Tessera.Core.Auth;
using Tessera.Core.Auth.Custom;
using Tessera.Core.AuthEvents;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Sessions;
using Tessera.Core.Triggers;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.AuthEvents;

/// <summary>The user event history's rules (AuthEventRecorder), over a real SQLite store and a fake clock.</summary>
public sealed class AuthEventRecorderTests : IAsyncLifetime
{
    private const string Wrong = "Wrong-Pass-9";
    private CoreFixture core = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => core = await CoreFixture.CreateAsync();

    public async ValueTask DisposeAsync() => await core.DisposeAsync();

    private static UserPoolSettings Protected(string mode = "AUDIT", string? customMode = null) => new()
    {
        UserPoolAddOns = JsonSerializer.SerializeToElement(customMode is null
            ? new Dictionary<string, object> { ["AdvancedSecurityMode"] = mode }
            : new Dictionary<string, object> { ["AdvancedSecurityMode"] = mode, ["AdvancedSecurityAdditionalFlows"] = new Dictionary<string, string> { ["CustomAuthMode"] = customMode } }),
    };

    private async Task<SignInContext> ContextAsync(UserPoolSettings? settings)
    {
        var pool = await core.AddPoolAsync(settings);
        var client = await core.AddClientAsync(pool);
        return new SignInContext(pool, client, SignInChannel.Api);
    }

    private async Task<string> SignInAsync(SignInContext context, string username, string password = CoreFixture.Password)
    {
        try
        {
            var step = await core.Get<SignInFlow>().PasswordAsync(context, username, password, null, Ct);
            return step.User is not null ? "ok" : step.ChallengeName!;
        }
        catch (CognitoException e)
        {
            return e.Code;
        }
    }

    private async Task<IReadOnlyList<AuthEvent>> EventsAsync(User user)
        => await core.Get<IAuthEventStore>().ListAsync(user.PoolId, user.Id, null, null, 100, Ct);

    private static string Describe(AuthEvent e)
        => $"{e.EventType} {e.EventResponse} [{string.Join(", ", e.ChallengeResponses.Select(c => c.ChallengeName + ":" + c.ChallengeResponse))}]";

    private AuthEventRecorder Recorder(int maxPerUser = 1000, ICallerAddress? caller = null)
        => new(core.Get<IAuthEventStore>(), core.Get<SecretProtector>(), Options.Create(new AuthEventOptions { MaxEventsPerUser = maxPerUser }), core.Time, caller);

    [Theory]
    [InlineData(null, null, false, false)]
    [InlineData("OFF", null, false, false)]
    [InlineData("AUDIT", null, true, false)]
    [InlineData("ENFORCED", null, true, false)]
    [InlineData("AUDIT", "AUDIT", true, true)]
    [InlineData("OFF", "ENFORCED", false, true)]
    public void ThreatProtectionIsOn_FollowsTheModes_StandardAndCustomFlowsApart(string? mode, string? customMode, bool standard, bool custom)
    {
        var pool = new UserPool { Id = "us-east-1_x", Name = "p", Settings = mode is null ? new() : Protected(mode, customMode) };

        AuthEventRecorder.ThreatProtectionIsOn(pool).ShouldBe(standard);
        AuthEventRecorder.ThreatProtectionIsOn(pool, customAuth: true).ShouldBe(custom);
    }

    [Fact]
    public void Response_TokensPass_ChallengeInProgress_WrongCodeStillInProgress_OtherErrorsFail()
    {
        var user = new User { PoolId = "p", Username = "u", NormalizedUsername = "u" };
        AuthEventRecorder.Response(SignInStep.Proven(user), null).ShouldBe("Pass");
        AuthEventRecorder.Response(SignInStep.Challenge("SOFTWARE_TOKEN_MFA", "s", new Dictionary<string, string>()), null).ShouldBe("InProgress");
        AuthEventRecorder.Response(null, new CognitoException("CodeMismatchException", "m")).ShouldBe("InProgress");
        AuthEventRecorder.Response(null, CognitoErrors.IncorrectCredentials()).ShouldBe("Fail");
        AuthEventRecorder.Response(null, CognitoErrors.UserDisabled()).ShouldBe("Fail");
    }

    [Fact]
    public async Task PasswordAsync_WrongThenRight_RecordsAFailAndAPass_NewestFirst()
    {
        var context = await ContextAsync(Protected());
        var alice = await core.AddUserAsync(context.Pool, "alice");

        (await SignInAsync(context, "alice", Wrong)).ShouldBe("NotAuthorizedException");
        core.Time.Advance(TimeSpan.FromSeconds(1));
        (await SignInAsync(context, "alice")).ShouldBe("ok");

        var events = await EventsAsync(alice);
        events.Select(Describe).ShouldBe(["SignIn Pass [Password:Success]", "SignIn Fail [Password:Failure]"]);
        events[0].ClientId.ShouldBe(context.Client.ClientId);
        events[1].CreatedAt.ShouldBe(events[0].CreatedAt - TimeSpan.FromSeconds(1));
        Guid.TryParse(events[0].EventId, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task PasswordAsync_ThreatProtectionOff_RecordsNothing()
    {
        var context = await ContextAsync(Protected("OFF"));
        var bob = await core.AddUserAsync(context.Pool, "bob");

        (await SignInAsync(context, "bob")).ShouldBe("ok");
        (await SignInAsync(context, "bob", Wrong)).ShouldBe("NotAuthorizedException");

        (await EventsAsync(bob)).ShouldBeEmpty();
    }

    [Fact]
    public async Task PasswordAsync_DisabledUser_FailsAfterAProvenPassword()
    {
        var context = await ContextAsync(Protected("ENFORCED"));
        var carol = await core.AddUserAsync(context.Pool, "carol", u => u.Enabled = false);

        (await SignInAsync(context, "carol")).ShouldBe("NotAuthorizedException");

        (await EventsAsync(carol)).Select(Describe).ShouldBe(["SignIn Fail [Password:Success]"]);
    }

    [Fact]
    public async Task NewPasswordAsync_AnswerToTheChallenge_CompletesTheSameEvent()
    {
        var context = await ContextAsync(Protected());
        var dave = await core.AddUserAsync(context.Pool, "dave", u => u.Status = UserStatus.ForceChangePassword);
        var flow = core.Get<SignInFlow>();

        var challenge = await flow.PasswordAsync(context, "dave", CoreFixture.Password, null, Ct);
        challenge.ChallengeName.ShouldBe(SignInFlow.NewPasswordRequired);
        (await EventsAsync(dave)).Select(Describe).ShouldBe(["SignIn InProgress [Password:Success]"]);

        var answer = new ChallengeResponse(SignInFlow.NewPasswordRequired, context.Client.ClientId, challenge.Session,
            new Dictionary<string, string> { ["USERNAME"] = "dave", ["NEW_PASSWORD"] = "Brand-New-Pass-2" }, null, null);
        (await flow.NewPasswordAsync(context, answer, Ct)).User.ShouldNotBeNull();

        (await EventsAsync(dave)).Select(Describe).ShouldBe(["SignIn Pass [Password:Success]"]);
    }

    [Theory]
    [InlineData("wrong", "NotAuthorizedException")]
    [InlineData("refused", "UserLambdaValidationException")]
    public async Task CustomAuth_AnswerFailed_CompletesTheEventAsAFail(string answer, string error)
    {
        const string Function = "arn:aws:lambda:us-east-1:000000000000:function:custom";
        var settings = new UserPoolSettings
        {
            UserPoolAddOns = Protected("AUDIT", customMode: "AUDIT").UserPoolAddOns,
            LambdaConfig = JsonSerializer.SerializeToElement(new { DefineAuthChallenge = Function, CreateAuthChallenge = Function, VerifyAuthChallengeResponse = Function }),
        };
        var context = await ContextAsync(settings);
        var erin = await core.AddUserAsync(context.Pool, "erin");
        // Define: a custom challenge first, then fail whatever the answer was; Verify: its function throws for "refused".
        core.Lambda = (_, e) =>
        {
            var request = e["request"]!;
            e["response"] = e["triggerSource"]!.GetValue<string>() switch
            {
                "DefineAuthChallenge_Authentication" => request["session"]!.AsArray().Count == 0
                    ? new JsonObject { ["challengeName"] = "CUSTOM_CHALLENGE", ["issueTokens"] = false, ["failAuthentication"] = false }
                    : new JsonObject { ["issueTokens"] = false, ["failAuthentication"] = true },
                "CreateAuthChallenge_Authentication" => new JsonObject { ["publicChallengeParameters"] = new JsonObject { ["hint"] = "h" } },
                _ when request["challengeAnswer"]!.GetValue<string>() == "refused" => throw TriggerErrors.FunctionFailed(TriggerNames.VerifyAuthChallengeResponse, "no"),
                _ => new JsonObject { ["answerCorrect"] = false },
            };
            return e;
        };
        var flow = core.Get<CustomAuthFlow>();

        var challenge = await flow.StartAsync(context, new Dictionary<string, string> { ["USERNAME"] = "erin" }, Ct);
        challenge.ChallengeName.ShouldBe("CUSTOM_CHALLENGE");
        (await EventsAsync(erin)).Select(Describe).ShouldBe(["SignIn InProgress []"]);
        var response = new ChallengeResponse("CUSTOM_CHALLENGE", context.Client.ClientId, challenge.Session,
            new Dictionary<string, string> { ["USERNAME"] = "erin", ["ANSWER"] = answer }, null, null);
        var refused = await Should.ThrowAsync<CognitoException>(() => flow.AnswerAsync(context, response, Ct));

        refused.Code.ShouldBe(error);
        (await EventsAsync(erin)).Select(Describe).ShouldBe(["SignIn Fail []"]);
    }

    [Fact]
    public async Task StartSignIn_RecordsTheCallersAddressAndUserAgent_Shortened()
    {
        var context = await ContextAsync(Protected());
        var erin = await core.AddUserAsync(context.Pool, "erin");
        var agent = "aws-sdk-js/3.0 " + new string('x', 400);

        var attempt = Recorder(caller: new Caller("203.0.113.7", agent)).StartSignIn(context, erin, continues: false);
        attempt.Answered(AuthEventRecorder.Password, success: true);
        await attempt.EndAsync(SignInStep.Proven(erin), Ct);

        var recorded = (await EventsAsync(erin)).ShouldHaveSingleItem();
        recorded.IpAddress.ShouldBe("203.0.113.7");
        recorded.DeviceName.ShouldBe(agent[..AuthEventRecorder.MaxDeviceNameLength]);
    }

    [Fact]
    public async Task RecordAsync_BeyondTheBoundPerUser_DropsTheOldest()
    {
        var context = await ContextAsync(Protected());
        var frank = await core.AddUserAsync(context.Pool, "frank");
        var recorder = Recorder(maxPerUser: 10);

        for (var i = 0; i < 13; i++)
        {
            await recorder.RecordAsync(context.Pool, frank, null, i == 0 ? AuthEventRecorder.SignUp : AuthEventRecorder.ResendCode, AuthEventRecorder.Pass, null, Ct);
            core.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var kept = await EventsAsync(frank);
        kept.Count.ShouldBe(10);
        kept.ShouldAllBe(e => e.EventType == AuthEventRecorder.ResendCode);
        kept[^1].CreatedAt.ShouldBe(core.Time.GetUtcNow() - TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task IsFeedbackToken_OnlyTheEventsOwnToken()
    {
        var context = await ContextAsync(Protected());
        var gina = await core.AddUserAsync(context.Pool, "gina");
        var recorder = Recorder();
        await recorder.RecordAsync(context.Pool, gina, null, AuthEventRecorder.SignUp, AuthEventRecorder.Pass, null, Ct);
        await recorder.RecordAsync(context.Pool, gina, null, AuthEventRecorder.ResendCode, AuthEventRecorder.Pass, null, Ct);
        var events = await EventsAsync(gina);

        var token = recorder.FeedbackToken(events[0]);
        recorder.IsFeedbackToken(events[0], token).ShouldBeTrue();
        recorder.IsFeedbackToken(events[1], token).ShouldBeFalse();
        recorder.IsFeedbackToken(events[0], token[..^1]).ShouldBeFalse();
        recorder.IsFeedbackToken(events[0], "").ShouldBeFalse();
        recorder.IsFeedbackToken(events[0], null).ShouldBeFalse();
        // Derived, not stored: the same event gives the same token on any node with the master key.
        Recorder().FeedbackToken(events[0]).ShouldBe(token);
    }

    [Fact]
    public async Task Housekeeping_DeletesEventsPastTheirRetention()
    {
        var context = await ContextAsync(Protected());
        var hank = await core.AddUserAsync(context.Pool, "hank");
        var recorder = Recorder();
        await recorder.RecordAsync(context.Pool, hank, null, AuthEventRecorder.SignUp, AuthEventRecorder.Pass, null, Ct);
        core.Time.Advance(new AuthEventOptions().Retention - TimeSpan.FromDays(1));
        await recorder.RecordAsync(context.Pool, hank, null, AuthEventRecorder.ResendCode, AuthEventRecorder.Pass, null, Ct);
        core.Time.Advance(TimeSpan.FromDays(2));

        (await core.Get<Housekeeping>().RunOnceAsync(Ct)).AuthEvents.ShouldBe(1);

        (await EventsAsync(hank)).Select(e => e.EventType).ShouldBe([AuthEventRecorder.ResendCode]);
    }

    private sealed record Caller(string? IpAddress, string? UserAgent) : ICallerAddress;
}
