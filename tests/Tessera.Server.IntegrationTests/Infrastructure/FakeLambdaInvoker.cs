// SPDX-License-Identifier: Apache-2.0
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Tessera.Core.Triggers;

namespace Tessera.Server.IntegrationTests.Infrastructure;

/// <summary>
/// Stands in for the Lambda Invoke API in process: each function ARN maps to a handler that gets the event and
/// returns it (with its response filled in), as a Node.js Cognito trigger does. Every event is recorded.
/// </summary>
public sealed class FakeLambdaInvoker : ILambdaInvoker
{
    private readonly ConcurrentDictionary<string, Func<JsonObject, JsonObject>> functions = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Function, JsonObject Event)> Calls { get; } = new();

    public void Register(string functionArn, Func<JsonObject, JsonObject> handler) => functions[functionArn] = handler;

    public IReadOnlyList<JsonObject> EventsOf(string functionArn) => Calls.Where(c => c.Function == functionArn).Select(c => c.Event).ToList();

    public Task<JsonObject> InvokeAsync(string functionArn, string trigger, JsonObject triggerEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(triggerEvent);
        Calls.Enqueue((functionArn, (JsonObject)triggerEvent.DeepClone()));
        if (!functions.TryGetValue(functionArn, out var handler))
        {
            throw TriggerErrors.InvocationFailed(trigger, "function not found");
        }

        try
        {
            return Task.FromResult(handler(triggerEvent));
        }
        catch (InvalidOperationException e)
        {
            // A handler that throws is a function that failed: Cognito passes its message on.
            throw TriggerErrors.FunctionFailed(trigger, e.Message);
        }
    }
}
