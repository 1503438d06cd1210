// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Clients;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DeleteUserPoolClientSecretRequest(string UserPoolId, string ClientId, string ClientSecretId);

[CognitoOperation("DeleteUserPoolClientSecret")]
internal sealed class DeleteUserPoolClientSecretHandler(AppClientService clients)
    : IOperationHandler<DeleteUserPoolClientSecretRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(DeleteUserPoolClientSecretRequest request, CancellationToken cancellationToken)
    {
        await clients.DeleteSecretAsync(request.UserPoolId, request.ClientId, request.ClientSecretId, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(DeleteUserPoolClientSecretRequest))]
internal sealed partial class DeleteUserPoolClientSecretJsonContext : JsonSerializerContext;
