// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminSetUserPasswordRequest(string UserPoolId, string Username, string Password, bool? Permanent);

[CognitoOperation("AdminSetUserPassword")]
internal sealed class AdminSetUserPasswordHandler(UserMaintenance users)
    : IOperationHandler<AdminSetUserPasswordRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(AdminSetUserPasswordRequest request, CancellationToken cancellationToken)
    {
        await users.SetPasswordAsync(request.UserPoolId, request.Username, request.Password, request.Permanent == true, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(AdminSetUserPasswordRequest))]
internal sealed partial class AdminSetUserPasswordJsonContext : JsonSerializerContext;
