// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Server.AwsJson;

namespace Tessera.Server.AdminConsole;

/// <summary>
/// The console's one way to change or read a pool: it calls the registered Cognito operation in process, with the
/// same model validation the JSON endpoint applies and the same handler, so every rule (name patterns, update
/// semantics, deletion protection) is the API's own and whatever the console does is what the AWS CLI sees.
/// Only the signature check is left out: the console's own access rule (<see cref="ConsoleAccess"/>) stands in its place.
/// </summary>
internal sealed class ConsoleOperations(OperationRegistry registry)
{
    public const string UserPools = "cognito-idp";
    public const string IdentityPools = "cognito-identity";

    /// <summary>Calls a user-pool operation; a client mistake comes back as the operation's <see cref="Core.Errors.CognitoException"/>.</summary>
    public Task<JsonElement> IdpAsync(HttpContext context, string operation, JsonObject body)
        => CallAsync(context, UserPools, operation, body);

    public Task<JsonElement> CallAsync(HttpContext context, string service, string operation, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(context);
        return CallAsync(context.RequestServices, service, operation, body, context.RequestAborted);
    }

    /// <summary>Calls an operation outside a request (<c>tessera console bootstrap-admin</c>), with <paramref name="services"/> of a scope.</summary>
    public async Task<JsonElement> CallAsync(IServiceProvider services, string service, string operation, JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var model = registry.Models[service];
        if (!registry.TryGet($"{model.TargetPrefix}.{operation}", out var invoker))
        {
            throw new InvalidOperationException($"{service} {operation} is not registered.");
        }

        using var document = JsonDocument.Parse(body.ToJsonString());
        if (invoker.Model.Input is { } input)
        {
            ModelValidator.Validate(model, input, document.RootElement);
        }

        var output = await invoker.InvokeAsync(services, document.RootElement, cancellationToken).ConfigureAwait(false);
        using var result = JsonDocument.Parse(output.Refusal is { } refusal ? throw refusal : output.Body);
        return result.RootElement.Clone();
    }

    /// <summary>
    /// The members of <paramref name="described"/> that <paramref name="updateOperation"/> takes, as its request: the
    /// console's settings editors start from it, the way the AWS console reads before it writes (an update resets
    /// what it omits).
    /// </summary>
    public JsonObject UpdateRequestFrom(string service, string updateOperation, JsonElement described)
    {
        var members = registry.Models[service].Operations[updateOperation].Input?.MemberShapes ?? new Dictionary<string, string>();
        var request = new JsonObject();
        foreach (var property in described.EnumerateObject())
        {
            if (members.ContainsKey(property.Name) && property.Value.ValueKind != JsonValueKind.Null)
            {
                request[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
        }

        return request;
    }
}
