// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Federation;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ProviderUserIdentifierType(string? ProviderName = null, string? ProviderAttributeName = null, string? ProviderAttributeValue = null)
{
    public UserIdentity ToIdentity() => new(ProviderName ?? string.Empty, ProviderAttributeName, ProviderAttributeValue ?? string.Empty);
}

internal sealed record AdminLinkProviderForUserRequest(string UserPoolId, ProviderUserIdentifierType DestinationUser, ProviderUserIdentifierType SourceUser);

[CognitoOperation("AdminLinkProviderForUser")]
internal sealed class AdminLinkProviderForUserHandler(ProviderLinking linking) : IOperationHandler<AdminLinkProviderForUserRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(AdminLinkProviderForUserRequest request, CancellationToken cancellationToken)
    {
        await linking.LinkAsync(request.UserPoolId, request.DestinationUser.ToIdentity(), request.SourceUser.ToIdentity(), cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(AdminLinkProviderForUserRequest))]
internal sealed partial class AdminLinkProviderForUserJsonContext : JsonSerializerContext;
