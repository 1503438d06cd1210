// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Groups;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminAddUserToGroupRequest(string UserPoolId, string Username, string GroupName);

[CognitoOperation("AdminAddUserToGroup")]
internal sealed class AdminAddUserToGroupHandler(GroupService groups)
    : IOperationHandler<AdminAddUserToGroupRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(AdminAddUserToGroupRequest request, CancellationToken cancellationToken)
    {
        await groups.AddUserAsync(request.UserPoolId, request.Username, request.GroupName, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(AdminAddUserToGroupRequest))]
internal sealed partial class AdminAddUserToGroupJsonContext : JsonSerializerContext;
