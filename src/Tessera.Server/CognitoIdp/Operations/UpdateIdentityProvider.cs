// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Federation;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record UpdateIdentityProviderRequest(
    string UserPoolId,
    string ProviderName,
    Dictionary<string, string>? ProviderDetails = null,
    Dictionary<string, string>? AttributeMapping = null,
    IReadOnlyList<string>? IdpIdentifiers = null);

internal sealed record UpdateIdentityProviderResponse(IdentityProviderType IdentityProvider);

[CognitoOperation("UpdateIdentityProvider")]
internal sealed class UpdateIdentityProviderHandler(IdentityProviderService providers)
    : IOperationHandler<UpdateIdentityProviderRequest, UpdateIdentityProviderResponse>
{
    public async ValueTask<UpdateIdentityProviderResponse> HandleAsync(UpdateIdentityProviderRequest request, CancellationToken cancellationToken)
    {
        var provider = await providers.UpdateAsync(
            request.UserPoolId, request.ProviderName, request.ProviderDetails, request.AttributeMapping, request.IdpIdentifiers, cancellationToken).ConfigureAwait(false);
        return new UpdateIdentityProviderResponse(IdentityProviderType.From(provider, providers));
    }
}

[JsonSerializable(typeof(UpdateIdentityProviderRequest))]
[JsonSerializable(typeof(UpdateIdentityProviderResponse))]
internal sealed partial class UpdateIdentityProviderJsonContext : JsonSerializerContext;
