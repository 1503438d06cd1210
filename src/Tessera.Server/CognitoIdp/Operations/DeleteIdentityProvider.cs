// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Federation;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DeleteIdentityProviderRequest(string UserPoolId, string ProviderName);

[CognitoOperation("DeleteIdentityProvider")]
internal sealed class DeleteIdentityProviderHandler(IdentityProviderService providers) : IOperationHandler<DeleteIdentityProviderRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(DeleteIdentityProviderRequest request, CancellationToken cancellationToken)
    {
        await providers.DeleteAsync(request.UserPoolId, request.ProviderName, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(DeleteIdentityProviderRequest))]
internal sealed partial class DeleteIdentityProviderJsonContext : JsonSerializerContext;
