// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Identity;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdentity.Operations;

internal sealed record DeleteIdentitiesRequest(IReadOnlyList<string> IdentityIdsToDelete);

internal sealed record UnprocessedIdentityId(string IdentityId, string ErrorCode);

internal sealed record DeleteIdentitiesResponse(IReadOnlyList<UnprocessedIdentityId> UnprocessedIdentityIds);

[AwsOperation("cognito-identity", "DeleteIdentities")]
internal sealed class DeleteIdentitiesHandler(IdentityService identities) : IOperationHandler<DeleteIdentitiesRequest, DeleteIdentitiesResponse>
{
    public async ValueTask<DeleteIdentitiesResponse> HandleAsync(DeleteIdentitiesRequest request, CancellationToken cancellationToken)
    {
        var missing = await identities.DeleteAsync(request.IdentityIdsToDelete, cancellationToken).ConfigureAwait(false);
        return new DeleteIdentitiesResponse(missing.Select(id => new UnprocessedIdentityId(id, "ResourceNotFound")).ToList());
    }
}

[JsonSerializable(typeof(DeleteIdentitiesRequest))]
[JsonSerializable(typeof(DeleteIdentitiesResponse))]
internal sealed partial class DeleteIdentitiesJsonContext : JsonSerializerContext;
