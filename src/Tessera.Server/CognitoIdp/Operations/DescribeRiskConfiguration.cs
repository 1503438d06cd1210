// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Configuration;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DescribeRiskConfigurationRequest(string UserPoolId, string? ClientId);

internal sealed record DescribeRiskConfigurationResponse(RiskConfigurationType RiskConfiguration);

[CognitoOperation("DescribeRiskConfiguration")]
internal sealed class DescribeRiskConfigurationHandler(PoolConfigurationService configuration)
    : IOperationHandler<DescribeRiskConfigurationRequest, DescribeRiskConfigurationResponse>
{
    public async ValueTask<DescribeRiskConfigurationResponse> HandleAsync(DescribeRiskConfigurationRequest request, CancellationToken cancellationToken)
    {
        var stored = await configuration.RiskConfigurationAsync(request.UserPoolId, request.ClientId, cancellationToken).ConfigureAwait(false);
        return new DescribeRiskConfigurationResponse(RiskConfigurationType.From(request.UserPoolId, stored));
    }
}

[JsonSerializable(typeof(DescribeRiskConfigurationRequest))]
[JsonSerializable(typeof(DescribeRiskConfigurationResponse))]
internal sealed partial class DescribeRiskConfigurationJsonContext : JsonSerializerContext;
