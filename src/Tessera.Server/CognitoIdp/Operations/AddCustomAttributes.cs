// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Pools;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AddCustomAttributesRequest(string UserPoolId, IReadOnlyList<SchemaAttributeType> CustomAttributes);

[CognitoOperation("AddCustomAttributes")]
internal sealed class AddCustomAttributesHandler(UserPoolService pools)
    : IOperationHandler<AddCustomAttributesRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(AddCustomAttributesRequest request, CancellationToken cancellationToken)
    {
        await pools.AddCustomAttributesAsync(request.UserPoolId, request.CustomAttributes, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(AddCustomAttributesRequest))]
internal sealed partial class AddCustomAttributesJsonContext : JsonSerializerContext;
