// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Auth;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminRespondToAuthChallengeRequest(
    string UserPoolId,
    string ClientId,
    string ChallengeName,
    string? Session,
    IReadOnlyDictionary<string, string>? ChallengeResponses,
    JsonElement? AnalyticsMetadata,
    JsonElement? ContextData,
    IReadOnlyDictionary<string, string>? ClientMetadata);

[CognitoOperation("AdminRespondToAuthChallenge")]
internal sealed class AdminRespondToAuthChallengeHandler(AuthService auth) : IOperationHandler<AdminRespondToAuthChallengeRequest, AuthResponse>
{
    public async ValueTask<AuthResponse> HandleAsync(AdminRespondToAuthChallengeRequest request, CancellationToken cancellationToken)
    {
        var outcome = await auth.RespondAsync(
            new ChallengeResponse(request.ChallengeName, request.ClientId, request.Session, request.ChallengeResponses ?? new Dictionary<string, string>(), request.ClientMetadata, request.UserPoolId),
            cancellationToken).ConfigureAwait(false);
        return AuthResponse.From(outcome);
    }
}

[JsonSerializable(typeof(AdminRespondToAuthChallengeRequest))]
[JsonSerializable(typeof(AuthResponse))]
internal sealed partial class AdminRespondToAuthChallengeJsonContext : JsonSerializerContext;
