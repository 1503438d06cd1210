// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.ResourceServers;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record UpdateResourceServerRequest(string UserPoolId, string Identifier, string Name, IReadOnlyList<ResourceServerScopeType>? Scopes = null);

internal sealed record UpdateResourceServerResponse(ResourceServerType ResourceServer);

[CognitoOperation("UpdateResourceServer")]
internal sealed class UpdateResourceServerHandler(ResourceServerService servers)
    : IOperationHandler<UpdateResourceServerRequest, UpdateResourceServerResponse>
{
    public async ValueTask<UpdateResourceServerResponse> HandleAsync(UpdateResourceServerRequest request, CancellationToken cancellationToken)
    {
        var server = await servers.UpdateAsync(request.UserPoolId, request.Identifier, request.Name, request.Scopes, cancellationToken).ConfigureAwait(false);
        return new UpdateResourceServerResponse(ResourceServerType.From(server));
    }
}

[JsonSerializable(typeof(UpdateResourceServerRequest))]
[JsonSerializable(typeof(UpdateResourceServerResponse))]
internal sealed partial class UpdateResourceServerJsonContext : JsonSerializerContext;
