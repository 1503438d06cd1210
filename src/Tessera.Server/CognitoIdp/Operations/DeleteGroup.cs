// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Groups;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DeleteGroupRequest(string GroupName, string UserPoolId);

[CognitoOperation("DeleteGroup")]
internal sealed class DeleteGroupHandler(GroupService groups)
    : IOperationHandler<DeleteGroupRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(DeleteGroupRequest request, CancellationToken cancellationToken)
    {
        await groups.DeleteAsync(request.UserPoolId, request.GroupName, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(DeleteGroupRequest))]
internal sealed partial class DeleteGroupJsonContext : JsonSerializerContext;
