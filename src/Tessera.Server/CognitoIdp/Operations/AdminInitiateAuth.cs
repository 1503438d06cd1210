// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Auth;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminInitiateAuthRequest(
    string UserPoolId,
    string ClientId,
    string AuthFlow,
    IReadOnlyDictionary<string, string>? AuthParameters,
    IReadOnlyDictionary<string, string>? ClientMetadata,
    JsonElement? AnalyticsMetadata,
    JsonElement? ContextData,
    string? Session);

[CognitoOperation("AdminInitiateAuth")]
internal sealed class AdminInitiateAuthHandler(AuthService auth) : IOperationHandler<AdminInitiateAuthRequest, InitiateAuthResponse>
{
    public async ValueTask<InitiateAuthResponse> HandleAsync(AdminInitiateAuthRequest request, CancellationToken cancellationToken)
    {
        var outcome = await auth.InitiateOrRefuseAsync(
            new AuthRequest(request.AuthFlow, request.ClientId, request.AuthParameters ?? new Dictionary<string, string>(), request.ClientMetadata, request.UserPoolId),
            cancellationToken).ConfigureAwait(false);
        return InitiateAuthResponse.From(outcome);
    }
}

[JsonSerializable(typeof(AdminInitiateAuthRequest))]
internal sealed partial class AdminInitiateAuthJsonContext : JsonSerializerContext;
