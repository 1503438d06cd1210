// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Configuration;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record CreateManagedLoginBrandingRequest(string UserPoolId, string ClientId, JsonElement? UseCognitoProvidedValues, JsonElement? Settings, JsonElement? Assets);

internal sealed record CreateManagedLoginBrandingResponse(ManagedLoginBrandingType ManagedLoginBranding);

[CognitoOperation("CreateManagedLoginBranding")]
internal sealed class CreateManagedLoginBrandingHandler(PoolConfigurationService configuration)
    : IOperationHandler<CreateManagedLoginBrandingRequest, CreateManagedLoginBrandingResponse>
{
    public async ValueTask<CreateManagedLoginBrandingResponse> HandleAsync(CreateManagedLoginBrandingRequest request, CancellationToken cancellationToken)
    {
        var members = JsonMembers.Of(
            (nameof(request.UseCognitoProvidedValues), request.UseCognitoProvidedValues),
            (nameof(request.Settings), request.Settings),
            (nameof(request.Assets), request.Assets));
        var stored = await configuration.CreateBrandingAsync(request.UserPoolId, request.ClientId, members, cancellationToken).ConfigureAwait(false);
        return new CreateManagedLoginBrandingResponse(ManagedLoginBrandingType.From(request.UserPoolId, stored));
    }
}

[JsonSerializable(typeof(CreateManagedLoginBrandingRequest))]
[JsonSerializable(typeof(CreateManagedLoginBrandingResponse))]
internal sealed partial class CreateManagedLoginBrandingJsonContext : JsonSerializerContext;
