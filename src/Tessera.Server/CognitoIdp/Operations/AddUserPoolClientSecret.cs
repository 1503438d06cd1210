// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Serialization;
using Tessera.Core.Clients;
using Tessera.Server.AwsJson;
using Tessera.Server.CognitoIdp.Shapes;

namespace Tessera.Server.CognitoIdp.Operations;

internal sealed record AddUserPoolClientSecretRequest(string UserPoolId, string ClientId, string? ClientSecret);

internal sealed record AddUserPoolClientSecretResponse(ClientSecretDescriptorType ClientSecretDescriptor);

[CognitoOperation("AddUserPoolClientSecret")]
internal sealed class AddUserPoolClientSecretHandler(AppClientService clients)
    : IOperationHandler<AddUserPoolClientSecretRequest, AddUserPoolClientSecretResponse>
{
    public async ValueTask<AddUserPoolClientSecretResponse> HandleAsync(AddUserPoolClientSecretRequest request, CancellationToken cancellationToken)
    {
        var (secret, generated) = await clients.AddSecretAsync(request.UserPoolId, request.ClientId, request.ClientSecret, cancellationToken).ConfigureAwait(false);
        return new AddUserPoolClientSecretResponse(ClientSecretDescriptorType.From(secret, generated));
    }
}

[JsonSerializable(typeof(AddUserPoolClientSecretRequest))]
[JsonSerializable(typeof(AddUserPoolClientSecretResponse))]
internal sealed partial class AddUserPoolClientSecretJsonContext : JsonSerializerContext;
