// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Groups;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record CreateGroupRequest(string GroupName, string UserPoolId, string? Description, string? RoleArn, int? Precedence);

internal sealed record CreateGroupResponse(GroupType Group);

[CognitoOperation("CreateGroup")]
internal sealed class CreateGroupHandler(GroupService groups)
    : IOperationHandler<CreateGroupRequest, CreateGroupResponse>
{
    public async ValueTask<CreateGroupResponse> HandleAsync(CreateGroupRequest request, CancellationToken cancellationToken)
    {
        var group = await groups.CreateAsync(request.UserPoolId, request.GroupName, request.Description, request.RoleArn, request.Precedence, cancellationToken).ConfigureAwait(false);
        return new CreateGroupResponse(GroupType.From(group));
    }
}

[JsonSerializable(typeof(CreateGroupRequest))]
[JsonSerializable(typeof(CreateGroupResponse))]
internal sealed partial class CreateGroupJsonContext : JsonSerializerContext;
