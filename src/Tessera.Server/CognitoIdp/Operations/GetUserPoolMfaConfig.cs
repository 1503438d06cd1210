// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record GetUserPoolMfaConfigRequest(string UserPoolId);

[CognitoOperation("GetUserPoolMfaConfig")]
internal sealed class GetUserPoolMfaConfigHandler(UserDirectory directory)
    : IOperationHandler<GetUserPoolMfaConfigRequest, UserPoolMfaConfigResponse>
{
    public async ValueTask<UserPoolMfaConfigResponse> HandleAsync(GetUserPoolMfaConfigRequest request, CancellationToken cancellationToken)
        => UserPoolMfaConfigResponse.From(await directory.GetPoolAsync(request.UserPoolId, cancellationToken).ConfigureAwait(false));
}

[JsonSerializable(typeof(GetUserPoolMfaConfigRequest))]
[JsonSerializable(typeof(UserPoolMfaConfigResponse))]
internal sealed partial class GetUserPoolMfaConfigJsonContext : JsonSerializerContext;
