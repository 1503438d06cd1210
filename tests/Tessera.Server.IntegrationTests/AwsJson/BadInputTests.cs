// SPDX-License-Identifier: Apache-2.0
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.AwsJson;
using Tessera.Server.IntegrationTests.Infrastructure;
using Tessera.Tests.Streams;

namespace Tessera.Server.IntegrationTests.AwsJson;

/// <summary>One started server that every bad-input test abuses, so the last check sees all of it.</summary>
public sealed class AbusedServer : IAsyncLifetime
{
    public TesseraHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Host = await TesseraHost.StartAsync();

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Bad input generated from the model for every implemented operation (each required member missing,
/// each member of the wrong JSON type), plus malformed, empty, oversized and hostile bodies. A client's
/// mistake is a 4xx with AWS's error type and message, never a 5xx.
/// </summary>
public sealed class BadInputTests(AbusedServer server) : IClassFixture<AbusedServer>
{
    private static readonly string[] Candidates =
    [
        "us-east-1_abcDEF123", "abcdefghijklmnopqrstuvwxyz", "alice", "alice@example.com", "Temp-Pass-1",
        "https://example.com/callback", "123456", "+15555550100", "aGVsbG8=", "x",
        "us-east-1:00000000-0000-0000-0000-000000000000",
        "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abcDEF123",
        "0f8fad5b-d9cb-469f-a165-70867728950e", "terms-of-use", "us-east-1_0f8fad5b-d9cb-469f-a165-70867728950e",
        "import-abcDEF1234",
    ];

    private TesseraHost Host => server.Host;

    public static TheoryData<string> Operations()
    {
        var data = new TheoryData<string>();
        foreach (var (_, service, name) in OperationRegistry.DiscoverHandlers())
        {
            data.Add($"{service}/{name}");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task EachRequiredMemberMissing_ThrowsInvalidParameterNamingIt(string operation)
    {
        var (model, name, input) = Resolve(operation);
        if (input is null || input.Required.Count == 0)
        {
            return;
        }

        foreach (var required in input.Required)
        {
            var body = Valid(model, input).AsObject();
            body.Remove(required);

            var (status, type, message) = await SendAsync(model, name, body.ToJsonString());

            status.ShouldBe(400, $"{name} without {required}");
            type.ShouldBe(ValidationErrorOf(model), $"{name} without {required}: {message}");
            message.ShouldBe($"1 validation error detected: Value null at '{char.ToLowerInvariant(required[0])}{required[1..]}' failed to satisfy constraint: Member must not be null");
        }
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task EachMemberOfTheWrongJsonType_ThrowsSerialization(string operation)
    {
        var (model, name, input) = Resolve(operation);
        if (input is null)
        {
            return;
        }

        foreach (var (member, shapeName) in input.MemberShapes)
        {
            var shape = model.Shapes[shapeName];
            JsonNode wrong = shape.Type switch
            {
                "string" => JsonValue.Create(12345),
                "integer" or "long" => JsonValue.Create("12"),
                "boolean" => JsonValue.Create("true"),
                "blob" => JsonValue.Create(5),
                "timestamp" or "double" or "float" => JsonValue.Create(true),
                _ => JsonValue.Create("not-a-" + shape.Type),
            };
            var body = Valid(model, input).AsObject();
            body[member] = wrong;

            var (status, type, message) = await SendAsync(model, name, body.ToJsonString());

            status.ShouldBe(400, $"{name}.{member} as {wrong.ToJsonString()}");
            type.ShouldBe("SerializationException", $"{name}.{member} as {wrong.ToJsonString()}: {message}");
            if (shape.Type == "string")
            {
                message.ShouldBe("class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String");
            }
        }
    }

    public static TheoryData<string> ModelledOperations()
    {
        var data = new TheoryData<string>();
        foreach (var service in new[] { "cognito-idp", "cognito-identity" })
        {
            foreach (var name in ServiceModel.Load(service).Operations.Keys.Order(StringComparer.Ordinal))
            {
                data.Add($"{service}/{name}");
            }
        }

        return data;
    }

    /// <summary>
    /// Every string of every operation of both models (members, nested members, list items, map keys and
    /// values) holding text no AWS service reads as a string (a lone UTF-16 surrogate escape, either half,
    /// raw bytes that are not UTF-8) or that a store cannot keep (U+0000, refused by PostgreSQL). Each is a
    /// SerializationException; an operation Tessera does not implement refuses before reading.
    /// </summary>
    [Theory]
    [MemberData(nameof(ModelledOperations))]
    public async Task EachStringHoldingALoneSurrogateOrInvalidUtf8_ThrowsSerialization(string operation)
    {
        var (model, name, input) = Resolve(operation);
        var implemented = Host.Services.GetRequiredService<OperationRegistry>().TryGet($"{model.TargetPrefix}.{name}", out _);
        var slots = input is null ? [] : StringSlots(model, input).ToList();
        if (input is not null && input.MemberShapes.Values.Any(s => model.Shapes[s].Type is "string" or "structure" or "list" or "map"))
        {
            slots.ShouldNotBeEmpty(name);
        }

        foreach (var (path, body) in slots)
        {
            var text = body.ToJsonString();
            var marker = "\"" + Marker + "\"";
            text.ShouldContain(marker, Case.Sensitive, $"{name} {path}");
            foreach (var (label, bytes) in new (string, byte[])[]
            {
                ("\\ud800", Encoding.UTF8.GetBytes(text.Replace(marker, "\"\\ud800\"", StringComparison.Ordinal))),
                ("\\udc00x", Encoding.UTF8.GetBytes(text.Replace(marker, "\"\\udc00x\"", StringComparison.Ordinal))),
                ("\\ud800\\u0041", Encoding.UTF8.GetBytes(text.Replace(marker, "\"\\ud800\\u0041\"", StringComparison.Ordinal))),
                ("a\\u0000b", Encoding.UTF8.GetBytes(text.Replace(marker, "\"a\\u0000b\"", StringComparison.Ordinal))),
                ("0xC3 0x28", Splice(text, marker, [(byte)'"', 0xC3, 0x28, (byte)'"'])),
                ("0xED 0xA0 0x80", Splice(text, marker, [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'])),
            })
            {
                using var request = Signed($"{model.TargetPrefix}.{name}", new ByteArrayContent(bytes), bytes, service: model.SigningName);

                var (status, type, message) = await ReadAsync(await Host.Client.SendAsync(request, TestContext.Current.CancellationToken));

                status.ShouldBe(400, $"{name} {path} = {label}: {type} {message}");
                type.ShouldBe(implemented ? "SerializationException" : "UnsupportedOperationException", $"{name} {path} = {label}: {message}");
            }
        }
    }

    [Theory]
    [InlineData("""{"PoolName": """)]
    [InlineData("""{"PoolName": "a",}""")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("\"PoolName\"")]
    public async Task MalformedOrNonObjectJson_ThrowsSerialization(string body)
    {
        var (status, type, _) = await SendAsync("CreateUserPool", body);

        status.ShouldBe(400);
        type.ShouldBe("SerializationException");
    }

    [Fact]
    public async Task InvalidUtf8_ThrowsSerialization()
    {
        var (status, type, _) = await SendRawAsync("CreateUserPool", [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']);

        status.ShouldBe(400);
        type.ShouldBe("SerializationException");
    }

    [Fact]
    public async Task DeeplyNestedJson_ThrowsSerialization()
    {
        var body = """{"PoolName":"p","UserPoolTags":""" + new string('[', 5000) + new string(']', 5000) + "}";

        var (status, type, _) = await SendAsync("CreateUserPool", body);

        status.ShouldBe(400);
        type.ShouldBe("SerializationException");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n ")]
    public async Task EmptyBody_ReadsAsEmptyObject(string body)
    {
        // Smithy's awsJson1_1 protocol tests: no payload is {}; CreateUserPool then lacks its PoolName.
        var (status, type, message) = await SendAsync("CreateUserPool", body);

        status.ShouldBe(400);
        type.ShouldBe("InvalidParameterException");
        message.ShouldBe("1 validation error detected: Value null at 'poolName' failed to satisfy constraint: Member must not be null");
    }

    [Fact]
    public async Task TenThousandCharacterUsername_ThrowsInvalidParameter()
    {
        var pool = await Host.CreatePoolAsync();

        var (status, type, message) = await SendAsync("AdminCreateUser", new JsonObject { ["UserPoolId"] = pool, ["Username"] = new string('a', 10_000) }.ToJsonString());

        status.ShouldBe(400);
        type.ShouldBe("InvalidParameterException");
        message.ShouldStartWith("1 validation error detected: ");
        message.ShouldContain("at 'username' failed to satisfy constraint: Member must have length less than or equal to 128");
        message.Length.ShouldBeLessThan(1000);
    }

    [Fact]
    public async Task TwoMegabyteBody_Answers413()
    {
        var body = """{"PoolName":"p","x":""" + "\"" + new string('a', 2 * 1024 * 1024) + "\"}";

        var (status, type, _) = await SendAsync("CreateUserPool", body);

        status.ShouldBe(413);
        type.ShouldBe("RequestEntityTooLargeException");
    }

    [Fact]
    public async Task TwoMegabyteBodyWithoutContentLength_Answers413()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"PoolName":"p","x":""" + "\"" + new string('a', 2 * 1024 * 1024) + "\"}");
        using var request = Signed("AWSCognitoIdentityProviderService.CreateUserPool", new StreamContent(new UnknownLengthStream(bytes)), bytes);

        using var response = await Host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        ((int)response.StatusCode).ShouldBe(413);
    }

    [Theory]
    [InlineData("""{"iss":"\ud800","sub":"x"}""")]
    [InlineData("""{"iss":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abcDEF123","sub":"\udc00","token_use":"access"}""")]
    [InlineData("""{"\ud800":1}""")]
    public async Task TokenWhosePayloadHoldsALoneSurrogate_IsAMalformedTokenEverywhere(string payload)
    {
        // The token's own JSON is base64url inside a JSON string: the door does not see it, the token reader does.
        static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = $"{B64("""{"alg":"RS256","kid":"k"}""")}.{B64(payload)}.{B64("sig")}";
        var idp = ServiceModel.Load("cognito-idp");
        var identity = ServiceModel.Load("cognito-identity");
        var pool = await Host.CreatePoolAsync();
        var identityPool = (await Host.CallServiceAsync("AWSCognitoIdentityService", "cognito-identity", "CreateIdentityPool", new
        {
            IdentityPoolName = "surrogates",
            AllowUnauthenticatedIdentities = false,
            CognitoIdentityProviders = new[] { new { ProviderName = $"cognito-idp.us-east-1.amazonaws.com/{pool}", ClientId = "abcdefghijklmnopqrstuvwxyz" } },
        }))["IdentityPoolId"]!.GetValue<string>();

        (await SendAsync(idp, "GetUser", new JsonObject { ["AccessToken"] = token }.ToJsonString())).Type.ShouldBe("NotAuthorizedException");
        var logins = new JsonObject { [$"cognito-idp.us-east-1.amazonaws.com/{pool}"] = token };
        (await SendAsync(identity, "GetId", new JsonObject { ["IdentityPoolId"] = identityPool, ["Logins"] = logins }.ToJsonString())).Type.ShouldBe("NotAuthorizedException");
        var flow = await OAuthFlow.CreateAsync(Host);
        using var userInfo = new HttpRequestMessage(HttpMethod.Get, $"{flow.Base}/oauth2/userInfo");
        userInfo.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        using (var answer = await Host.Client.SendAsync(userInfo, TestContext.Current.CancellationToken))
        {
            ((int)answer.StatusCode).ShouldBe(401);
        }

        var form = $"Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn:aws:iam::000000000000:role/reader&RoleSessionName=session&WebIdentityToken={token}";
        using var sts = await Host.Client.PostAsync("/", new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"), TestContext.Current.CancellationToken);
        ((int)sts.StatusCode).ShouldBe(400);
        (await sts.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("<Code>InvalidIdentityToken</Code>");
    }

    [Fact]
    public async Task StsBodyWithoutContentLength_IsRefusedBeforeItIsReadWhole()
    {
        var large = new GeneratedStream(Encoding.ASCII.GetBytes("Action=GetCallerIdentity&Version=2011-06-15&x="), (byte)'a', [], 128L * 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StreamContent(large) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");

        using var response = await Host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        ((int)response.StatusCode).ShouldBe(400);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("<Code>ValidationError</Code>");
        large.Served.ShouldBeLessThan(4 * 1024 * 1024);
    }

    [Fact]
    public async Task HostileAndUnicodeNames_AreStoredAndReturnedVerbatim()
    {
        var pool = await Host.CreatePoolAsync();
        string[] usernames = ["josé.名前", "<script>alert(1)</script>", "Robert');DROP_TABLE_Users;--", "Ωμέγα🧪"];
        var values = new Dictionary<string, string>
        {
            ["name"] = "Robert'); DROP TABLE Users;--",
            ["family_name"] = "<script>alert(\"x\")</script>",
            ["given_name"] = "Zoë 🧪 名前 \u202Eevil",
            ["nickname"] = "' OR '1'='1",
        };

        foreach (var username in usernames)
        {
            await Host.CallAsync("AdminCreateUser", new
            {
                UserPoolId = pool,
                Username = username,
                MessageAction = "SUPPRESS",
                UserAttributes = values.Select(v => new { Name = v.Key, Value = v.Value }).ToArray(),
            });

            var user = await Host.CallAsync("AdminGetUser", new { UserPoolId = pool, Username = username });

            user["Username"]!.GetValue<string>().ShouldBe(username);
            var attributes = user["UserAttributes"]!.AsArray().ToDictionary(a => a!["Name"]!.GetValue<string>(), a => a!["Value"]!.GetValue<string>());
            foreach (var (key, value) in values)
            {
                attributes[key].ShouldBe(value);
            }
        }

        var missing = await Should.ThrowAsync<AwsErrorException>(() => Host.CallAsync("AdminGetUser", new { UserPoolId = pool, Username = "'OR'1'='1" }));
        missing.Type.ShouldBe("UserNotFoundException");
    }

    [Fact]
    public async Task PoolName_SqlLookingButAllowed_IsStoredVerbatim_AndDisallowedCharactersAre400()
    {
        var created = await Host.CallAsync("CreateUserPool", new { PoolName = "pools -- DROP TABLE users" });
        var described = await Host.CallAsync("DescribeUserPool", new { UserPoolId = created["UserPool"]!["Id"]!.GetValue<string>() });
        described["UserPool"]!["Name"]!.GetValue<string>().ShouldBe("pools -- DROP TABLE users");

        // The model's pattern is [\w\s+=,.@-]+ with Java's ASCII \w: quotes, semicolons and non-ASCII letters are refused.
        foreach (var name in new[] { "x' OR '1'='1", "a;DROP TABLE pools", "<script>", "プール" })
        {
            var (status, type, message) = await SendAsync("CreateUserPool", new JsonObject { ["PoolName"] = name }.ToJsonString());
            status.ShouldBe(400, name);
            type.ShouldBe("InvalidParameterException", name);
            message.ShouldContain("at 'poolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+");
        }
    }

    [Theory]
    [InlineData("pool#name")]
    [InlineData("pool/name")]
    public async Task IdentityPoolNameBreakingThePattern_ThrowsValidationExceptionInAwsWords(string poolName)
    {
        var model = ServiceModel.Load("cognito-identity");

        var (status, type, message) = await SendAsync(model, "CreateIdentityPool", new JsonObject { ["IdentityPoolName"] = poolName, ["AllowUnauthenticatedIdentities"] = false }.ToJsonString());

        status.ShouldBe(400);
        type.ShouldBe("ValidationException");
        message.ShouldBe($"1 validation error detected: Value '{poolName}' at 'identityPoolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+");
    }

    [Theory]
    [InlineData("AWSCognitoIdentityProviderService.NoSuchOperation")]
    [InlineData("NoSuchService.CreateUserPool")]
    [InlineData("CreateUserPool")]
    [InlineData("")]
    public async Task UnknownTarget_ThrowsUnknownOperation(string target)
    {
        using var request = Signed(target, new StringContent("{}", Encoding.UTF8), "{}"u8.ToArray());

        var (status, type, _) = await ReadAsync(await Host.Client.SendAsync(request, TestContext.Current.CancellationToken));

        status.ShouldBe(400);
        type.ShouldBe("UnknownOperationException");
    }

    [Fact]
    public async Task ModelledButUnimplementedOperation_ThrowsUnsupportedOperation()
    {
        var registry = Host.Services.GetRequiredService<OperationRegistry>();
        var model = registry.Models["cognito-idp"];
        var missing = model.Operations.Keys.Order(StringComparer.Ordinal).First(op => !registry.TryGet($"{model.TargetPrefix}.{op}", out _));

        var (status, type, message) = await SendAsync(model, missing, "{}");

        status.ShouldBe(400);
        type.ShouldBe("UnsupportedOperationException");
        message.ShouldContain(missing);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{not json")]
    [InlineData("""{"UserPoolId": 5}""")]
    public async Task AdminCallWithoutSignature_ThrowsMissingAuthenticationToken_BeforeLookingAtTheBody(string body)
    {
        var (status, type, message) = await ReadAsync(await Host.SendAsync("AWSCognitoIdentityProviderService", "cognito-idp", "AdminCreateUser", body, sign: false));

        status.ShouldBe(400);
        type.ShouldBe("MissingAuthenticationTokenException");
        message.ShouldBe("Missing Authentication Token");
    }

    [Fact]
    public async Task AdminCallWithWrongSecret_ThrowsInvalidSignature_BeforeLookingAtTheBody()
    {
        var body = "{}"u8.ToArray();
        using var request = Signed("AWSCognitoIdentityProviderService.AdminCreateUser", new ByteArrayContent(body), body, "not-the-secret");

        var (status, type, _) = await ReadAsync(await Host.Client.SendAsync(request, TestContext.Current.CancellationToken));

        status.ShouldBe(400);
        type.ShouldBe("InvalidSignatureException");
    }

    [Fact]
    public async Task AfterTheAbuse_TheServerStillAnswersANormalCall()
    {
        // Run a share of the abuse here too, so this holds whatever order the tests ran in.
        await SendAsync("CreateUserPool", "{\"PoolName\": ");
        await SendAsync("CreateUserPool", """{"PoolName":"p","x":""" + "\"" + new string('a', 2 * 1024 * 1024) + "\"}");
        await SendAsync("AdminCreateUser", """{"UserPoolId": 1, "Username": [], "UserAttributes": "x"}""");

        var pool = await Host.CreatePoolAsync();
        var (client, _) = await Host.CreateClientAsync(pool);
        await Host.CreateConfirmedUserAsync(pool, client, "still-alive", "Perm-Pass-1");
        var tokens = await Host.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId = client,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "still-alive", ["PASSWORD"] = "Perm-Pass-1" },
        }, sign: false);
        tokens["AuthenticationResult"]!["AccessToken"].ShouldNotBeNull();
    }

    private const string Marker = "string-slot-7f3a";

    /// <summary>What each service's front end calls a constraint violation (cognito-idp: InvalidParameterException; cognito-identity: ValidationException).</summary>
    private static string ValidationErrorOf(ServiceModel model) => model.Name == "cognito-idp" ? "InvalidParameterException" : "ValidationException";

    /// <summary>A body per place a string can go in <paramref name="input"/>, that place holding <see cref="Marker"/>.</summary>
    private static IEnumerable<(string Path, JsonObject Body)> StringSlots(ServiceModel model, Shape input)
    {
        foreach (var (path, node) in Slots(model, input, string.Empty, []))
        {
            yield return (path, node.AsObject());
        }
    }

    private static IEnumerable<(string Path, JsonNode Node)> Slots(ServiceModel model, Shape shape, string path, HashSet<string> visiting)
    {
        // Recursive shapes are walked once per branch; their strings are reached on the first visit.
        if (!visiting.Add(shape.Name))
        {
            yield break;
        }

        switch (shape.Type)
        {
            case "string":
                yield return (path, JsonValue.Create(Marker));
                break;
            case "structure":
                foreach (var (member, memberShape) in shape.MemberShapes)
                {
                    foreach (var (inner, node) in Slots(model, model.Shapes[memberShape], $"{path}.{member}", visiting))
                    {
                        var holder = ValidOrEmpty(model, shape).AsObject();
                        holder[member] = node;
                        yield return (inner, holder);
                    }
                }

                break;
            case "list":
                foreach (var (inner, node) in Slots(model, model.Shapes[shape.ListMember!], path + "[0]", visiting))
                {
                    yield return (inner, new JsonArray(node));
                }

                break;
            case "map":
                var value = model.Shapes[shape.MapValue!];
                yield return (path + "{key}", new JsonObject { [Marker] = ValidOrEmpty(model, value) });
                foreach (var (inner, node) in Slots(model, value, path + "{k}", visiting))
                {
                    yield return (inner, new JsonObject { ["k"] = node });
                }

                break;
            default:
                break;
        }

        visiting.Remove(shape.Name);
    }

    /// <summary>A valid value where the candidates allow one; else the simplest value of the type (the bad string fails first anyway).</summary>
    private static JsonNode ValidOrEmpty(ServiceModel model, Shape shape)
    {
        try
        {
            return Valid(model, shape);
        }
        catch (InvalidOperationException)
        {
            return shape.Type == "structure" ? new JsonObject() : JsonValue.Create("x");
        }
    }

    private static byte[] Splice(string text, string marker, byte[] replacement)
    {
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(text[..at]), .. replacement, .. Encoding.UTF8.GetBytes(text[(at + marker.Length)..])];
    }

    private static (ServiceModel Model, string Name, Shape? Input) Resolve(string operation)
    {
        var slash = operation.IndexOf('/', StringComparison.Ordinal);
        var model = ServiceModel.Load(operation[..slash]);
        var name = operation[(slash + 1)..];
        return (model, name, model.Operations[name].Input);
    }

    /// <summary>A value the model accepts: required members only, strings picked to match the shape's pattern and length.</summary>
    private static JsonNode Valid(ServiceModel model, Shape shape)
    {
        switch (shape.Type)
        {
            case "structure":
                var members = shape.MemberShapes;
                var obj = new JsonObject();
                foreach (var required in shape.Required)
                {
                    obj[required] = Valid(model, model.Shapes[members[required]]);
                }

                return obj;
            case "list":
                var array = new JsonArray();
                for (var i = 0; i < (shape.Min ?? 0); i++)
                {
                    array.Add(Valid(model, model.Shapes[shape.ListMember!]));
                }

                return array;
            case "map":
                return new JsonObject();
            case "integer" or "long":
                return JsonValue.Create((long)(shape.Min ?? 1));
            case "boolean":
                return JsonValue.Create(true);
            case "blob":
                return JsonValue.Create("aGVsbG8=");
            case "timestamp" or "double" or "float":
                return JsonValue.Create(1);
            default:
                if (shape.Enum is { Count: > 0 } values)
                {
                    return JsonValue.Create(values[0]);
                }

                var padded = Candidates.Concat(Candidates.Select(c => c.PadRight((int)(shape.Min ?? 0), 'a')));
                var text = padded.FirstOrDefault(c => c.Length >= (shape.Min ?? 0) && c.Length <= (shape.Max ?? int.MaxValue) && (shape.Pattern?.IsMatch(c) ?? true))
                    ?? throw new InvalidOperationException($"No candidate value fits {shape.Name} ({shape.PatternText}); add one to Candidates.");
                return JsonValue.Create(text);
        }
    }

    private Task<(int Status, string Type, string Message)> SendAsync(string operation, string body)
        => SendAsync(ServiceModel.Load("cognito-idp"), operation, body);

    private async Task<(int Status, string Type, string Message)> SendAsync(ServiceModel model, string operation, string body)
        => await ReadAsync(await Host.SendAsync(model.TargetPrefix!, model.SigningName, operation, body));

    private async Task<(int Status, string Type, string Message)> SendRawAsync(string operation, byte[] body)
    {
        using var request = Signed($"AWSCognitoIdentityProviderService.{operation}", new ByteArrayContent(body), body);
        return await ReadAsync(await Host.Client.SendAsync(request, TestContext.Current.CancellationToken));
    }

    /// <summary>A POST / with any content (raw bytes, a stream of unknown length), signed over <paramref name="body"/>.</summary>
    private static HttpRequestMessage Signed(string target, HttpContent content, byte[] body, string secret = TesseraHost.SecretAccessKey, string service = "cognito-idp")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = content };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        TesseraHost.Sign(request, body, service, secret);
        return request;
    }

    private static async Task<(int Status, string Type, string Message)> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var status = (int)response.StatusCode;
            status.ShouldBeLessThan(500, "a client's mistake must never be a 5xx");
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return (status, string.Empty, text);
            }

            var error = JsonNode.Parse(text)!.AsObject();
            var type = error["__type"]!.GetValue<string>();
            response.Headers.GetValues("x-amzn-ErrorType").Single().ShouldBe(type + ":");
            return (status, type, error["message"]?.GetValue<string>() ?? string.Empty);
        }
    }

    /// <summary>A body sent chunked: the server cannot refuse it by Content-Length and must count.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
