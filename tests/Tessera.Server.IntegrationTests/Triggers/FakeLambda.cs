// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Tessera.Core.Triggers;

namespace Tessera.Server.IntegrationTests.Triggers;

/// <summary>A Lambda stand-in for edge cases: records every event and answers with what the test scripted per trigger.</summary>
public sealed class FakeLambda : ILambdaInvoker
{
    private readonly Dictionary<string, Func<JsonObject, JsonObject>> answers = new(StringComparer.Ordinal);

    public List<JsonObject> Events { get; } = [];

    /// <summary>The function for <paramref name="trigger"/> returns the event with <c>response</c> set to <paramref name="response"/>.</summary>
    public void Answer(string trigger, JsonObject response) => answers[trigger] = e =>
    {
        e["response"] = response.DeepClone();
        return e;
    };

    /// <summary>The function for <paramref name="trigger"/> fails with <paramref name="message"/>, as Lambda reports a thrown error.</summary>
    public void Throw(string trigger, string message) => answers[trigger] = _ => throw TriggerErrors.FunctionFailed(trigger, message);

    public Task<JsonObject> InvokeAsync(string functionArn, string trigger, JsonObject triggerEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(triggerEvent);
        Events.Add(triggerEvent.DeepClone().AsObject());
        return Task.FromResult(answers.TryGetValue(trigger, out var answer) ? answer(triggerEvent) : triggerEvent);
    }
}
