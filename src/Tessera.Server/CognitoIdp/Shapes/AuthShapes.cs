// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;

namespace Tessera.Server.CognitoIdp.Shapes;

internal sealed record AuthenticationResultType(string AccessToken, int ExpiresIn, string TokenType, string? RefreshToken, string IdToken)
{
    public static AuthenticationResultType? From(Tessera.Core.Tokens.IssuedTokens? tokens)
        => tokens is { } t ? new(t.AccessToken, t.ExpiresIn, "Bearer", t.RefreshToken, t.IdToken) : null;
}

/// <summary>The output of InitiateAuth, AdminInitiateAuth and both RespondToAuthChallenge forms.</summary>
internal sealed record AuthResponse(
    string? ChallengeName,
    string? Session,
    IReadOnlyDictionary<string, string>? ChallengeParameters,
    AuthenticationResultType? AuthenticationResult)
{
    public static AuthResponse From(AuthOutcome outcome) => new(
        outcome.ChallengeName,
        outcome.Session,
        // AWS sends an empty ChallengeParameters map with tokens.
        outcome.ChallengeParameters ?? new Dictionary<string, string>(),
        AuthenticationResultType.From(outcome.Tokens));
}

/// <summary>The output of InitiateAuth and AdminInitiateAuth: a USER_AUTH SELECT_CHALLENGE adds AvailableChallenges.</summary>
internal sealed record InitiateAuthResponse(
    string? ChallengeName,
    string? Session,
    IReadOnlyDictionary<string, string>? ChallengeParameters,
    AuthenticationResultType? AuthenticationResult,
    IReadOnlyList<string>? AvailableChallenges)
{
    public static InitiateAuthResponse From(AuthOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var response = AuthResponse.From(outcome);
        return new(response.ChallengeName, response.Session, response.ChallengeParameters, response.AuthenticationResult, outcome.AvailableChallenges);
    }
}
