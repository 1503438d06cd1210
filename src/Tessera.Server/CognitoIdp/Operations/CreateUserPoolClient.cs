// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Clients;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record CreateUserPoolClientRequest : AppClientSettingsRequest
{
    public required string UserPoolId { get; init; }
    public required string ClientName { get; init; }
    public bool? GenerateSecret { get; init; }
    public string? ClientSecret { get; init; }
}

internal sealed record CreateUserPoolClientResponse(UserPoolClientType UserPoolClient);

[CognitoOperation("CreateUserPoolClient")]
internal sealed class CreateUserPoolClientHandler(AppClientService clients)
    : IOperationHandler<CreateUserPoolClientRequest, CreateUserPoolClientResponse>
{
    public async ValueTask<CreateUserPoolClientResponse> HandleAsync(CreateUserPoolClientRequest request, CancellationToken cancellationToken)
    {
        var client = await clients.CreateAsync(request.UserPoolId, request.ClientName, request.GenerateSecret == true, request.ClientSecret, request.ToSettings(), cancellationToken).ConfigureAwait(false);
        return new CreateUserPoolClientResponse(UserPoolClientType.From(client, clients.RevealSecret(client)));
    }
}

[JsonSerializable(typeof(CreateUserPoolClientRequest))]
[JsonSerializable(typeof(CreateUserPoolClientResponse))]
internal sealed partial class CreateUserPoolClientJsonContext : JsonSerializerContext;
