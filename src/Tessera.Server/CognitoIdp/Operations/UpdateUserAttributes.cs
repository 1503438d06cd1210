// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Lifecycle;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record UpdateUserAttributesRequest(IReadOnlyList<AttributeType> UserAttributes, string AccessToken, IReadOnlyDictionary<string, string>? ClientMetadata);

internal sealed record UpdateUserAttributesResponse(IReadOnlyList<CodeDeliveryDetails> CodeDeliveryDetailsList);

[CognitoOperation("UpdateUserAttributes")]
internal sealed class UpdateUserAttributesHandler(SelfService self)
    : IOperationHandler<UpdateUserAttributesRequest, UpdateUserAttributesResponse>
{
    public async ValueTask<UpdateUserAttributesResponse> HandleAsync(UpdateUserAttributesRequest request, CancellationToken cancellationToken)
    {
        return new UpdateUserAttributesResponse(await self.UpdateAttributesAsync(request.AccessToken, request.UserAttributes, cancellationToken).ConfigureAwait(false));
    }
}

[JsonSerializable(typeof(UpdateUserAttributesRequest))]
[JsonSerializable(typeof(UpdateUserAttributesResponse))]
internal sealed partial class UpdateUserAttributesJsonContext : JsonSerializerContext;
