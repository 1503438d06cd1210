// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Core.Pools;
using Tessera.Core.Triggers;
using Tessera.Core.Users;

namespace Tessera.Core.Auth.Custom;

/// <summary>What the Define auth challenge function decided.</summary>
public sealed record DefineDecision(string? ChallengeName, bool IssueTokens, bool FailAuthentication);

/// <summary>What the Create auth challenge function built.</summary>
public sealed record CreatedChallenge(
    IReadOnlyDictionary<string, string> PublicParameters,
    IReadOnlyDictionary<string, string> PrivateParameters,
    string? Metadata);

/// <summary>Who a custom-auth event is about: the user (null when PreventUserExistenceErrors hides that there is
/// none), the name to put in <c>userName</c>, the app client and the caller's ClientMetadata (null: not passed).</summary>
public sealed record CustomAuthCaller(User? User, string Username, string ClientId, IReadOnlyDictionary<string, string>? ClientMetadata);

/// <summary>
/// The three challenge triggers, with the request and response members of the AWS developer guide pages
/// "Define auth challenge", "Create auth challenge" and "Verify auth challenge response".
/// </summary>
public sealed class CustomAuthTriggers(LambdaTriggers triggers)
{
    public async Task<DefineDecision> DefineAsync(UserPool pool, CustomAuthCaller caller, IReadOnlyList<ChallengeResult> session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var request = Request(caller);
        request["session"] = Session(session);
        var response = await InvokeAsync(pool, TriggerNames.DefineAuthChallenge, "DefineAuthChallenge_Authentication", caller, request, cancellationToken).ConfigureAwait(false);
        return new DefineDecision(
            OptionalString(response, "challengeName", TriggerNames.DefineAuthChallenge),
            Flag(response, "issueTokens", TriggerNames.DefineAuthChallenge),
            Flag(response, "failAuthentication", TriggerNames.DefineAuthChallenge));
    }

    public async Task<CreatedChallenge> CreateAsync(UserPool pool, CustomAuthCaller caller, string challengeName, IReadOnlyList<ChallengeResult> session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var request = Request(caller);
        request["challengeName"] = challengeName;
        request["session"] = Session(session);
        var response = await InvokeAsync(pool, TriggerNames.CreateAuthChallenge, "CreateAuthChallenge_Authentication", caller, request, cancellationToken).ConfigureAwait(false);
        return new CreatedChallenge(
            StringMap(response, "publicChallengeParameters", TriggerNames.CreateAuthChallenge),
            StringMap(response, "privateChallengeParameters", TriggerNames.CreateAuthChallenge),
            OptionalString(response, "challengeMetadata", TriggerNames.CreateAuthChallenge));
    }

    public async Task<bool> VerifyAsync(
        UserPool pool, CustomAuthCaller caller, IReadOnlyDictionary<string, string> privateParameters, string answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var request = Request(caller);
        request["privateChallengeParameters"] = TriggerJson.Map(privateParameters);
        request["challengeAnswer"] = answer;
        var response = await InvokeAsync(pool, TriggerNames.VerifyAuthChallengeResponse, "VerifyAuthChallengeResponse_Authentication", caller, request, cancellationToken).ConfigureAwait(false);
        return Flag(response, "answerCorrect", TriggerNames.VerifyAuthChallengeResponse);
    }

    private async Task<JsonObject> InvokeAsync(
        UserPool pool, string trigger, string source, CustomAuthCaller caller, JsonObject request, CancellationToken cancellationToken)
    {
        var context = new TriggerContext(source, caller.Username, caller.ClientId);
        // Without the function Cognito cannot run the flow; it answers as for a function it could not call.
        return await triggers.InvokeAsync(pool, trigger, context, request, cancellationToken).ConfigureAwait(false)
            ?? throw TriggerErrors.InvocationFailed(trigger, "no function is configured for this trigger");
    }

    private static JsonObject Request(CustomAuthCaller caller)
    {
        var request = new JsonObject
        {
            ["userAttributes"] = caller.User is null ? new JsonObject() : TriggerJson.UserAttributes(caller.User),
            // InitiateAuth does not pass its ClientMetadata to these triggers, RespondToAuthChallenge does (model docs);
            // either way the member is an object, as Cognito sends it.
            ["clientMetadata"] = TriggerJson.Map(caller.ClientMetadata),
        };

        // userNotFound is only populated when PreventUserExistenceErrors is on, which is the only way to get here without a user.
        if (caller.User is null)
        {
            request["userNotFound"] = true;
        }

        return request;
    }

    private static JsonArray Session(IReadOnlyList<ChallengeResult> session)
        => (JsonArray)JsonSerializer.SerializeToNode(session.ToArray(), CustomAuthJsonContext.Default.ChallengeResultArray)!;

    private static bool Flag(JsonObject response, string name, string trigger) => response[name] switch
    {
        null => false,
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.Null => false,
        _ => throw TriggerErrors.InvalidResponse(trigger),
    };

    private static string? OptionalString(JsonObject response, string name, string trigger) => response[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.Null => null,
        _ => throw TriggerErrors.InvalidResponse(trigger),
    };

    /// <summary>A map of strings; numbers and booleans are taken as their JSON text, as functions often send them.</summary>
    private static Dictionary<string, string> StringMap(JsonObject response, string name, string trigger)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (response[name])
        {
            case null:
                return map;
            case JsonObject values:
                foreach (var (key, value) in values)
                {
                    map[key] = value switch
                    {
                        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
                        _ => throw TriggerErrors.InvalidResponse(trigger),
                    };
                }

                return map;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Null:
                return map;
            default:
                throw TriggerErrors.InvalidResponse(trigger);
        }
    }
}
