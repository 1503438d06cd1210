// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.ResourceServers;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DeleteResourceServerRequest(string UserPoolId, string Identifier);

[CognitoOperation("DeleteResourceServer")]
internal sealed class DeleteResourceServerHandler(ResourceServerService servers) : IOperationHandler<DeleteResourceServerRequest, EmptyResponse>
{
    public async ValueTask<EmptyResponse> HandleAsync(DeleteResourceServerRequest request, CancellationToken cancellationToken)
    {
        await servers.DeleteAsync(request.UserPoolId, request.Identifier, cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }
}

[JsonSerializable(typeof(DeleteResourceServerRequest))]
internal sealed partial class DeleteResourceServerJsonContext : JsonSerializerContext;
