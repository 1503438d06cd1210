// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Configuration;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DeleteManagedLoginBrandingRequest(string ManagedLoginBrandingId, string UserPoolId);

[CognitoOperation("DeleteManagedLoginBranding")]
internal sealed class DeleteManagedLoginBrandingHandler(PoolConfigurationService configuration)
    : IOperationHandler<DeleteManagedLoginBrandingRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(DeleteManagedLoginBrandingRequest request, CancellationToken cancellationToken)
    {
        await configuration.DeleteBrandingAsync(request.UserPoolId, request.ManagedLoginBrandingId, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(DeleteManagedLoginBrandingRequest))]
internal sealed partial class DeleteManagedLoginBrandingJsonContext : JsonSerializerContext;
