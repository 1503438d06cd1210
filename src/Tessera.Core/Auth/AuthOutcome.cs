// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Tokens;

namespace Tessera.Core.Auth;

/// <summary>The result of an authentication step: either a challenge or tokens, never both.</summary>
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
}
