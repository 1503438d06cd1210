// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.ResourceServers;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ListResourceServersRequest(string UserPoolId, int? MaxResults = null, string? NextToken = null);

internal sealed record ListResourceServersResponse(IReadOnlyList<ResourceServerType> ResourceServers, string? NextToken);

[CognitoOperation("ListResourceServers")]
internal sealed class ListResourceServersHandler(ResourceServerService servers)
    : IOperationHandler<ListResourceServersRequest, ListResourceServersResponse>
{
    public async ValueTask<ListResourceServersResponse> HandleAsync(ListResourceServersRequest request, CancellationToken cancellationToken)
    {
        var (page, next) = await servers.ListAsync(request.UserPoolId, request.MaxResults, request.NextToken, cancellationToken).ConfigureAwait(false);
        return new ListResourceServersResponse(page.Select(ResourceServerType.From).ToList(), next);
    }
}

[JsonSerializable(typeof(ListResourceServersRequest))]
[JsonSerializable(typeof(ListResourceServersResponse))]
internal sealed partial class ListResourceServersJsonContext : JsonSerializerContext;
