// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.ResourceServers;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DescribeResourceServerRequest(string UserPoolId, string Identifier);

internal sealed record DescribeResourceServerResponse(ResourceServerType ResourceServer);

[CognitoOperation("DescribeResourceServer")]
internal sealed class DescribeResourceServerHandler(ResourceServerService servers)
    : IOperationHandler<DescribeResourceServerRequest, DescribeResourceServerResponse>
{
    public async ValueTask<DescribeResourceServerResponse> HandleAsync(DescribeResourceServerRequest request, CancellationToken cancellationToken)
        => new(ResourceServerType.From(await servers.GetAsync(request.UserPoolId, request.Identifier, cancellationToken).ConfigureAwait(false)));
}

[JsonSerializable(typeof(DescribeResourceServerRequest))]
[JsonSerializable(typeof(DescribeResourceServerResponse))]
internal sealed partial class DescribeResourceServerJsonContext : JsonSerializerContext;
