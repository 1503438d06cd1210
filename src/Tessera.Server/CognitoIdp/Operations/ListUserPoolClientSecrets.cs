// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Clients;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

/// <remarks>NextToken is accepted and never returned: "there are only 2 secrets at any given time and we return both" (API reference).</remarks>
internal sealed record ListUserPoolClientSecretsRequest(string UserPoolId, string ClientId, string? NextToken);

internal sealed record ListUserPoolClientSecretsResponse(IReadOnlyList<ClientSecretDescriptorType> ClientSecrets);

[CognitoOperation("ListUserPoolClientSecrets")]
internal sealed class ListUserPoolClientSecretsHandler(AppClientService clients)
    : IOperationHandler<ListUserPoolClientSecretsRequest, ListUserPoolClientSecretsResponse>
{
    public async ValueTask<ListUserPoolClientSecretsResponse> HandleAsync(ListUserPoolClientSecretsRequest request, CancellationToken cancellationToken)
    {
        var secrets = await clients.ListSecretsAsync(request.UserPoolId, request.ClientId, cancellationToken).ConfigureAwait(false);
        return new ListUserPoolClientSecretsResponse(secrets.Select(s => ClientSecretDescriptorType.From(s)).ToList());
    }
}

[JsonSerializable(typeof(ListUserPoolClientSecretsRequest))]
[JsonSerializable(typeof(ListUserPoolClientSecretsResponse))]
internal sealed partial class ListUserPoolClientSecretsJsonContext : JsonSerializerContext;
