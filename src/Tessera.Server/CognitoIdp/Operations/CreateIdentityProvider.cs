// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Federation;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record CreateIdentityProviderRequest(
    string UserPoolId,
    string ProviderName,
    string ProviderType,
    Dictionary<string, string> ProviderDetails,
    Dictionary<string, string>? AttributeMapping = null,
    IReadOnlyList<string>? IdpIdentifiers = null);

internal sealed record CreateIdentityProviderResponse(IdentityProviderType IdentityProvider);

[CognitoOperation("CreateIdentityProvider")]
internal sealed class CreateIdentityProviderHandler(IdentityProviderService providers)
    : IOperationHandler<CreateIdentityProviderRequest, CreateIdentityProviderResponse>
{
    public async ValueTask<CreateIdentityProviderResponse> HandleAsync(CreateIdentityProviderRequest request, CancellationToken cancellationToken)
    {
        var provider = await providers.CreateAsync(
            request.UserPoolId, request.ProviderName, request.ProviderType, request.ProviderDetails, request.AttributeMapping, request.IdpIdentifiers, cancellationToken).ConfigureAwait(false);
        return new CreateIdentityProviderResponse(IdentityProviderType.From(provider, providers));
    }
}

[JsonSerializable(typeof(CreateIdentityProviderRequest))]
[JsonSerializable(typeof(CreateIdentityProviderResponse))]
internal sealed partial class CreateIdentityProviderJsonContext : JsonSerializerContext;
