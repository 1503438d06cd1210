// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Groups;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminRemoveUserFromGroupRequest(string UserPoolId, string Username, string GroupName);

[CognitoOperation("AdminRemoveUserFromGroup")]
internal sealed class AdminRemoveUserFromGroupHandler(GroupService groups)
    : IOperationHandler<AdminRemoveUserFromGroupRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(AdminRemoveUserFromGroupRequest request, CancellationToken cancellationToken)
    {
        await groups.RemoveUserAsync(request.UserPoolId, request.Username, request.GroupName, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(AdminRemoveUserFromGroupRequest))]
internal sealed partial class AdminRemoveUserFromGroupJsonContext : JsonSerializerContext;
