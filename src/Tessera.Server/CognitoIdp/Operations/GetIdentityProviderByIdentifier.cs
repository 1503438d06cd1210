// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Federation;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record GetIdentityProviderByIdentifierRequest(string UserPoolId, string IdpIdentifier);

internal sealed record GetIdentityProviderByIdentifierResponse(IdentityProviderType IdentityProvider);

[CognitoOperation("GetIdentityProviderByIdentifier")]
internal sealed class GetIdentityProviderByIdentifierHandler(IdentityProviderService providers)
    : IOperationHandler<GetIdentityProviderByIdentifierRequest, GetIdentityProviderByIdentifierResponse>
{
    public async ValueTask<GetIdentityProviderByIdentifierResponse> HandleAsync(GetIdentityProviderByIdentifierRequest request, CancellationToken cancellationToken)
    {
        var provider = await providers.GetByIdentifierAsync(request.UserPoolId, request.IdpIdentifier, cancellationToken).ConfigureAwait(false);
        return new GetIdentityProviderByIdentifierResponse(IdentityProviderType.From(provider, providers));
    }
}

[JsonSerializable(typeof(GetIdentityProviderByIdentifierRequest))]
[JsonSerializable(typeof(GetIdentityProviderByIdentifierResponse))]
internal sealed partial class GetIdentityProviderByIdentifierJsonContext : JsonSerializerContext;
