// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Clients;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record DescribeUserPoolClientRequest(string UserPoolId, string ClientId);

internal sealed record DescribeUserPoolClientResponse(UserPoolClientType UserPoolClient);

[CognitoOperation("DescribeUserPoolClient")]
internal sealed class DescribeUserPoolClientHandler(AppClientService clients)
    : IOperationHandler<DescribeUserPoolClientRequest, DescribeUserPoolClientResponse>
{
    public async ValueTask<DescribeUserPoolClientResponse> HandleAsync(DescribeUserPoolClientRequest request, CancellationToken cancellationToken)
    {
        var client = await clients.GetAsync(request.UserPoolId, request.ClientId, cancellationToken).ConfigureAwait(false);
        return new DescribeUserPoolClientResponse(UserPoolClientType.From(client, clients.RevealSecret(client)));
    }
}

[JsonSerializable(typeof(DescribeUserPoolClientRequest))]
[JsonSerializable(typeof(DescribeUserPoolClientResponse))]
internal sealed partial class DescribeUserPoolClientJsonContext : JsonSerializerContext;
