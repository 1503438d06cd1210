// SPDX-License-Identifier: Apache-2.0
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tessera.Core.Errors;

namespace Tessera.Server.AwsJson;

/// <summary>Calls one operation: binds the validated body, runs the handler, writes the output.</summary>
internal interface IOperationInvoker
{
    OperationModel Model { get; }

    Type HandlerType { get; }

    Type RequestType { get; }

    Task<OperationOutput> InvokeAsync(IServiceProvider services, JsonElement body, CancellationToken cancellationToken);
}

/// <summary>
/// What an operation answered: its serialized output, or an error it returned instead of throwing
/// (<see cref="IRefusableResponse"/>); every other error is thrown.
/// </summary>
internal readonly record struct OperationOutput(byte[]? Body, CognitoException? Refusal);

/// <summary>
/// A response that may stand for an error answered without an exception: a sign-in shed by the hash queue, the most
/// frequent answer of an overload (issue 17, G5a: each shed used to throw eight times on its way to the edge).
/// </summary>
internal interface IRefusableResponse
{
    CognitoException? Refusal { get; }
}

internal sealed class OperationInvoker<TRequest, TResponse>(OperationModel model, Type handlerType) : IOperationInvoker
{
    private static readonly JsonTypeInfo<TRequest> RequestInfo = AwsJsonSerializer.TypeInfo<TRequest>();
    private static readonly JsonTypeInfo<TResponse> ResponseInfo = AwsJsonSerializer.TypeInfo<TResponse>();

    public OperationModel Model { get; } = model;

    public Type HandlerType { get; } = handlerType;

    public Type RequestType => typeof(TRequest);

    public async Task<OperationOutput> InvokeAsync(IServiceProvider services, JsonElement body, CancellationToken cancellationToken)
    {
        TRequest request;
        try
        {
            request = body.Deserialize(RequestInfo) ?? throw ModelValidator.Serialization("The request body is empty.");
        }
        catch (JsonException e)
        {
            throw ModelValidator.Serialization($"Could not read the request: {e.Message.Split('.')[0]}.");
        }

        var handler = (IOperationHandler<TRequest, TResponse>)services.GetRequiredService(HandlerType);
        var response = await handler.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        return response is IRefusableResponse { Refusal: { } refusal }
            ? new OperationOutput(null, refusal)
            : new OperationOutput(JsonSerializer.SerializeToUtf8Bytes(response, ResponseInfo), null);
    }
}

/// <summary>The operations this build implements, found once at startup, keyed by <c>X-Amz-Target</c>.</summary>
internal sealed class OperationRegistry
{
    private readonly Dictionary<string, IOperationInvoker> byTarget = new(StringComparer.Ordinal);

    public OperationRegistry(IEnumerable<ServiceModel> models)
    {
        Models = models.ToDictionary(m => m.Name, StringComparer.Ordinal);
        foreach (var (type, service, name) in DiscoverHandlers())
        {
            var model = Models[service];
            if (!model.Operations.TryGetValue(name, out var operation))
            {
                throw new InvalidOperationException($"{type.Name} implements {name}, which the {service} model does not have.");
            }

            var contract = type.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IOperationHandler<,>));
            var invokerType = typeof(OperationInvoker<,>).MakeGenericType(contract.GetGenericArguments());
            byTarget[$"{model.TargetPrefix}.{name}"] = (IOperationInvoker)Activator.CreateInstance(invokerType, operation, type)!;
        }
    }

    public IReadOnlyDictionary<string, ServiceModel> Models { get; }

    public IEnumerable<IOperationInvoker> Invokers => byTarget.Values;

    public bool TryGet(string target, out IOperationInvoker invoker) => byTarget.TryGetValue(target, out invoker!);

    /// <summary>Whether the target names an operation of a known service that this build does not implement.</summary>
    public bool IsModelled(string target)
    {
        var dot = target.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && Models.Values.Any(m => m.TargetPrefix == target[..dot] && m.Operations.ContainsKey(target[(dot + 1)..]));
    }

    public ServiceModel? ServiceFor(string target)
    {
        var dot = target.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? Models.Values.FirstOrDefault(m => m.TargetPrefix == target[..dot]) : null;
    }

    public static IEnumerable<(Type Type, string Service, string Name)> DiscoverHandlers()
    {
        foreach (var type in typeof(OperationRegistry).Assembly.GetTypes())
        {
            if (type.GetCustomAttribute<CognitoOperationAttribute>() is { } idp)
            {
                yield return (type, "cognito-idp", idp.Name);
            }
            else if (type.GetCustomAttribute<AwsOperationAttribute>() is { } other)
            {
                yield return (type, other.Service, other.Name);
            }
        }
    }
}
