// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tessera.Core.Triggers;
using Tessera.Server.IntegrationTests.Infrastructure;
using Tessera.Server.IntegrationTests.Triggers;

namespace Tessera.Server.IntegrationTests.CognitoIdp;

/// <summary>
/// CUSTOM_AUTH in process, with the three challenge functions played by <see cref="FakeLambda"/> the way
/// the AWS developer guide's examples write them: one CUSTOM_CHALLENGE whose answer is in the private
/// parameters, tokens after a right answer, failure after three wrong ones.
/// </summary>
public sealed class CustomAuthTests(CustomAuthTests.Fixture fixture) : IClassFixture<CustomAuthTests.Fixture>
{
    public const string Define = "arn:aws:lambda:us-east-1:123456789012:function:define";
    public const string Create = "arn:aws:lambda:us-east-1:123456789012:function:create";
    public const string Verify = "arn:aws:lambda:us-east-1:123456789012:function:verify";
    public const string Answer = "4321";
    private const string Password = "Perm-Pass-1";

    private readonly TesseraHost host = fixture.Host;
    private readonly FakeLambda lambda = fixture.Lambda;

    public sealed class Fixture : IAsyncLifetime
    {
        public TesseraHost Host { get; private set; } = null!;

        public FakeLambda Lambda { get; } = NewLambda();

        public async ValueTask InitializeAsync() => Host = await StartHostAsync(Lambda);

        public async ValueTask DisposeAsync() => await Host.DisposeAsync();
    }

    public static FakeLambda NewLambda()
    {
        var lambda = new FakeLambda();
        lambda.Function(Define, DefineChallenge);
        lambda.Function(Create, e =>
        {
            var round = e["request"]!["session"]!.AsArray().Count + 1;
            e["response"] = new JsonObject
            {
                ["publicChallengeParameters"] = new JsonObject { ["hint"] = "four digits", ["round"] = round },
                ["privateChallengeParameters"] = new JsonObject { ["answer"] = Answer },
                ["challengeMetadata"] = "CODE-" + round,
            };
            return e;
        });
        lambda.Function(Verify, e =>
        {
            var request = e["request"]!;
            e["response"] = new JsonObject
            {
                ["answerCorrect"] = request["challengeAnswer"]!.GetValue<string>() == request["privateChallengeParameters"]!["answer"]!.GetValue<string>(),
            };
            return e;
        });
        return lambda;
    }

    /// <summary>The Define function of the AWS guide's example, with three tries at the custom challenge.</summary>
    private static JsonObject DefineChallenge(JsonObject e)
    {
        var session = e["request"]!["session"]!.AsArray().Select(s => s!.AsObject()).ToList();
        var last = session.LastOrDefault();
        var response = new JsonObject { ["issueTokens"] = false, ["failAuthentication"] = false };
        if (last is not null && last["challengeName"]!.GetValue<string>() == "CUSTOM_CHALLENGE" && last["challengeResult"]!.GetValue<bool>())
        {
            response["issueTokens"] = true;
        }
        else if (session.Count(s => s["challengeName"]!.GetValue<string>() == "CUSTOM_CHALLENGE") >= 3)
        {
            response["failAuthentication"] = true;
        }
        else if (last is not null && last["challengeName"]!.GetValue<string>() == "SRP_A")
        {
            response["challengeName"] = "PASSWORD_VERIFIER";
        }
        else
        {
            response["challengeName"] = "CUSTOM_CHALLENGE";
        }

        e["response"] = response;
        return e;
    }

    public static Task<TesseraHost> StartHostAsync(FakeLambda lambda, TimeProvider? time = null)
        => TesseraHost.StartAsync(time: time, services: s => s.AddSingleton<ILambdaInvoker>(lambda));

    /// <summary>A pool with the three challenge triggers, a client allowing CUSTOM_AUTH and a confirmed user.</summary>
    public static async Task<(string Pool, string Client)> CustomPoolAsync(TesseraHost host, string username, object? clientExtra = null, string? define = null)
    {
        var pool = await host.CreatePoolAsync(new
        {
            LambdaConfig = new { DefineAuthChallenge = define ?? Define, CreateAuthChallenge = Create, VerifyAuthChallengeResponse = Verify },
        });
        var body = new JsonObject
        {
            ["UserPoolId"] = pool,
            ["ClientName"] = "custom",
            ["ExplicitAuthFlows"] = new JsonArray("ALLOW_CUSTOM_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"),
        };
        foreach (var (key, value) in System.Text.Json.JsonSerializer.SerializeToNode(clientExtra ?? new { })!.AsObject())
        {
            body[key] = value?.DeepClone();
        }

        var client = (await host.CallAsync("CreateUserPoolClient", body))["UserPoolClient"]!["ClientId"]!.GetValue<string>();
        await host.CreateConfirmedUserAsync(pool, client, username, Password, ("email", username + "@example.com"));
        return (pool, client);
    }

    private static Task<JsonObject> StartAsync(TesseraHost host, string client, string username)
        => host.CallAsync("InitiateAuth", new
        {
            ClientId = client,
            AuthFlow = "CUSTOM_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = username },
            ClientMetadata = new Dictionary<string, string> { ["from"] = "initiate" },
        }, sign: false);

    private static Task<JsonObject> AnswerAsync(TesseraHost host, string client, string username, JsonObject challenge, string answer)
        => host.CallAsync("RespondToAuthChallenge", new
        {
            ClientId = client,
            ChallengeName = "CUSTOM_CHALLENGE",
            Session = challenge["Session"]!.GetValue<string>(),
            ChallengeResponses = new Dictionary<string, string> { ["USERNAME"] = username, ["ANSWER"] = answer },
            ClientMetadata = new Dictionary<string, string> { ["from"] = "respond" },
        }, sign: false);

    [Fact]
    public async Task InitiateAuth_RightAnswer_IssuesTokens()
    {
        var (_, client) = await CustomPoolAsync(host, "carol");

        var challenge = await StartAsync(host, client, "carol");
        var result = await AnswerAsync(host, client, "carol", challenge, Answer);

        challenge["ChallengeName"]!.GetValue<string>().ShouldBe("CUSTOM_CHALLENGE");
        var parameters = challenge["ChallengeParameters"]!.AsObject();
        parameters["hint"]!.GetValue<string>().ShouldBe("four digits");
        parameters["round"]!.GetValue<string>().ShouldBe("1");
        parameters["USERNAME"]!.GetValue<string>().ShouldBe("carol");
        challenge.ToJsonString().ShouldNotContain(Answer);
        result["AuthenticationResult"]!["AccessToken"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        result["AuthenticationResult"]!["RefreshToken"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        result["ChallengeName"].ShouldBeNull();
    }

    [Fact]
    public async Task InitiateAuth_TriggerEvents_CarryHistoryAttributesAndRespondMetadata()
    {
        var (pool, client) = await CustomPoolAsync(host, "dora");
        lambda.Events.Clear();

        var challenge = await StartAsync(host, client, "dora");
        var wrong = await AnswerAsync(host, client, "dora", challenge, "0000");
        await AnswerAsync(host, client, "dora", wrong, Answer);

        var defines = lambda.Events.Where(e => e["triggerSource"]!.GetValue<string>() == "DefineAuthChallenge_Authentication").Where(e => e["userPoolId"]!.GetValue<string>() == pool).ToList();
        defines.Count.ShouldBe(3);
        defines[0]["triggerSource"]!.GetValue<string>().ShouldBe("DefineAuthChallenge_Authentication");
        defines[0]["userName"]!.GetValue<string>().ShouldBe("dora");
        defines[0]["callerContext"]!["clientId"]!.GetValue<string>().ShouldBe(client);
        defines[0]["request"]!["session"]!.AsArray().Count.ShouldBe(0);
        // InitiateAuth does not pass ClientMetadata to Define or Create; RespondToAuthChallenge does.
        defines[0]["request"]!["clientMetadata"]!.AsObject().Count.ShouldBe(0);
        defines[1]["request"]!["clientMetadata"]!["from"]!.GetValue<string>().ShouldBe("respond");
        var attributes = defines[0]["request"]!["userAttributes"]!;
        attributes["email"]!.GetValue<string>().ShouldBe("dora@example.com");
        attributes["sub"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        attributes["cognito:user_status"]!.GetValue<string>().ShouldBe("CONFIRMED");
        defines[0]["request"]!["userNotFound"].ShouldBeNull();
        defines[2]["request"]!["session"]!.ToJsonString().ShouldBe(
            """[{"challengeName":"CUSTOM_CHALLENGE","challengeResult":false,"challengeMetadata":"CODE-1"},{"challengeName":"CUSTOM_CHALLENGE","challengeResult":true,"challengeMetadata":"CODE-2"}]""");

        var creates = lambda.Events.Where(e => e["triggerSource"]!.GetValue<string>() == "CreateAuthChallenge_Authentication").Where(e => e["userPoolId"]!.GetValue<string>() == pool).ToList();
        creates[0]["triggerSource"]!.GetValue<string>().ShouldBe("CreateAuthChallenge_Authentication");
        creates[0]["request"]!["challengeName"]!.GetValue<string>().ShouldBe("CUSTOM_CHALLENGE");

        var verifies = lambda.Events.Where(e => e["triggerSource"]!.GetValue<string>() == "VerifyAuthChallengeResponse_Authentication").Where(e => e["userPoolId"]!.GetValue<string>() == pool).ToList();
        verifies.Count.ShouldBe(2);
        verifies[0]["triggerSource"]!.GetValue<string>().ShouldBe("VerifyAuthChallengeResponse_Authentication");
        verifies[0]["request"]!["privateChallengeParameters"]!["answer"]!.GetValue<string>().ShouldBe(Answer);
        verifies[0]["request"]!["challengeAnswer"]!.GetValue<string>().ShouldBe("0000");
        verifies[0]["request"]!["clientMetadata"]!["from"]!.GetValue<string>().ShouldBe("respond");
    }

    [Fact]
    public async Task RespondToAuthChallenge_WrongAnswerThreeTimes_FailsAuthentication()
    {
        var (_, client) = await CustomPoolAsync(host, "erin");

        var challenge = await StartAsync(host, client, "erin");
        challenge = await AnswerAsync(host, client, "erin", challenge, "1111");
        challenge = await AnswerAsync(host, client, "erin", challenge, "2222");
        challenge["ChallengeParameters"]!["round"]!.GetValue<string>().ShouldBe("3");
        var error = await UserSteps.FailsAsync(() => AnswerAsync(host, client, "erin", challenge, "3333"));

        error.Type.ShouldBe("NotAuthorizedException");
        error.AwsMessage.ShouldBe("Incorrect username or password.");
    }

    [Fact]
    public async Task RespondToAuthChallenge_ReplayedSession_IsRefused()
    {
        var (_, client) = await CustomPoolAsync(host, "fred");

        var challenge = await StartAsync(host, client, "fred");
        await AnswerAsync(host, client, "fred", challenge, "0000");
        var error = await UserSteps.FailsAsync(() => AnswerAsync(host, client, "fred", challenge, Answer));

        error.Type.ShouldBe("NotAuthorizedException");
        error.AwsMessage.ShouldBe("Invalid session for the user, session can only be used once.");
    }

    [Fact]
    public async Task RespondToAuthChallenge_SessionOfAnotherChallenge_IsInvalid()
    {
        var (_, client) = await CustomPoolAsync(host, "gina");
        var tampered = await StartAsync(host, client, "gina");
        tampered["Session"] = tampered["Session"]!.GetValue<string>()[..^4] + "AAAA";

        var error = await UserSteps.FailsAsync(() => AnswerAsync(host, client, "gina", tampered, Answer));

        error.Type.ShouldBe("NotAuthorizedException");
        error.AwsMessage.ShouldBe("Invalid session for the user.");
    }

    [Fact]
    public async Task AdminInitiateAuth_CustomAuth_AdminRespondIssuesTokens()
    {
        var (pool, client) = await CustomPoolAsync(host, "hank");

        var challenge = await host.CallAsync("AdminInitiateAuth", new
        {
            UserPoolId = pool,
            ClientId = client,
            AuthFlow = "CUSTOM_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "hank" },
        });
        var result = await host.CallAsync("AdminRespondToAuthChallenge", new
        {
            UserPoolId = pool,
            ClientId = client,
            ChallengeName = "CUSTOM_CHALLENGE",
            Session = challenge["Session"]!.GetValue<string>(),
            ChallengeResponses = new Dictionary<string, string> { ["USERNAME"] = "hank", ["ANSWER"] = Answer },
        });

        result["AuthenticationResult"]!["IdToken"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task InitiateAuth_ClientWithoutCustomAuth_IsRefused()
    {
        var (pool, _) = await CustomPoolAsync(host, "ivan");
        var (other, _) = await host.CreateClientAsync(pool, flows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);

        var error = await UserSteps.FailsAsync(() => StartAsync(host, other, "ivan"));

        error.Type.ShouldBe("InvalidParameterException");
        error.AwsMessage.ShouldBe("CUSTOM_AUTH flow not enabled for this client");
    }

    [Fact]
    public async Task InitiateAuth_UnknownUser_ThrowsUserNotFound()
    {
        var (_, client) = await CustomPoolAsync(host, "jane");

        var error = await UserSteps.FailsAsync(() => StartAsync(host, client, "nobody"));

        error.Type.ShouldBe("UserNotFoundException");
    }

    [Fact]
    public async Task InitiateAuth_UnknownUserWithPreventUserExistenceErrors_RunsTheFlowAndFailsAtItsEnd()
    {
        var (pool, client) = await CustomPoolAsync(host, "kate", new { PreventUserExistenceErrors = "ENABLED" });

        var challenge = await StartAsync(host, client, "nobody");
        var error = await UserSteps.FailsAsync(() => AnswerAsync(host, client, "nobody", challenge, Answer));

        challenge["ChallengeName"]!.GetValue<string>().ShouldBe("CUSTOM_CHALLENGE");
        challenge["ChallengeParameters"]!["USERNAME"]!.GetValue<string>().ShouldBe("nobody");
        error.Type.ShouldBe("NotAuthorizedException");
        error.AwsMessage.ShouldBe("Incorrect username or password.");
        var define = lambda.Events.Where(e => e["triggerSource"]!.GetValue<string>() == "DefineAuthChallenge_Authentication").Last(e => e["userPoolId"]!.GetValue<string>() == pool);
        define["request"]!["userNotFound"]!.GetValue<bool>().ShouldBeTrue();
        define["request"]!["userAttributes"]!.AsObject().Count.ShouldBe(0);
    }

    [Fact]
    public async Task InitiateAuth_DefineFailsAuthentication_ThrowsNotAuthorized()
    {
        const string refuse = "arn:aws:lambda:us-east-1:123456789012:function:refuse";
        lambda.Function(refuse, e =>
        {
            e["response"] = new JsonObject { ["issueTokens"] = false, ["failAuthentication"] = true };
            return e;
        });
        var (_, client) = await CustomPoolAsync(host, "liam", define: refuse);

        var error = await UserSteps.FailsAsync(() => StartAsync(host, client, "liam"));

        error.Type.ShouldBe("NotAuthorizedException");
        error.AwsMessage.ShouldBe("Incorrect username or password.");
    }

    [Fact]
    public async Task InitiateAuth_DefineAsksForUnknownChallenge_ThrowsInvalidLambdaResponse()
    {
        const string odd = "arn:aws:lambda:us-east-1:123456789012:function:odd";
        lambda.Function(odd, e =>
        {
            e["response"] = new JsonObject { ["challengeName"] = "PASSWORD_VERIFIER" };
            return e;
        });
        var (_, client) = await CustomPoolAsync(host, "nora", define: odd);

        var error = await UserSteps.FailsAsync(() => StartAsync(host, client, "nora"));

        error.Type.ShouldBe("InvalidLambdaResponseException");
    }

    [Fact]
    public async Task RespondToAuthChallenge_AfterAuthSessionValidity_SessionExpired()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var clocked = await StartHostAsync(NewLambda(), time);
        var (_, client) = await CustomPoolAsync(clocked, "olga");

        var challenge = await StartAsync(clocked, client, "olga");
        time.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1));
        var error = await UserSteps.FailsAsync(() => AnswerAsync(clocked, client, "olga", challenge, Answer));

        error.Type.ShouldBe("NotAuthorizedException");
        error.AwsMessage.ShouldBe("Invalid session for the user, session is expired.");
    }
}
