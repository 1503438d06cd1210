// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Errors;

/// <summary>A protocol error with the AWS wire code, a client-safe message and an HTTP status.</summary>
public sealed class CognitoException(string code, string message, int statusCode = 400) : Exception(message)
{
    /// <summary>Written to <c>__type</c> and <c>x-amzn-ErrorType</c>.</summary>
    public string Code { get; } = code;

    public int StatusCode { get; } = statusCode;

    /// <summary>Extra members of the error shape (e.g. <c>reasonCode</c> on InvalidParameterException).</summary>
    public IReadOnlyDictionary<string, string>? Extra { get; init; }
}
