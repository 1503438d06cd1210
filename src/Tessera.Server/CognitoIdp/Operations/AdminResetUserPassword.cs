// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Lifecycle;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminResetUserPasswordRequest(string UserPoolId, string Username, IReadOnlyDictionary<string, string>? ClientMetadata);

internal sealed record AdminResetUserPasswordResponse();

[CognitoOperation("AdminResetUserPassword")]
internal sealed class AdminResetUserPasswordHandler(AccountService accounts)
    : IOperationHandler<AdminResetUserPasswordRequest, AdminResetUserPasswordResponse>
{
    public async ValueTask<AdminResetUserPasswordResponse> HandleAsync(AdminResetUserPasswordRequest request, CancellationToken cancellationToken)
    {
        await accounts.AdminResetUserPasswordAsync(request.UserPoolId, request.Username, cancellationToken).ConfigureAwait(false);
        return new AdminResetUserPasswordResponse();
    }
}

[JsonSerializable(typeof(AdminResetUserPasswordRequest))]
[JsonSerializable(typeof(AdminResetUserPasswordResponse))]
internal sealed partial class AdminResetUserPasswordJsonContext : JsonSerializerContext;
