// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Lifecycle;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record GetUserAttributeVerificationCodeRequest(string AccessToken, string AttributeName, IReadOnlyDictionary<string, string>? ClientMetadata);

internal sealed record GetUserAttributeVerificationCodeResponse(CodeDeliveryDetails CodeDeliveryDetails);

[CognitoOperation("GetUserAttributeVerificationCode")]
internal sealed class GetUserAttributeVerificationCodeHandler(SelfService self)
    : IOperationHandler<GetUserAttributeVerificationCodeRequest, GetUserAttributeVerificationCodeResponse>
{
    public async ValueTask<GetUserAttributeVerificationCodeResponse> HandleAsync(GetUserAttributeVerificationCodeRequest request, CancellationToken cancellationToken)
    {
        return new GetUserAttributeVerificationCodeResponse(await self.GetAttributeVerificationCodeAsync(request.AccessToken, request.AttributeName, cancellationToken).ConfigureAwait(false));
    }
}

[JsonSerializable(typeof(GetUserAttributeVerificationCodeRequest))]
[JsonSerializable(typeof(GetUserAttributeVerificationCodeResponse))]
internal sealed partial class GetUserAttributeVerificationCodeJsonContext : JsonSerializerContext;
