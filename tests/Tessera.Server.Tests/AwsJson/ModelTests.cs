// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Tessera.Server.AwsJson;

namespace Tessera.Server.Tests.AwsJson;

/// <summary>
/// The implemented operations against the AWS service models (botocore service-2.json): each registered
/// target exists, every request and response member is a member of the model's shape with a matching
/// type, and each operation's auth is the model's.
/// </summary>
public sealed class ModelTests
{
    private static readonly string[] Services = ["cognito-idp", "cognito-identity", "sts"];

    public static TheoryData<string> Handlers()
    {
        var data = new TheoryData<string>();
        foreach (var (_, service, name) in OperationRegistry.DiscoverHandlers())
        {
            data.Add($"{service}/{name}");
        }

        return data;
    }

    [Fact]
    public void DiscoverHandlers_FindsTheFoundationOperations()
    {
        // Both services have TagResource, UntagResource and ListTagsForResource: a name is unique within its service.
        var names = OperationRegistry.DiscoverHandlers().Select(h => $"{h.Service}/{h.Name}").ToList();

        names.ShouldContain("cognito-idp/CreateUserPool");
        names.ShouldContain("cognito-idp/AdminCreateUser");
        names.ShouldContain("cognito-idp/InitiateAuth");
        names.ShouldBeUnique();
    }

    [Theory]
    [InlineData("cognito-idp")]
    [InlineData("cognito-identity")]
    [InlineData("sts")]
    public void EmbeddedModel_EqualsSharedCopy(string service)
    {
        var shared = SharedModelPath(service);
        if (shared is null)
        {
            Assert.Skip("The shared AWS models (../shared/aws-models) are not on this machine.");
        }

        using var stream = typeof(ServiceModel).Assembly.GetManifestResourceStream($"Tessera.Models.{service}.json")!;
        using var embedded = new MemoryStream();
        stream.CopyTo(embedded);

        embedded.ToArray().SequenceEqual(File.ReadAllBytes(shared)).ShouldBeTrue($"src/Tessera.Server/AwsJson/Models/{service}.json differs from {shared}");
    }

    [Theory]
    [MemberData(nameof(Handlers))]
    public void RegisteredTarget_ExistsInTheModel(string handler)
    {
        var (service, name) = Split(handler);
        using var model = ReadModel(service);

        model.RootElement.GetProperty("operations").TryGetProperty(name, out var operation).ShouldBeTrue($"{name} is not an operation of {service}");
        operation.GetProperty("name").GetString().ShouldBe(name);
        var registry = Registry();
        var target = $"{model.RootElement.GetProperty("metadata").GetProperty("targetPrefix").GetString()}.{name}";
        registry.TryGet(target, out var invoker).ShouldBeTrue($"{target} is not registered");
        invoker.Model.Name.ShouldBe(name);
    }

    [Theory]
    [MemberData(nameof(Handlers))]
    public void RequestRecord_EveryPropertyIsAMemberOfTheInputShape(string handler)
    {
        var (service, name) = Split(handler);
        using var model = ReadModel(service);
        var operation = model.RootElement.GetProperty("operations").GetProperty(name);
        var problems = new List<string>();

        Compare(model.RootElement, RequestType(service, name), operation.GetProperty("input").GetProperty("shape").GetString()!, $"{name} request", problems);

        problems.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Handlers))]
    public void ResponseRecord_EveryPropertyIsAMemberOfTheOutputShape(string handler)
    {
        var (service, name) = Split(handler);
        using var model = ReadModel(service);
        var operation = model.RootElement.GetProperty("operations").GetProperty(name);
        var responseType = ResponseType(service, name);
        var problems = new List<string>();

        if (operation.TryGetProperty("output", out var output))
        {
            Compare(model.RootElement, responseType, output.GetProperty("shape").GetString()!, $"{name} response", problems);
        }
        else
        {
            // No output shape: the wire answer is an empty object.
            AwsJsonSerializer.Options.GetTypeInfo(responseType).Properties.ShouldBeEmpty();
        }

        problems.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Handlers))]
    public void Auth_IsTheModelsAuthType(string handler)
    {
        var (service, name) = Split(handler);
        using var model = ReadModel(service);
        var operation = model.RootElement.GetProperty("operations").GetProperty(name);
        var unsigned = (operation.TryGetProperty("authtype", out var authtype) && authtype.GetString() == "none")
            || (operation.TryGetProperty("auth", out var auth) && auth.EnumerateArray().Any(a => a.GetString() == "smithy.api#noAuth"));

        Invoker(service, name).Model.Unsigned.ShouldBe(unsigned, $"{name}: the model says {(unsigned ? "unsigned" : "SigV4")}");
    }

    [Fact]
    public void Compare_RecordOfAnotherOperation_ReportsEachStrangerAndTypeMismatch()
    {
        using var model = ReadModel("cognito-idp");
        var problems = new List<string>();

        // InitiateAuth's request against AdminCreateUser's input: AuthFlow, ClientId… are strangers there.
        Compare(model.RootElement, RequestType("cognito-idp", "InitiateAuth"), "AdminCreateUserRequest", "probe", problems);
        Compare(model.RootElement, ResponseType("cognito-idp", "AdminCreateUser"), "DescribeUserPoolResponse", "probe", problems);

        problems.ShouldContain("probe.AuthFlow is not a member of AdminCreateUserRequest");
        problems.ShouldContain("probe.User is not a member of DescribeUserPoolResponse");
    }

    [Theory]
    [InlineData("cognito-idp")]
    [InlineData("cognito-identity")]
    public void UnsignedOperations_AreExactlyTheModelsAuthTypeNone(string service)
    {
        using var model = ReadModel(service);
        var expected = model.RootElement.GetProperty("operations").EnumerateObject()
            .Where(o => o.Value.TryGetProperty("authtype", out var a) && a.GetString() == "none")
            .Select(o => o.Name)
            .Order(StringComparer.Ordinal)
            .ToList();

        var loaded = ServiceModel.Load(service).Operations.Values.Where(o => o.Unsigned).Select(o => o.Name).Order(StringComparer.Ordinal).ToList();

        loaded.ShouldBe(expected);
        if (service == "cognito-idp")
        {
            loaded.ShouldContain("InitiateAuth");
            loaded.ShouldContain("RespondToAuthChallenge");
            loaded.ShouldContain("GetUser");
            loaded.ShouldNotContain("AdminInitiateAuth");
            loaded.ShouldNotContain("AdminCreateUser");
        }
    }

    private static void Compare(JsonElement model, Type type, string shapeName, string path, List<string> problems)
    {
        var shape = model.GetProperty("shapes").GetProperty(shapeName);
        if (shape.GetProperty("type").GetString() != "structure")
        {
            problems.Add($"{path}: {shapeName} is a {shape.GetProperty("type").GetString()}, not a structure");
            return;
        }

        var members = shape.TryGetProperty("members", out var m) ? m : default;
        foreach (var property in AwsJsonSerializer.Options.GetTypeInfo(type).Properties)
        {
            // Never on the wire (a response's refusal, which the edge answers as an error instead).
            if (type.GetProperty(property.Name)?.IsDefined(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), inherit: false) == true)
            {
                continue;
            }

            if (members.ValueKind != JsonValueKind.Object || !members.TryGetProperty(property.Name, out var member))
            {
                problems.Add($"{path}.{property.Name} is not a member of {shapeName}");
                continue;
            }

            CompareValue(model, property.PropertyType, member.GetProperty("shape").GetString()!, $"{path}.{property.Name}", problems);
        }
    }

    private static void CompareValue(JsonElement model, Type type, string shapeName, string path, List<string> problems)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(JsonElement) || type == typeof(System.Text.Json.Nodes.JsonNode))
        {
            return;
        }

        var kind = model.GetProperty("shapes").GetProperty(shapeName).GetProperty("type").GetString();
        var matches = kind switch
        {
            "string" => type == typeof(string),
            "integer" => type == typeof(int) || type == typeof(long),
            "long" => type == typeof(long),
            "boolean" => type == typeof(bool),
            "timestamp" => type == typeof(DateTimeOffset),
            "double" or "float" => type == typeof(double) || type == typeof(float) || type == typeof(decimal),
            "blob" => type == typeof(string) || type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>),
            "list" => ElementType(type) is not null,
            "map" => DictionaryValueType(type) is not null,
            "structure" => type.IsClass && type != typeof(string) && ElementType(type) is null,
            _ => false,
        };
        if (!matches)
        {
            problems.Add($"{path}: {type.Name} does not carry the model's {kind} ({shapeName})");
            return;
        }

        var shape = model.GetProperty("shapes").GetProperty(shapeName);
        if (kind == "list")
        {
            CompareValue(model, ElementType(type)!, shape.GetProperty("member").GetProperty("shape").GetString()!, path + "[]", problems);
        }
        else if (kind == "map")
        {
            CompareValue(model, DictionaryValueType(type)!, shape.GetProperty("value").GetProperty("shape").GetString()!, path + "{}", problems);
        }
        else if (kind == "structure")
        {
            Compare(model, type, shapeName, path, problems);
        }
    }

    private static Type? DictionaryValueType(Type type)
        => type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string)
            && type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)
                && i.GetGenericArguments()[0] == typeof(KeyValuePair<,>).MakeGenericType(key, value))
            ? value
            : null;

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string) || DictionaryValueType(type) is not null)
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    private static (string Service, string Name) Split(string handler)
    {
        var slash = handler.IndexOf('/', StringComparison.Ordinal);
        return (handler[..slash], handler[(slash + 1)..]);
    }

    private static OperationRegistry Registry() => new(Services.Where(s => s != "sts").Select(ServiceModel.Load));

    private static IOperationInvoker Invoker(string service, string name)
    {
        var prefix = ServiceModel.Load(service).TargetPrefix;
        Registry().TryGet($"{prefix}.{name}", out var invoker).ShouldBeTrue();
        return invoker;
    }

    private static Type RequestType(string service, string name) => Contract(service, name).GetGenericArguments()[0];

    private static Type ResponseType(string service, string name) => Contract(service, name).GetGenericArguments()[1];

    private static Type Contract(string service, string name)
        => OperationRegistry.DiscoverHandlers().Single(h => h.Service == service && h.Name == name).Type
            .GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IOperationHandler<,>));

    /// <summary>The shared copy when this machine has it (the embedded copy is checked equal to it), else the embedded one.</summary>
    private static JsonDocument ReadModel(string service)
    {
        if (SharedModelPath(service) is { } shared)
        {
            return JsonDocument.Parse(File.ReadAllBytes(shared));
        }

        using var stream = typeof(ServiceModel).Assembly.GetManifestResourceStream($"Tessera.Models.{service}.json")!;
        return JsonDocument.Parse(stream);
    }

    /// <summary>../shared/aws-models/&lt;service&gt;/service-2.json beside the repository, or TESSERA_AWS_MODELS.</summary>
    private static string? SharedModelPath(string service)
    {
        if (Environment.GetEnvironmentVariable("TESSERA_AWS_MODELS") is { Length: > 0 } configured)
        {
            return Path.Combine(configured, service, "service-2.json");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "aws-models", service, "service-2.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
