// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Auth;

/// <summary>InitiateAuth or AdminInitiateAuth, after the wire layer bound it. <c>PoolId</c> is set for the admin form.</summary>
public sealed record AuthRequest(
    string AuthFlow,
    string ClientId,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, string>? ClientMetadata,
    string? PoolId);

/// <summary>RespondToAuthChallenge or AdminRespondToAuthChallenge.</summary>
public sealed record ChallengeResponse(
    string ChallengeName,
    string ClientId,
    string? Session,
    IReadOnlyDictionary<string, string> Responses,
    IReadOnlyDictionary<string, string>? ClientMetadata,
    string? PoolId);
