// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Identity;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdentity.Shapes;

namespace Tessera.Server.CognitoIdentity.Operations;

internal sealed record DescribeIdentityPoolRequest(string IdentityPoolId);

[AwsOperation("cognito-identity", "DescribeIdentityPool")]
internal sealed class DescribeIdentityPoolHandler(IdentityPoolService pools) : IOperationHandler<DescribeIdentityPoolRequest, IdentityPoolType>
{
    public async ValueTask<IdentityPoolType> HandleAsync(DescribeIdentityPoolRequest request, CancellationToken cancellationToken)
        => IdentityPoolType.From(await pools.GetAsync(request.IdentityPoolId, cancellationToken).ConfigureAwait(false));
}

[JsonSerializable(typeof(DescribeIdentityPoolRequest))]
internal sealed partial class DescribeIdentityPoolJsonContext : JsonSerializerContext;
