// SPDX-License-Identifier: Apache-2.0
namespace Tessera.AspNetCore.Authentication;

/// <summary>The claim names of Cognito tokens, kept as they are on the wire (no inbound claim mapping).</summary>
public static class CognitoClaimTypes
{
    /// <summary>The user's immutable id.</summary>
    public const string Subject = "sub";

    /// <summary>The username in an access token.</summary>
    public const string Username = "username";

    /// <summary>The username in an ID token.</summary>
    public const string CognitoUsername = "cognito:username";

    /// <summary>The user's groups (one claim per group).</summary>
    public const string Groups = "cognito:groups";

    /// <summary>The space-separated OAuth scopes of an access token.</summary>
    public const string Scope = "scope";

    /// <summary><c>access</c> or <c>id</c>.</summary>
    public const string TokenUse = "token_use";

    /// <summary>The app client of an access token.</summary>
    public const string ClientId = "client_id";
}
