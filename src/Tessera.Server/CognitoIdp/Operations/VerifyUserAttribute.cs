// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Lifecycle;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record VerifyUserAttributeRequest(string AccessToken, string AttributeName, string Code);

internal sealed record VerifyUserAttributeResponse();

[CognitoOperation("VerifyUserAttribute")]
internal sealed class VerifyUserAttributeHandler(SelfService self)
    : IOperationHandler<VerifyUserAttributeRequest, VerifyUserAttributeResponse>
{
    public async ValueTask<VerifyUserAttributeResponse> HandleAsync(VerifyUserAttributeRequest request, CancellationToken cancellationToken)
    {
        await self.VerifyAttributeAsync(request.AccessToken, request.AttributeName, request.Code, cancellationToken).ConfigureAwait(false);
        return new VerifyUserAttributeResponse();
    }
}

[JsonSerializable(typeof(VerifyUserAttributeRequest))]
[JsonSerializable(typeof(VerifyUserAttributeResponse))]
internal sealed partial class VerifyUserAttributeJsonContext : JsonSerializerContext;
