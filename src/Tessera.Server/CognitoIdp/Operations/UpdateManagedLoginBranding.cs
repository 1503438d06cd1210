// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Configuration;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

/// <remarks>The model marks no member required; without the pool and the style there is nothing to update.</remarks>
internal sealed record UpdateManagedLoginBrandingRequest(string? UserPoolId, string? ManagedLoginBrandingId, JsonElement? UseCognitoProvidedValues, JsonElement? Settings, JsonElement? Assets);

internal sealed record UpdateManagedLoginBrandingResponse(ManagedLoginBrandingType ManagedLoginBranding);

[CognitoOperation("UpdateManagedLoginBranding")]
internal sealed class UpdateManagedLoginBrandingHandler(PoolConfigurationService configuration)
    : IOperationHandler<UpdateManagedLoginBrandingRequest, UpdateManagedLoginBrandingResponse>
{
    public async ValueTask<UpdateManagedLoginBrandingResponse> HandleAsync(UpdateManagedLoginBrandingRequest request, CancellationToken cancellationToken)
    {
        var changes = JsonMembers.Of(
            (nameof(request.UseCognitoProvidedValues), request.UseCognitoProvidedValues),
            (nameof(request.Settings), request.Settings),
            (nameof(request.Assets), request.Assets));
        var stored = await configuration.UpdateBrandingAsync(request.UserPoolId, request.ManagedLoginBrandingId, changes, cancellationToken).ConfigureAwait(false);
        return new UpdateManagedLoginBrandingResponse(ManagedLoginBrandingType.From(request.UserPoolId!, stored));
    }
}

[JsonSerializable(typeof(UpdateManagedLoginBrandingRequest))]
[JsonSerializable(typeof(UpdateManagedLoginBrandingResponse))]
internal sealed partial class UpdateManagedLoginBrandingJsonContext : JsonSerializerContext;
