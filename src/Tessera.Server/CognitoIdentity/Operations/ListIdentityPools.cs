// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Identity;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdentity.Operations;

internal sealed record ListIdentityPoolsRequest(int MaxResults, string? NextToken);

internal sealed record IdentityPoolShortDescription(string IdentityPoolId, string IdentityPoolName);

internal sealed record ListIdentityPoolsResponse(IReadOnlyList<IdentityPoolShortDescription> IdentityPools, string? NextToken);

[AwsOperation("cognito-identity", "ListIdentityPools")]
internal sealed class ListIdentityPoolsHandler(IdentityPoolService pools) : IOperationHandler<ListIdentityPoolsRequest, ListIdentityPoolsResponse>
{
    public async ValueTask<ListIdentityPoolsResponse> HandleAsync(ListIdentityPoolsRequest request, CancellationToken cancellationToken)
    {
        var (page, next) = await pools.ListAsync(request.MaxResults, request.NextToken, cancellationToken).ConfigureAwait(false);
        return new ListIdentityPoolsResponse(page.Select(p => new IdentityPoolShortDescription(p.Id, p.Name)).ToList(), next);
    }
}

[JsonSerializable(typeof(ListIdentityPoolsRequest))]
[JsonSerializable(typeof(ListIdentityPoolsResponse))]
internal sealed partial class ListIdentityPoolsJsonContext : JsonSerializerContext;
