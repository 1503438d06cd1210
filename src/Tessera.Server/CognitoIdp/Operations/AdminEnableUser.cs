// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminEnableUserRequest(string UserPoolId, string Username);

[CognitoOperation("AdminEnableUser")]
internal sealed class AdminEnableUserHandler(UserMaintenance users)
    : IOperationHandler<AdminEnableUserRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(AdminEnableUserRequest request, CancellationToken cancellationToken)
    {
        await users.SetEnabledAsync(request.UserPoolId, request.Username, enabled: true, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(AdminEnableUserRequest))]
internal sealed partial class AdminEnableUserJsonContext : JsonSerializerContext;
