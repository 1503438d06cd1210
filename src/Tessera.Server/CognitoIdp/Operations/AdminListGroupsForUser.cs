// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Groups;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminListGroupsForUserRequest(string Username, string UserPoolId, int? Limit, string? NextToken);

internal sealed record AdminListGroupsForUserResponse(IReadOnlyList<GroupType> Groups, string? NextToken);

[CognitoOperation("AdminListGroupsForUser")]
internal sealed class AdminListGroupsForUserHandler(GroupService groups)
    : IOperationHandler<AdminListGroupsForUserRequest, AdminListGroupsForUserResponse>
{
    public async ValueTask<AdminListGroupsForUserResponse> HandleAsync(AdminListGroupsForUserRequest request, CancellationToken cancellationToken)
    {
        var limit = request.Limit is null or 0 ? 60 : request.Limit.Value;
        var (page, next) = await groups.ListForUserAsync(request.UserPoolId, request.Username, limit, request.NextToken, cancellationToken).ConfigureAwait(false);
        return new AdminListGroupsForUserResponse(page.Select(GroupType.From).ToList(), next);
    }
}

[JsonSerializable(typeof(AdminListGroupsForUserRequest))]
[JsonSerializable(typeof(AdminListGroupsForUserResponse))]
internal sealed partial class AdminListGroupsForUserJsonContext : JsonSerializerContext;
