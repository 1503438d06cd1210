// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminDeleteUserRequest(string UserPoolId, string Username);

[CognitoOperation("AdminDeleteUser")]
internal sealed class AdminDeleteUserHandler(UserMaintenance users)
    : IOperationHandler<AdminDeleteUserRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(AdminDeleteUserRequest request, CancellationToken cancellationToken)
    {
        await users.DeleteAsync(request.UserPoolId, request.Username, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(AdminDeleteUserRequest))]
internal sealed partial class AdminDeleteUserJsonContext : JsonSerializerContext;
