// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Core.Auth.Custom;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Triggers;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Auth.Custom;

public sealed class CustomAuthTriggersTests
{
    private const string Function = "arn:aws:lambda:eu-west-1:123456789012:function:challenge";

    private readonly RecordingInvoker invoker = new();

    private static UserPool Pool(bool withTriggers = true) => new()
    {
        Id = "eu-west-1_abcDEF123",
        Name = "pool",
        Settings = new UserPoolSettings
        {
            LambdaConfig = withTriggers
                ? JsonSerializer.SerializeToElement(new { DefineAuthChallenge = Function, CreateAuthChallenge = Function, VerifyAuthChallengeResponse = Function })
                : null,
        },
    };

    private static User User() => new()
    {
        PoolId = "eu-west-1_abcDEF123",
        Username = "wren",
        NormalizedUsername = "wren",
        Status = UserStatus.Confirmed,
        Attributes = new(StringComparer.Ordinal) { ["sub"] = "0f1e", ["email"] = "wren@example.com" },
    };

    private CustomAuthTriggers Triggers() => new(new LambdaTriggers(invoker, TimeProvider.System));

    [Fact]
    public async Task DefineAsync_Event_HasTheShapeOfTheDeveloperGuide()
    {
        invoker.Answer = new JsonObject { ["response"] = new JsonObject { ["challengeName"] = "CUSTOM_CHALLENGE", ["issueTokens"] = false } };

        var decision = await Triggers().DefineAsync(Pool(), new CustomAuthCaller(User(), "wren", "client1", null),
            [new ChallengeResult("SRP_A", true), new ChallengeResult("CUSTOM_CHALLENGE", false, "PIN-1")], TestContext.Current.CancellationToken);

        decision.ShouldBe(new DefineDecision("CUSTOM_CHALLENGE", false, false));
        var sent = invoker.Event!;
        sent["triggerSource"]!.GetValue<string>().ShouldBe("DefineAuthChallenge_Authentication");
        sent["region"]!.GetValue<string>().ShouldBe("eu-west-1");
        sent["userName"]!.GetValue<string>().ShouldBe("wren");
        sent["callerContext"]!["clientId"]!.GetValue<string>().ShouldBe("client1");
        sent["request"]!.ToJsonString().ShouldBe(
            """{"userAttributes":{"sub":"0f1e","email":"wren@example.com","cognito:user_status":"CONFIRMED"},"clientMetadata":{},"session":[{"challengeName":"SRP_A","challengeResult":true},{"challengeName":"CUSTOM_CHALLENGE","challengeResult":false,"challengeMetadata":"PIN-1"}]}""");
    }

    [Fact]
    public async Task CreateAsync_UnknownUserAndClientMetadata_AreInTheRequest()
    {
        await Triggers().CreateAsync(Pool(), new CustomAuthCaller(null, "nobody", "client1", new Dictionary<string, string> { ["app"] = "web" }),
            "CUSTOM_CHALLENGE", [], TestContext.Current.CancellationToken);

        var request = invoker.Event!["request"]!;
        request["userNotFound"]!.GetValue<bool>().ShouldBeTrue();
        request["userAttributes"]!.AsObject().Count.ShouldBe(0);
        request["clientMetadata"]!["app"]!.GetValue<string>().ShouldBe("web");
        request["challengeName"]!.GetValue<string>().ShouldBe("CUSTOM_CHALLENGE");
    }

    [Fact]
    public async Task CreateAsync_NumbersAndBooleansInParameters_AreTakenAsTheirText()
    {
        invoker.Answer = new JsonObject
        {
            ["response"] = new JsonObject
            {
                ["publicChallengeParameters"] = new JsonObject { ["attempts"] = 2, ["last"] = false, ["hint"] = "pin" },
                ["privateChallengeParameters"] = new JsonObject { ["answer"] = "2468" },
                ["challengeMetadata"] = "PIN-1",
            },
        };

        var created = await Triggers().CreateAsync(Pool(), new CustomAuthCaller(User(), "wren", "client1", null), "CUSTOM_CHALLENGE", [], TestContext.Current.CancellationToken);

        created.PublicParameters.ShouldBe(new Dictionary<string, string> { ["attempts"] = "2", ["last"] = "false", ["hint"] = "pin" });
        created.PrivateParameters["answer"].ShouldBe("2468");
        created.Metadata.ShouldBe("PIN-1");
    }

    [Fact]
    public async Task VerifyAsync_AnswerCorrectNotABoolean_ThrowsInvalidLambdaResponse()
    {
        invoker.Answer = new JsonObject { ["response"] = new JsonObject { ["answerCorrect"] = "yes" } };

        var error = await Should.ThrowAsync<CognitoException>(() => Triggers().VerifyAsync(
            Pool(), new CustomAuthCaller(User(), "wren", "client1", null), new Dictionary<string, string>(), "2468", TestContext.Current.CancellationToken));

        error.Code.ShouldBe("InvalidLambdaResponseException");
    }

    [Fact]
    public async Task DefineAsync_NoDefineFunction_ThrowsUnexpectedLambda()
    {
        var error = await Should.ThrowAsync<CognitoException>(() => Triggers().DefineAsync(
            Pool(withTriggers: false), new CustomAuthCaller(User(), "wren", "client1", null), [], TestContext.Current.CancellationToken));

        error.Code.ShouldBe("UnexpectedLambdaException");
        invoker.Event.ShouldBeNull();
    }

    private sealed class RecordingInvoker : ILambdaInvoker
    {
        public JsonObject? Event { get; private set; }

        public JsonObject Answer { get; set; } = new();

        public Task<JsonObject> InvokeAsync(string functionArn, string trigger, JsonObject triggerEvent, CancellationToken cancellationToken)
        {
            Event = (JsonObject)triggerEvent.DeepClone();
            return Task.FromResult((JsonObject)Answer.DeepClone());
        }
    }
}
