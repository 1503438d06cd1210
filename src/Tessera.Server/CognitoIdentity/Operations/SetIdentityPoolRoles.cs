// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Identity;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdentity.Operations;

internal sealed record SetIdentityPoolRolesRequest(string IdentityPoolId, Dictionary<string, string> Roles, Dictionary<string, RoleMapping>? RoleMappings);

[AwsOperation("cognito-identity", "SetIdentityPoolRoles")]
internal sealed class SetIdentityPoolRolesHandler(IdentityPoolService pools) : IOperationHandler<SetIdentityPoolRolesRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(SetIdentityPoolRolesRequest request, CancellationToken cancellationToken)
    {
        await pools.SetRolesAsync(request.IdentityPoolId, request.Roles, request.RoleMappings, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(SetIdentityPoolRolesRequest))]
internal sealed partial class SetIdentityPoolRolesJsonContext : JsonSerializerContext;
