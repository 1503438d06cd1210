// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Lifecycle;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record RevokeTokenRequest(string Token, string ClientId, string? ClientSecret);

internal sealed record RevokeTokenResponse();

[CognitoOperation("RevokeToken")]
internal sealed class RevokeTokenHandler(SessionRevocation revocation)
    : IOperationHandler<RevokeTokenRequest, RevokeTokenResponse>
{
    public async ValueTask<RevokeTokenResponse> HandleAsync(RevokeTokenRequest request, CancellationToken cancellationToken)
    {
        await revocation.RevokeTokenAsync(request.Token, request.ClientId, request.ClientSecret, cancellationToken).ConfigureAwait(false);
        return new RevokeTokenResponse();
    }
}

[JsonSerializable(typeof(RevokeTokenRequest))]
[JsonSerializable(typeof(RevokeTokenResponse))]
internal sealed partial class RevokeTokenJsonContext : JsonSerializerContext;
