// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Auth;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record RespondToAuthChallengeRequest(
    string ClientId,
    string ChallengeName,
    string? Session,
    IReadOnlyDictionary<string, string>? ChallengeResponses,
    JsonElement? AnalyticsMetadata,
    JsonElement? UserContextData,
    IReadOnlyDictionary<string, string>? ClientMetadata);

[CognitoOperation("RespondToAuthChallenge")]
internal sealed class RespondToAuthChallengeHandler(AuthService auth) : IOperationHandler<RespondToAuthChallengeRequest, AuthResponse>
{
    public async ValueTask<AuthResponse> HandleAsync(RespondToAuthChallengeRequest request, CancellationToken cancellationToken)
    {
        var outcome = await auth.RespondAsync(
            new ChallengeResponse(request.ChallengeName, request.ClientId, request.Session, request.ChallengeResponses ?? new Dictionary<string, string>(), request.ClientMetadata, null),
            cancellationToken).ConfigureAwait(false);
        return AuthResponse.From(outcome);
    }
}

[JsonSerializable(typeof(RespondToAuthChallengeRequest))]
[JsonSerializable(typeof(AuthResponse))]
internal sealed partial class RespondToAuthChallengeJsonContext : JsonSerializerContext;
