// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminDisableUserRequest(string UserPoolId, string Username);

[CognitoOperation("AdminDisableUser")]
internal sealed class AdminDisableUserHandler(UserMaintenance users)
    : IOperationHandler<AdminDisableUserRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(AdminDisableUserRequest request, CancellationToken cancellationToken)
    {
        await users.SetEnabledAsync(request.UserPoolId, request.Username, enabled: false, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(AdminDisableUserRequest))]
internal sealed partial class AdminDisableUserJsonContext : JsonSerializerContext;
