// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Configuration;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record SetLogDeliveryConfigurationRequest(string UserPoolId, JsonElement LogConfigurations);

internal sealed record SetLogDeliveryConfigurationResponse(LogDeliveryConfigurationType LogDeliveryConfiguration);

[CognitoOperation("SetLogDeliveryConfiguration")]
internal sealed class SetLogDeliveryConfigurationHandler(PoolConfigurationService configuration)
    : IOperationHandler<SetLogDeliveryConfigurationRequest, SetLogDeliveryConfigurationResponse>
{
    public async ValueTask<SetLogDeliveryConfigurationResponse> HandleAsync(SetLogDeliveryConfigurationRequest request, CancellationToken cancellationToken)
    {
        var members = JsonMembers.Of((nameof(request.LogConfigurations), request.LogConfigurations));
        var stored = await configuration.SetLogDeliveryAsync(request.UserPoolId, members, cancellationToken).ConfigureAwait(false);
        return new SetLogDeliveryConfigurationResponse(LogDeliveryConfigurationType.From(request.UserPoolId, stored));
    }
}

[JsonSerializable(typeof(SetLogDeliveryConfigurationRequest))]
[JsonSerializable(typeof(SetLogDeliveryConfigurationResponse))]
internal sealed partial class SetLogDeliveryConfigurationJsonContext : JsonSerializerContext;
