// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Errors;

/// <summary>An STS (Query protocol) error: the wire code is stored as sent, which differs from the shape names.</summary>
public sealed class StsException(string code, string message, int statusCode = 400, string type = "Sender") : Exception(message)
{
    /// <summary>Written to <c>ErrorResponse/Error/Code</c>.</summary>
    public string Code { get; } = code;

    public int StatusCode { get; } = statusCode;

    /// <summary><c>Sender</c> or <c>Receiver</c>.</summary>
    public string Type { get; } = type;
}

/// <summary>The catalogue of STS errors, codes and messages as AWS sends them (AWS CommonErrors and the STS API reference).</summary>
public static class StsErrors
{
    public const string SignatureMismatchMessage = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    public static StsException MissingAuthenticationToken() => new("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
    public static StsException IncompleteSignature(string message) => new("IncompleteSignature", message, 400);
    public static StsException InvalidClientTokenId() => new("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
    public static StsException SignatureDoesNotMatch(string message = SignatureMismatchMessage) => new("SignatureDoesNotMatch", message, 403);
    public static StsException ExpiredToken() => new("ExpiredToken", "The security token included in the request is expired", 400);
    public static StsException InvalidAction(string action) => new("InvalidAction", $"Could not find operation {action} for version 2011-06-15", 400);
    public static StsException MissingParameter(string name) => new("MissingParameter", $"The request must contain the parameter {name}", 400);
    public static StsException ValidationError(string message) => new("ValidationError", message, 400);
    public static StsException InvalidIdentityToken(string message) => new("InvalidIdentityToken", message, 400);
    public static StsException ExpiredWebIdentityToken() => new("ExpiredTokenException", "Token expired", 400);
    public static StsException AccessDenied(string message) => new("AccessDenied", message, 403);
    public static StsException InternalFailure() => new("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500, "Receiver");
}
