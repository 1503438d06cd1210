// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Identity;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdentity.Operations;

internal sealed record GetIdentityPoolRolesRequest(string IdentityPoolId);

internal sealed record GetIdentityPoolRolesResponse(string IdentityPoolId, Dictionary<string, string>? Roles, Dictionary<string, RoleMapping>? RoleMappings);

[AwsOperation("cognito-identity", "GetIdentityPoolRoles")]
internal sealed class GetIdentityPoolRolesHandler(IdentityPoolService pools) : IOperationHandler<GetIdentityPoolRolesRequest, GetIdentityPoolRolesResponse>
{
    public async ValueTask<GetIdentityPoolRolesResponse> HandleAsync(GetIdentityPoolRolesRequest request, CancellationToken cancellationToken)
    {
        var pool = await pools.GetAsync(request.IdentityPoolId, cancellationToken).ConfigureAwait(false);
        return new GetIdentityPoolRolesResponse(pool.Id, pool.Settings.Roles ?? [], pool.Settings.RoleMappings);
    }
}

[JsonSerializable(typeof(GetIdentityPoolRolesRequest))]
[JsonSerializable(typeof(GetIdentityPoolRolesResponse))]
internal sealed partial class GetIdentityPoolRolesJsonContext : JsonSerializerContext;
