// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Clients;
using Tessera.Server.AwsJson;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record ListUserPoolClientsRequest(string UserPoolId, int? MaxResults, string? NextToken);

internal sealed record UserPoolClientDescription(string ClientId, string UserPoolId, string ClientName);

internal sealed record ListUserPoolClientsResponse(IReadOnlyList<UserPoolClientDescription> UserPoolClients, string? NextToken);

[CognitoOperation("ListUserPoolClients")]
internal sealed class ListUserPoolClientsHandler(AppClientService clients)
    : IOperationHandler<ListUserPoolClientsRequest, ListUserPoolClientsResponse>
{
    public async ValueTask<ListUserPoolClientsResponse> HandleAsync(ListUserPoolClientsRequest request, CancellationToken cancellationToken)
    {
        var (page, next) = await clients.ListAsync(request.UserPoolId, request.MaxResults ?? 60, request.NextToken, cancellationToken).ConfigureAwait(false);
        return new ListUserPoolClientsResponse(page.Select(c => new UserPoolClientDescription(c.ClientId, c.PoolId, c.ClientName)).ToList(), next);
    }
}

[JsonSerializable(typeof(ListUserPoolClientsRequest))]
[JsonSerializable(typeof(ListUserPoolClientsResponse))]
internal sealed partial class ListUserPoolClientsJsonContext : JsonSerializerContext;
