// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Lifecycle;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DeleteUserRequest(string AccessToken);

internal sealed record DeleteUserResponse();

[CognitoOperation("DeleteUser")]
internal sealed class DeleteUserHandler(SelfService self)
    : IOperationHandler<DeleteUserRequest, DeleteUserResponse>
{
    public async ValueTask<DeleteUserResponse> HandleAsync(DeleteUserRequest request, CancellationToken cancellationToken)
    {
        await self.DeleteUserAsync(request.AccessToken, cancellationToken).ConfigureAwait(false);
        return new DeleteUserResponse();
    }
}

[JsonSerializable(typeof(DeleteUserRequest))]
[JsonSerializable(typeof(DeleteUserResponse))]
internal sealed partial class DeleteUserJsonContext : JsonSerializerContext;
