// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Configuration;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record SetRiskConfigurationRequest(
    string UserPoolId,
    string? ClientId,
    JsonElement? CompromisedCredentialsRiskConfiguration,
    JsonElement? AccountTakeoverRiskConfiguration,
    JsonElement? RiskExceptionConfiguration);

internal sealed record SetRiskConfigurationResponse(RiskConfigurationType RiskConfiguration);

[CognitoOperation("SetRiskConfiguration")]
internal sealed class SetRiskConfigurationHandler(PoolConfigurationService configuration)
    : IOperationHandler<SetRiskConfigurationRequest, SetRiskConfigurationResponse>
{
    public async ValueTask<SetRiskConfigurationResponse> HandleAsync(SetRiskConfigurationRequest request, CancellationToken cancellationToken)
    {
        var members = JsonMembers.Of(
            (nameof(request.CompromisedCredentialsRiskConfiguration), request.CompromisedCredentialsRiskConfiguration),
            (nameof(request.AccountTakeoverRiskConfiguration), request.AccountTakeoverRiskConfiguration),
            (nameof(request.RiskExceptionConfiguration), request.RiskExceptionConfiguration));
        var stored = await configuration.SetRiskConfigurationAsync(request.UserPoolId, request.ClientId, members, cancellationToken).ConfigureAwait(false);
        return new SetRiskConfigurationResponse(RiskConfigurationType.From(request.UserPoolId, stored));
    }
}

[JsonSerializable(typeof(SetRiskConfigurationRequest))]
[JsonSerializable(typeof(SetRiskConfigurationResponse))]
internal sealed partial class SetRiskConfigurationJsonContext : JsonSerializerContext;
