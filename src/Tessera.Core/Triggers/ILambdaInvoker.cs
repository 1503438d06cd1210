// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;

namespace Tessera.Core.Triggers;

/// <summary>
/// The Lambda Invoke API as the domain sees it: a synchronous (RequestResponse) call of one function with one
/// event. The server implements it over HTTP with SigV4 at the configured <c>Tessera:Lambda</c> endpoint.
/// </summary>
public interface ILambdaInvoker
{
    /// <summary>
    /// Invokes <paramref name="functionArn"/> with <paramref name="triggerEvent"/> and returns the function's JSON answer.
    /// Throws a <see cref="Errors.CognitoException"/> with AWS's error for the trigger when the function cannot
    /// be invoked or times out (UnexpectedLambdaException), fails (UserLambdaValidationException) or answers
    /// something that is not a JSON object (InvalidLambdaResponseException); see <see cref="TriggerErrors"/>.
    /// </summary>
    Task<JsonObject> InvokeAsync(string functionArn, string trigger, JsonObject triggerEvent, CancellationToken cancellationToken);
}
