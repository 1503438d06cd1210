// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Pools;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record TagResourceRequest(string ResourceArn, IReadOnlyDictionary<string, string> Tags);

[CognitoOperation("TagResource")]
internal sealed class TagResourceHandler(UserPoolService pools) : IOperationHandler<TagResourceRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(TagResourceRequest request, CancellationToken cancellationToken)
    {
        await pools.TagAsync(request.ResourceArn, request.Tags, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(TagResourceRequest))]
internal sealed partial class TagResourceJsonContext : JsonSerializerContext;
