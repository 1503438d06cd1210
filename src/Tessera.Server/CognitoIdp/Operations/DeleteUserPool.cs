// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Pools;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DeleteUserPoolRequest(string UserPoolId);

[CognitoOperation("DeleteUserPool")]
internal sealed class DeleteUserPoolHandler(UserPoolService pools)
    : IOperationHandler<DeleteUserPoolRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(DeleteUserPoolRequest request, CancellationToken cancellationToken)
    {
        await pools.DeleteAsync(request.UserPoolId, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(DeleteUserPoolRequest))]
internal sealed partial class DeleteUserPoolJsonContext : JsonSerializerContext;
