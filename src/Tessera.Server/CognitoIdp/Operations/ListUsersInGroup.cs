// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Groups;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ListUsersInGroupRequest(string UserPoolId, string GroupName, int? Limit, string? NextToken);

internal sealed record ListUsersInGroupResponse(IReadOnlyList<UserType> Users, string? NextToken);

[CognitoOperation("ListUsersInGroup")]
internal sealed class ListUsersInGroupHandler(GroupService groups)
    : IOperationHandler<ListUsersInGroupRequest, ListUsersInGroupResponse>
{
    public async ValueTask<ListUsersInGroupResponse> HandleAsync(ListUsersInGroupRequest request, CancellationToken cancellationToken)
    {
        var limit = request.Limit is null or 0 ? 60 : request.Limit.Value;
        var (page, next) = await groups.ListUsersAsync(request.UserPoolId, request.GroupName, limit, request.NextToken, cancellationToken).ConfigureAwait(false);
        return new ListUsersInGroupResponse(page.Select(u => UserType.From(u)).ToList(), next);
    }
}

[JsonSerializable(typeof(ListUsersInGroupRequest))]
[JsonSerializable(typeof(ListUsersInGroupResponse))]
internal sealed partial class ListUsersInGroupJsonContext : JsonSerializerContext;
