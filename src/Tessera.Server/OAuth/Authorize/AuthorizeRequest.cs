// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Clients;

namespace Tessera.Server.OAuth.Authorize;

/// <summary>A validated authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, OIDC Core §3.1.2.1).</summary>
internal sealed record AuthorizeRequest(
    AppClient Client,
    string RedirectUri,
    string Scopes,
    string? State,
    string? Nonce,
    string? CodeChallenge,
    string? CodeChallengeMethod);

/// <summary>
/// The validator's verdict, a failure until proven otherwise. An error with a trusted redirect URI goes back to
/// the client (§4.1.2.1); one without (unknown client, unregistered redirect_uri) is shown on our own page, so
/// Tessera never redirects to an address the client did not register.
/// </summary>
internal sealed record AuthorizeValidation
{
    public AuthorizeRequest? Request { get; init; }
    public string Error { get; init; } = "invalid_request";
    public string? Description { get; init; }
    public string? ErrorRedirectUri { get; init; }
    public string? State { get; init; }

    public bool IsValid => Request is not null;

    public static AuthorizeValidation Success(AuthorizeRequest request) => new() { Request = request };

    public static AuthorizeValidation Page(string error, string description) => new() { Error = error, Description = description };

    public static AuthorizeValidation Redirect(string redirectUri, string? state, string error, string? description = null)
        => new() { Error = error, Description = description, ErrorRedirectUri = redirectUri, State = state };
}
