// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.AuthEvents;

/// <summary>ChallengeResponseType: a challenge (<c>Password</c> or <c>Mfa</c>) and its result (<c>Success</c> or <c>Failure</c>).</summary>
public sealed record AuthEventChallenge(string ChallengeName, string ChallengeResponse);
