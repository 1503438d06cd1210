// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Pools;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ListTagsForResourceRequest(string ResourceArn);

internal sealed record ListTagsForResourceResponse(IReadOnlyDictionary<string, string> Tags);

[CognitoOperation("ListTagsForResource")]
internal sealed class ListTagsForResourceHandler(UserPoolService pools) : IOperationHandler<ListTagsForResourceRequest, ListTagsForResourceResponse>
{
    public async ValueTask<ListTagsForResourceResponse> HandleAsync(ListTagsForResourceRequest request, CancellationToken cancellationToken)
        => new(await pools.TagsAsync(request.ResourceArn, cancellationToken).ConfigureAwait(false));
}

[JsonSerializable(typeof(ListTagsForResourceRequest))]
[JsonSerializable(typeof(ListTagsForResourceResponse))]
internal sealed partial class ListTagsForResourceJsonContext : JsonSerializerContext;
