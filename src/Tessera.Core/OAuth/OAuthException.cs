// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.OAuth;

/// <summary>An RFC 6749 §5.2 error: the wire code, an optional description and the HTTP status.</summary>
public sealed class OAuthException(string error, string? description = null, int statusCode = 400) : Exception(description ?? error)
{
    public string Error { get; } = error;
    public string? Description { get; } = description;
    public int StatusCode { get; } = statusCode;
}

/// <summary>The catalogue of OAuth errors the token, revocation and authorization endpoints answer with.</summary>
public static class OAuthErrors
{
    public static OAuthException InvalidRequest(string? description = null) => new("invalid_request", description);
    public static OAuthException InvalidClient(bool basicAuth) => new("invalid_client", null, basicAuth ? 401 : 400);
    public static OAuthException InvalidGrant(string? description = null) => new("invalid_grant", description);
    public static OAuthException UnauthorizedClient() => new("unauthorized_client");
    public static OAuthException UnsupportedGrantType() => new("unsupported_grant_type");
    public static OAuthException InvalidScope() => new("invalid_scope");
    public static OAuthException UnsupportedTokenType() => new("unsupported_token_type");

    /// <summary>
    /// A request over the caller's or the client's rate (<see cref="Security.RequestRateLimiter"/>): HTTP 429 (RFC 6585
    /// §4) with RFC 6749's JSON error shape; RFC 6749 defines no code for it, so it says what the status says.
    /// </summary>
    public static OAuthException TooManyRequests() => new("too_many_requests", "Too many requests; retry after the time in Retry-After.", 429);
}
