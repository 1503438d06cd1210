// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Identity;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdentity.Shapes;

namespace Tessera.Server.CognitoIdentity.Operations;

/// <summary>UpdateIdentityPool takes the IdentityPool shape itself and replaces the configuration with it.</summary>
[AwsOperation("cognito-identity", "UpdateIdentityPool")]
internal sealed class UpdateIdentityPoolHandler(IdentityPoolService pools) : IOperationHandler<IdentityPoolType, IdentityPoolType>
{
    public async ValueTask<IdentityPoolType> HandleAsync(IdentityPoolType request, CancellationToken cancellationToken)
    {
        var pool = await pools.UpdateAsync(
            request.IdentityPoolId, request.IdentityPoolName, request.AllowUnauthenticatedIdentities, request.AllowClassicFlow, request.ToSettings(), cancellationToken).ConfigureAwait(false);
        return IdentityPoolType.From(pool);
    }
}

[JsonSerializable(typeof(IdentityPoolType))]
internal sealed partial class UpdateIdentityPoolJsonContext : JsonSerializerContext;
