// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;

namespace Tessera.Core.Triggers;

/// <summary>The errors Cognito answers when a trigger cannot run or fails; <c>trigger</c> is the LambdaConfig key.</summary>
public static class TriggerErrors
{
    /// <summary>The function threw: its message reaches the caller, as Cognito passes it on.</summary>
    public static CognitoException FunctionFailed(string trigger, string message) =>
        new("UserLambdaValidationException", $"{trigger} failed with error {message}.");

    /// <summary>The function could not be invoked: no endpoint, connection refused, timeout, unknown function.</summary>
    public static CognitoException InvocationFailed(string trigger, string reason) =>
        new("UnexpectedLambdaException", $"{trigger} invocation failed due to error {reason}.");

    /// <summary>The function answered, but not with the event shape Cognito expects.</summary>
    public static CognitoException InvalidResponse(string trigger) =>
        new("InvalidLambdaResponseException", $"Unrecognizable lambda output");
}
