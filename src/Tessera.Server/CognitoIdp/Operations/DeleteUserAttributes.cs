// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Lifecycle;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DeleteUserAttributesRequest(IReadOnlyList<string> UserAttributeNames, string AccessToken);

internal sealed record DeleteUserAttributesResponse();

[CognitoOperation("DeleteUserAttributes")]
internal sealed class DeleteUserAttributesHandler(SelfService self)
    : IOperationHandler<DeleteUserAttributesRequest, DeleteUserAttributesResponse>
{
    public async ValueTask<DeleteUserAttributesResponse> HandleAsync(DeleteUserAttributesRequest request, CancellationToken cancellationToken)
    {
        await self.DeleteAttributesAsync(request.AccessToken, request.UserAttributeNames, cancellationToken).ConfigureAwait(false);
        return new DeleteUserAttributesResponse();
    }
}

[JsonSerializable(typeof(DeleteUserAttributesRequest))]
[JsonSerializable(typeof(DeleteUserAttributesResponse))]
internal sealed partial class DeleteUserAttributesJsonContext : JsonSerializerContext;
