// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Auth;
using Tessera.Core.Errors;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Shapes;

internal sealed record AuthenticationResultType(
    string AccessToken, int ExpiresIn, string TokenType, string? RefreshToken, string IdToken, NewDeviceMetadataType? NewDeviceMetadata)
{
    public static AuthenticationResultType? From(Tessera.Core.Tokens.IssuedTokens? tokens)
        => tokens is { } t
            ? new(t.AccessToken, t.ExpiresIn, "Bearer", t.RefreshToken, t.IdToken,
                t.NewDevice is { } d ? new NewDeviceMetadataType(d.DeviceKey, d.DeviceGroupKey) : null)
            : null;
}

internal sealed record NewDeviceMetadataType(string DeviceKey, string DeviceGroupKey);

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

/// <summary>
/// The output of InitiateAuth and AdminInitiateAuth: a USER_AUTH SELECT_CHALLENGE adds AvailableChallenges; a shed
/// sign-in is a <see cref="Refusal"/> that the edge answers as TooManyRequestsException.
/// </summary>
internal sealed record InitiateAuthResponse(
    string? ChallengeName,
    string? Session,
    IReadOnlyDictionary<string, string>? ChallengeParameters,
    AuthenticationResultType? AuthenticationResult,
    IReadOnlyList<string>? AvailableChallenges) : IRefusableResponse
{
    [JsonIgnore]
    public CognitoException? Refusal { get; init; }

    public static InitiateAuthResponse From(AuthOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Refusal is { } refusal)
        {
            return new(null, null, null, null, null) { Refusal = refusal };
        }

        var response = AuthResponse.From(outcome);
        return new(response.ChallengeName, response.Session, response.ChallengeParameters, response.AuthenticationResult, outcome.AvailableChallenges);
    }
}
