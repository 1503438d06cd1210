// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Identity;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdentity.Operations;

internal sealed record DeleteIdentityPoolRequest(string IdentityPoolId);

[AwsOperation("cognito-identity", "DeleteIdentityPool")]
internal sealed class DeleteIdentityPoolHandler(IdentityPoolService pools) : IOperationHandler<DeleteIdentityPoolRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(DeleteIdentityPoolRequest request, CancellationToken cancellationToken)
    {
        await pools.DeleteAsync(request.IdentityPoolId, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(DeleteIdentityPoolRequest))]
internal sealed partial class DeleteIdentityPoolJsonContext : JsonSerializerContext;
