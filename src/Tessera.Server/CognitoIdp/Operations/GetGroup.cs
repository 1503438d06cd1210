// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Groups;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record GetGroupRequest(string GroupName, string UserPoolId);

internal sealed record GetGroupResponse(GroupType Group);

[CognitoOperation("GetGroup")]
internal sealed class GetGroupHandler(GroupService groups)
    : IOperationHandler<GetGroupRequest, GetGroupResponse>
{
    public async ValueTask<GetGroupResponse> HandleAsync(GetGroupRequest request, CancellationToken cancellationToken)
        => new(GroupType.From(await groups.GetAsync(request.UserPoolId, request.GroupName, cancellationToken).ConfigureAwait(false)));
}

[JsonSerializable(typeof(GetGroupRequest))]
[JsonSerializable(typeof(GetGroupResponse))]
internal sealed partial class GetGroupJsonContext : JsonSerializerContext;
