// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Identity;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdentity.Shapes;

namespace Tessera.Server.CognitoIdentity.Operations;

internal sealed record DescribeIdentityRequest(string IdentityId);

[AwsOperation("cognito-identity", "DescribeIdentity")]
internal sealed class DescribeIdentityHandler(IdentityService identities) : IOperationHandler<DescribeIdentityRequest, IdentityDescription>
{
    public async ValueTask<IdentityDescription> HandleAsync(DescribeIdentityRequest request, CancellationToken cancellationToken)
        => IdentityDescription.From(await identities.DescribeAsync(request.IdentityId, cancellationToken).ConfigureAwait(false));
}

[JsonSerializable(typeof(DescribeIdentityRequest))]
[JsonSerializable(typeof(IdentityDescription))]
internal sealed partial class DescribeIdentityJsonContext : JsonSerializerContext;
