// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Tokens;

namespace Tessera.Core.Auth;

/// <summary>
/// The result of an authentication step: either a challenge or tokens, never both; or, from
/// <see cref="AuthService.InitiateOrRefuseAsync"/> only, a <see cref="Refusal"/> (a shed sign-in) to answer as an error.
/// </summary>
public sealed record AuthOutcome(
    string? ChallengeName,
    string? Session,
    IReadOnlyDictionary<string, string>? ChallengeParameters,
    IssuedTokens? Tokens,
    IReadOnlyList<string>? AvailableChallenges = null)
{
    public static AuthOutcome Challenge(string name, string session, IReadOnlyDictionary<string, string> parameters, IReadOnlyList<string>? available = null)
        => new(name, session, parameters, null, available);

    public static AuthOutcome Authenticated(IssuedTokens tokens) => new(null, null, null, tokens);

    /// <summary>A sign-in answered with an error that was not thrown (TooManyRequestsException from the hash queue).</summary>
    public static AuthOutcome Refused(CognitoException refusal) => new(null, null, null, null) { Refusal = refusal };

    /// <summary>The error to answer instead of a challenge or tokens; null for every other outcome.</summary>
    public CognitoException? Refusal { get; init; }
}
