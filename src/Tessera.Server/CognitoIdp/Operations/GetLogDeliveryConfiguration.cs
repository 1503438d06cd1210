// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Configuration;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record GetLogDeliveryConfigurationRequest(string UserPoolId);

internal sealed record GetLogDeliveryConfigurationResponse(LogDeliveryConfigurationType LogDeliveryConfiguration);

[CognitoOperation("GetLogDeliveryConfiguration")]
internal sealed class GetLogDeliveryConfigurationHandler(PoolConfigurationService configuration)
    : IOperationHandler<GetLogDeliveryConfigurationRequest, GetLogDeliveryConfigurationResponse>
{
    public async ValueTask<GetLogDeliveryConfigurationResponse> HandleAsync(GetLogDeliveryConfigurationRequest request, CancellationToken cancellationToken)
    {
        var stored = await configuration.LogDeliveryAsync(request.UserPoolId, cancellationToken).ConfigureAwait(false);
        return new GetLogDeliveryConfigurationResponse(LogDeliveryConfigurationType.From(request.UserPoolId, stored));
    }
}

[JsonSerializable(typeof(GetLogDeliveryConfigurationRequest))]
[JsonSerializable(typeof(GetLogDeliveryConfigurationResponse))]
internal sealed partial class GetLogDeliveryConfigurationJsonContext : JsonSerializerContext;
