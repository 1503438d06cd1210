// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Core.Diagnostics;
using Tessera.Core.Errors;
using Tessera.Core.Pools;

namespace Tessera.Core.Triggers;

/// <summary>The LambdaConfig keys, as in CreateUserPool.</summary>
public static class TriggerNames
{
    public const string PreSignUp = "PreSignUp";
    public const string CustomMessage = "CustomMessage";
    public const string PostConfirmation = "PostConfirmation";
    public const string PreAuthentication = "PreAuthentication";
    public const string PostAuthentication = "PostAuthentication";
    public const string DefineAuthChallenge = "DefineAuthChallenge";
    public const string CreateAuthChallenge = "CreateAuthChallenge";
    public const string VerifyAuthChallengeResponse = "VerifyAuthChallengeResponse";
    public const string PreTokenGeneration = "PreTokenGeneration";
    public const string UserMigration = "UserMigration";
}

/// <summary>Who and what a trigger event is about: the envelope members besides request and response.</summary>
/// <param name="TriggerSource">AWS's triggerSource, e.g. <c>PreSignUp_SignUp</c>, <c>TokenGeneration_Authentication</c>.</param>
/// <param name="UserName">The user's username (for UserMigration: what the caller typed).</param>
/// <param name="ClientId">The app client in <c>callerContext.clientId</c>; Cognito sends <c>CLIENT_ID_NOT_APPLICABLE</c> for admin calls without one.</param>
/// <param name="Version">The event's <c>version</c>: <c>1</c>, or the PreTokenGeneration event version the pool chose.</param>
public sealed record TriggerContext(string TriggerSource, string UserName, string? ClientId, string Version = "1");

/// <summary>
/// Finds a pool's trigger function and invokes it with the event envelope Cognito sends
/// (<c>version, triggerSource, region, userPoolId, userName, callerContext, request, response</c>).
/// </summary>
public sealed class LambdaTriggers(ILambdaInvoker invoker, TimeProvider time)
{
    /// <summary>The function ARN configured for <paramref name="trigger"/>, or null. For PreTokenGeneration,
    /// <c>PreTokenGenerationConfig.LambdaArn</c> wins over the legacy <c>PreTokenGeneration</c> key.</summary>
    public static string? FunctionFor(UserPool pool, string trigger)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (pool.Settings.LambdaConfig is not { ValueKind: JsonValueKind.Object } config)
        {
            return null;
        }

        if (trigger == TriggerNames.PreTokenGeneration
            && config.TryGetProperty("PreTokenGenerationConfig", out var tokenConfig)
            && tokenConfig.ValueKind == JsonValueKind.Object
            && tokenConfig.TryGetProperty("LambdaArn", out var tokenArn)
            && tokenArn.ValueKind == JsonValueKind.String)
        {
            return tokenArn.GetString();
        }

        return config.TryGetProperty(trigger, out var arn) && arn.ValueKind == JsonValueKind.String ? arn.GetString() : null;
    }

    /// <summary>The PreTokenGeneration event version: <c>V1_0</c> (default), <c>V2_0</c> or <c>V3_0</c>.</summary>
    public static string PreTokenGenerationVersion(UserPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return pool.Settings.LambdaConfig is { ValueKind: JsonValueKind.Object } config
            && config.TryGetProperty("PreTokenGenerationConfig", out var tokenConfig)
            && tokenConfig.ValueKind == JsonValueKind.Object
            && tokenConfig.TryGetProperty("LambdaVersion", out var version)
            && version.ValueKind == JsonValueKind.String
                ? version.GetString()!
                : "V1_0";
    }

    public static bool Has(UserPool pool, string trigger) => FunctionFor(pool, trigger) is not null;

    /// <summary>
    /// Invokes the pool's <paramref name="trigger"/> function, or returns null when the pool has none. The answer
    /// is the function's <c>response</c> object (empty when it returned the event without one).
    /// </summary>
    public async Task<JsonObject?> InvokeAsync(
        UserPool pool, string trigger, TriggerContext context, JsonObject request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (FunctionFor(pool, trigger) is not { } function)
        {
            return null;
        }

        var @event = new JsonObject
        {
            ["version"] = context.Version,
            ["triggerSource"] = context.TriggerSource,
            ["region"] = pool.Region,
            ["userPoolId"] = pool.Id,
            ["userName"] = context.UserName,
            ["callerContext"] = new JsonObject
            {
                ["awsSdkVersion"] = "aws-sdk-unknown-unknown",
                ["clientId"] = context.ClientId ?? "CLIENT_ID_NOT_APPLICABLE",
            },
            ["request"] = request,
            ["response"] = new JsonObject(),
        };
        var started = time.GetTimestamp();
        JsonObject answer;
        try
        {
            answer = await invoker.InvokeAsync(function, trigger, @event, cancellationToken).ConfigureAwait(false);
        }
        catch (CognitoException e)
        {
            TesseraMetrics.TriggerInvoked(trigger, e.Code, time.GetElapsedTime(started));
            throw;
        }
        catch (OperationCanceledException)
        {
            TesseraMetrics.TriggerInvoked(trigger, "canceled", time.GetElapsedTime(started));
            throw;
        }

        TesseraMetrics.TriggerInvoked(trigger, answer["response"] is null or JsonObject ? "ok" : "InvalidLambdaResponseException", time.GetElapsedTime(started));
        return answer["response"] switch
        {
            JsonObject response => response,
            null => new JsonObject(),
            _ => throw TriggerErrors.InvalidResponse(trigger),
        };
    }
}
