// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Lifecycle;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminUserGlobalSignOutRequest(string UserPoolId, string Username);

internal sealed record AdminUserGlobalSignOutResponse();

[CognitoOperation("AdminUserGlobalSignOut")]
internal sealed class AdminUserGlobalSignOutHandler(SessionRevocation revocation)
    : IOperationHandler<AdminUserGlobalSignOutRequest, AdminUserGlobalSignOutResponse>
{
    public async ValueTask<AdminUserGlobalSignOutResponse> HandleAsync(AdminUserGlobalSignOutRequest request, CancellationToken cancellationToken)
    {
        await revocation.AdminSignOutAsync(request.UserPoolId, request.Username, cancellationToken).ConfigureAwait(false);
        return new AdminUserGlobalSignOutResponse();
    }
}

[JsonSerializable(typeof(AdminUserGlobalSignOutRequest))]
[JsonSerializable(typeof(AdminUserGlobalSignOutResponse))]
internal sealed partial class AdminUserGlobalSignOutJsonContext : JsonSerializerContext;
