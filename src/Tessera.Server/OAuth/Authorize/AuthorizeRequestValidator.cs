// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Primitives;
using Tessera.Core.Clients;
using Tessera.Core.OAuth;

namespace Tessera.Server.OAuth.Authorize;

/// <summary>Checks the parameters of <c>/oauth2/authorize</c> (and of <c>/login</c>, which carries the same ones).</summary>
internal sealed class AuthorizeRequestValidator(IAppClientStore clients)
{
    public async Task<AuthorizeValidation> ValidateAsync(string poolId, IQueryCollection query, CancellationToken cancellationToken)
    {
        var clientId = Single(query, "client_id");
        if (string.IsNullOrEmpty(clientId))
        {
            return AuthorizeValidation.Page("invalid_request", "Required String parameter 'client_id' is not present");
        }

        var client = await clients.FindAsync(clientId, cancellationToken).ConfigureAwait(false);
        if (client is null || client.PoolId != poolId)
        {
            return AuthorizeValidation.Page("invalid_client", "Client does not exist or is not a client of this user pool.");
        }

        // RFC 9700 §2.1: exact string match against the registered CallbackURLs, nothing looser.
        var redirectUri = Single(query, "redirect_uri") ?? client.Settings.DefaultRedirectURI;
        if (string.IsNullOrEmpty(redirectUri) || client.Settings.CallbackURLs?.Contains(redirectUri, StringComparer.Ordinal) != true)
        {
            return AuthorizeValidation.Page("redirect_mismatch", "redirect_uri does not match a callback URL registered for the client.");
        }

        var state = Single(query, "state");
        var responseType = Single(query, "response_type");
        if (string.IsNullOrEmpty(responseType))
        {
            return AuthorizeValidation.Redirect(redirectUri, state, "invalid_request", "response_type is required");
        }

        if (responseType != "code")
        {
            return AuthorizeValidation.Redirect(redirectUri, state, "unsupported_response_type");
        }

        if (!client.Settings.AllowsOAuthFlow("code"))
        {
            return AuthorizeValidation.Redirect(redirectUri, state, "unauthorized_client");
        }

        var scopes = OAuthScopes.Resolve(client, Single(query, "scope"));
        if (scopes is null)
        {
            return AuthorizeValidation.Redirect(redirectUri, state, "invalid_scope");
        }

        var challenge = Single(query, "code_challenge");
        var method = Single(query, "code_challenge_method");
        if (challenge is null && method is not null)
        {
            return AuthorizeValidation.Redirect(redirectUri, state, "invalid_request", "code_challenge is required with code_challenge_method");
        }

        if (challenge is not null && (!Pkce.IsSupportedMethod(method) || !Pkce.IsWellFormed(challenge)))
        {
            return AuthorizeValidation.Redirect(redirectUri, state, "invalid_request", "code_challenge_method must be S256, with a well-formed code_challenge");
        }

        return AuthorizeValidation.Success(new AuthorizeRequest(client, redirectUri, scopes, state, Single(query, "nonce"), challenge, method));
    }

    /// <summary>RFC 6749 §3.1: parameters must not be repeated; a repeated one is treated as absent-and-invalid.</summary>
    private static string? Single(IQueryCollection query, string name)
    {
        var values = query.TryGetValue(name, out var v) ? v : StringValues.Empty;
        return values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
    }
}
