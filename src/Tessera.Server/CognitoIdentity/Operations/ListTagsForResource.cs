// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Identity;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdentity.Operations;

internal sealed record ListTagsForResourceInput(string ResourceArn);

internal sealed record ListTagsForResourceResponse(IReadOnlyDictionary<string, string> Tags);

[AwsOperation("cognito-identity", "ListTagsForResource")]
internal sealed class ListTagsForResourceHandler(IdentityPoolService pools) : IOperationHandler<ListTagsForResourceInput, ListTagsForResourceResponse>
{
    public async ValueTask<ListTagsForResourceResponse> HandleAsync(ListTagsForResourceInput request, CancellationToken cancellationToken)
        => new(await pools.TagsAsync(request.ResourceArn, cancellationToken).ConfigureAwait(false));
}

[JsonSerializable(typeof(ListTagsForResourceInput))]
[JsonSerializable(typeof(ListTagsForResourceResponse))]
internal sealed partial class IdentityListTagsForResourceJsonContext : JsonSerializerContext;
