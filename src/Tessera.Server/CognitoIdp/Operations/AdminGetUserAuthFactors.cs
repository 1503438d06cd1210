// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Auth.Passkeys;
using Tessera.Core.Users;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AdminGetUserAuthFactorsRequest(string UserPoolId, string Username);

[CognitoOperation("AdminGetUserAuthFactors")]
internal sealed class AdminGetUserAuthFactorsHandler(UserDirectory directory, PasskeyService passkeys)
    : IOperationHandler<AdminGetUserAuthFactorsRequest, GetUserAuthFactorsResponse>
{
    public async ValueTask<GetUserAuthFactorsResponse> HandleAsync(AdminGetUserAuthFactorsRequest request, CancellationToken cancellationToken)
    {
        var pool = await directory.GetPoolAsync(request.UserPoolId, cancellationToken).ConfigureAwait(false);
        var user = await directory.GetAsync(pool, request.Username, cancellationToken).ConfigureAwait(false);
        return GetUserAuthFactorsResponse.From(pool, user, await passkeys.CountAsync(pool, user, cancellationToken).ConfigureAwait(false));
    }
}

[JsonSerializable(typeof(AdminGetUserAuthFactorsRequest))]
[JsonSerializable(typeof(GetUserAuthFactorsResponse))]
internal sealed partial class AdminGetUserAuthFactorsJsonContext : JsonSerializerContext;
