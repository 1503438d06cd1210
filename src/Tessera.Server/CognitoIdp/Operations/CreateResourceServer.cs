// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.ResourceServers;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record CreateResourceServerRequest(string UserPoolId, string Identifier, string Name, IReadOnlyList<ResourceServerScopeType>? Scopes = null);

internal sealed record CreateResourceServerResponse(ResourceServerType ResourceServer);

[CognitoOperation("CreateResourceServer")]
internal sealed class CreateResourceServerHandler(ResourceServerService servers)
    : IOperationHandler<CreateResourceServerRequest, CreateResourceServerResponse>
{
    public async ValueTask<CreateResourceServerResponse> HandleAsync(CreateResourceServerRequest request, CancellationToken cancellationToken)
    {
        var server = await servers.CreateAsync(request.UserPoolId, request.Identifier, request.Name, request.Scopes, cancellationToken).ConfigureAwait(false);
        return new CreateResourceServerResponse(ResourceServerType.From(server));
    }
}

[JsonSerializable(typeof(CreateResourceServerRequest))]
[JsonSerializable(typeof(CreateResourceServerResponse))]
internal sealed partial class CreateResourceServerJsonContext : JsonSerializerContext;
