// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Pools;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ListUserPoolsRequest(string? NextToken, int MaxResults);

internal sealed record UserPoolDescriptionType(string Id, string Name, JsonElement LambdaConfig, DateTimeOffset LastModifiedDate, DateTimeOffset CreationDate);

internal sealed record ListUserPoolsResponse(IReadOnlyList<UserPoolDescriptionType> UserPools, string? NextToken);

[CognitoOperation("ListUserPools")]
internal sealed class ListUserPoolsHandler(UserPoolService pools)
    : IOperationHandler<ListUserPoolsRequest, ListUserPoolsResponse>
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public async ValueTask<ListUserPoolsResponse> HandleAsync(ListUserPoolsRequest request, CancellationToken cancellationToken)
    {
        var (page, next) = await pools.ListAsync(request.MaxResults, request.NextToken, cancellationToken).ConfigureAwait(false);
        return new ListUserPoolsResponse(
            page.Select(p => new UserPoolDescriptionType(p.Id, p.Name, p.Settings.LambdaConfig ?? EmptyObject, p.UpdatedAt, p.CreatedAt)).ToList(),
            next);
    }
}

[JsonSerializable(typeof(ListUserPoolsRequest))]
[JsonSerializable(typeof(ListUserPoolsResponse))]
internal sealed partial class ListUserPoolsJsonContext : JsonSerializerContext;
