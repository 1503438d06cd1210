// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Configuration;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DescribeTermsRequest(string TermsId, string UserPoolId);

internal sealed record DescribeTermsResponse(TermsType Terms);

[CognitoOperation("DescribeTerms")]
internal sealed class DescribeTermsHandler(PoolConfigurationService configuration) : IOperationHandler<DescribeTermsRequest, DescribeTermsResponse>
{
    public async ValueTask<DescribeTermsResponse> HandleAsync(DescribeTermsRequest request, CancellationToken cancellationToken)
        => new(TermsType.From(request.UserPoolId, await configuration.TermsAsync(request.UserPoolId, request.TermsId, cancellationToken).ConfigureAwait(false)));
}

[JsonSerializable(typeof(DescribeTermsRequest))]
[JsonSerializable(typeof(DescribeTermsResponse))]
internal sealed partial class DescribeTermsJsonContext : JsonSerializerContext;
