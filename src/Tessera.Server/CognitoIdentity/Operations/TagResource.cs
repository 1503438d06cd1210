// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Identity;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdentity.Operations;

internal sealed record TagResourceInput(string ResourceArn, IReadOnlyDictionary<string, string> Tags);

[AwsOperation("cognito-identity", "TagResource")]
internal sealed class TagResourceHandler(IdentityPoolService pools) : IOperationHandler<TagResourceInput, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(TagResourceInput request, CancellationToken cancellationToken)
    {
        await pools.TagAsync(request.ResourceArn, request.Tags, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(TagResourceInput))]
internal sealed partial class IdentityTagResourceJsonContext : JsonSerializerContext;
