// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Clients;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DeleteUserPoolClientRequest(string UserPoolId, string ClientId);

[CognitoOperation("DeleteUserPoolClient")]
internal sealed class DeleteUserPoolClientHandler(AppClientService clients)
    : IOperationHandler<DeleteUserPoolClientRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(DeleteUserPoolClientRequest request, CancellationToken cancellationToken)
    {
        await clients.DeleteAsync(request.UserPoolId, request.ClientId, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(DeleteUserPoolClientRequest))]
internal sealed partial class DeleteUserPoolClientJsonContext : JsonSerializerContext;
