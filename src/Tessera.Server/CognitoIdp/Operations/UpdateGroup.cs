// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Groups;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record UpdateGroupRequest(string GroupName, string UserPoolId, string? Description, string? RoleArn, int? Precedence);

internal sealed record UpdateGroupResponse(GroupType Group);

[CognitoOperation("UpdateGroup")]
internal sealed class UpdateGroupHandler(GroupService groups)
    : IOperationHandler<UpdateGroupRequest, UpdateGroupResponse>
{
    public async ValueTask<UpdateGroupResponse> HandleAsync(UpdateGroupRequest request, CancellationToken cancellationToken)
    {
        var group = await groups.UpdateAsync(request.UserPoolId, request.GroupName, request.Description, request.RoleArn, request.Precedence, cancellationToken).ConfigureAwait(false);
        return new UpdateGroupResponse(GroupType.From(group));
    }
}

[JsonSerializable(typeof(UpdateGroupRequest))]
[JsonSerializable(typeof(UpdateGroupResponse))]
internal sealed partial class UpdateGroupJsonContext : JsonSerializerContext;
