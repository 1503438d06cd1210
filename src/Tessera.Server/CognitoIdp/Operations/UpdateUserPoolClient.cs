// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Clients;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

/// <remarks>UpdateUserPoolClient replaces the whole configuration: omitted settings return to their defaults (API reference).</remarks>
internal sealed record UpdateUserPoolClientRequest : AppClientSettingsRequest
{
    public required string UserPoolId { get; init; }
    public required string ClientId { get; init; }
    public string? ClientName { get; init; }
}

internal sealed record UpdateUserPoolClientResponse(UserPoolClientType UserPoolClient);

[CognitoOperation("UpdateUserPoolClient")]
internal sealed class UpdateUserPoolClientHandler(AppClientService clients)
    : IOperationHandler<UpdateUserPoolClientRequest, UpdateUserPoolClientResponse>
{
    public async ValueTask<UpdateUserPoolClientResponse> HandleAsync(UpdateUserPoolClientRequest request, CancellationToken cancellationToken)
    {
        var client = await clients.UpdateAsync(request.UserPoolId, request.ClientId, request.ClientName, request.ToSettings(), cancellationToken).ConfigureAwait(false);
        return new UpdateUserPoolClientResponse(UserPoolClientType.From(client, clients.RevealSecret(client)));
    }
}

[JsonSerializable(typeof(UpdateUserPoolClientRequest))]
[JsonSerializable(typeof(UpdateUserPoolClientResponse))]
internal sealed partial class UpdateUserPoolClientJsonContext : JsonSerializerContext;
