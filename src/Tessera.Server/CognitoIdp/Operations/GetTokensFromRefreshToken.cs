// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Auth;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

/// <remarks>DeviceKey is accepted and not yet used: Tessera does not remember devices (issue 18).</remarks>
internal sealed record GetTokensFromRefreshTokenRequest(
    string RefreshToken,
    string ClientId,
    string? ClientSecret,
    string? DeviceKey,
    IReadOnlyDictionary<string, string>? ClientMetadata);

internal sealed record GetTokensFromRefreshTokenResponse(AuthenticationResultType? AuthenticationResult);

[CognitoOperation("GetTokensFromRefreshToken")]
internal sealed class GetTokensFromRefreshTokenHandler(AuthService auth)
    : IOperationHandler<GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse>
{
    public async ValueTask<GetTokensFromRefreshTokenResponse> HandleAsync(GetTokensFromRefreshTokenRequest request, CancellationToken cancellationToken)
    {
        var outcome = await auth.GetTokensFromRefreshTokenAsync(
            request.ClientId, request.RefreshToken, request.ClientSecret, request.ClientMetadata, cancellationToken).ConfigureAwait(false);
        return new GetTokensFromRefreshTokenResponse(AuthenticationResultType.From(outcome.Tokens));
    }
}

[JsonSerializable(typeof(GetTokensFromRefreshTokenRequest))]
[JsonSerializable(typeof(GetTokensFromRefreshTokenResponse))]
internal sealed partial class GetTokensFromRefreshTokenJsonContext : JsonSerializerContext;
