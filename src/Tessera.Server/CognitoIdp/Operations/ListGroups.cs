// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Groups;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ListGroupsRequest(string UserPoolId, int? Limit, string? NextToken);

internal sealed record ListGroupsResponse(IReadOnlyList<GroupType> Groups, string? NextToken);

[CognitoOperation("ListGroups")]
internal sealed class ListGroupsHandler(GroupService groups)
    : IOperationHandler<ListGroupsRequest, ListGroupsResponse>
{
    public async ValueTask<ListGroupsResponse> HandleAsync(ListGroupsRequest request, CancellationToken cancellationToken)
    {
        var (page, next) = await groups.ListAsync(request.UserPoolId, request.Limit is null or 0 ? 60 : request.Limit.Value, request.NextToken, cancellationToken).ConfigureAwait(false);
        return new ListGroupsResponse(page.Select(GroupType.From).ToList(), next);
    }
}

[JsonSerializable(typeof(ListGroupsRequest))]
[JsonSerializable(typeof(ListGroupsResponse))]
internal sealed partial class ListGroupsJsonContext : JsonSerializerContext;
