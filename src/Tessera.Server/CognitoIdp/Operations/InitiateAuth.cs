// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Auth;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record InitiateAuthRequest(
    string AuthFlow,
    string ClientId,
    IReadOnlyDictionary<string, string>? AuthParameters,
    IReadOnlyDictionary<string, string>? ClientMetadata,
    JsonElement? AnalyticsMetadata,
    JsonElement? UserContextData,
    string? Session);

[CognitoOperation("InitiateAuth")]
internal sealed class InitiateAuthHandler(AuthService auth) : IOperationHandler<InitiateAuthRequest, InitiateAuthResponse>
{
    public async ValueTask<InitiateAuthResponse> HandleAsync(InitiateAuthRequest request, CancellationToken cancellationToken)
    {
        var outcome = await auth.InitiateOrRefuseAsync(
            new AuthRequest(request.AuthFlow, request.ClientId, request.AuthParameters ?? new Dictionary<string, string>(), request.ClientMetadata, null),
            cancellationToken).ConfigureAwait(false);
        return InitiateAuthResponse.From(outcome);
    }
}

[JsonSerializable(typeof(InitiateAuthRequest))]
[JsonSerializable(typeof(InitiateAuthResponse))]
internal sealed partial class InitiateAuthJsonContext : JsonSerializerContext;
