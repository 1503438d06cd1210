// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Identity;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdentity.Operations;

internal sealed record UntagResourceRequest(string ResourceArn, IReadOnlyList<string> TagKeys);

[AwsOperation("cognito-identity", "UntagResource")]
internal sealed class UntagResourceHandler(IdentityPoolService pools) : IOperationHandler<UntagResourceRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(UntagResourceRequest request, CancellationToken cancellationToken)
    {
        await pools.UntagAsync(request.ResourceArn, request.TagKeys, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(UntagResourceRequest))]
internal sealed partial class IdentityUntagResourceJsonContext : JsonSerializerContext;
