// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Clients;

namespace Tessera.Server.CognitoIdp.Shapes;

/// <summary>ClientSecretDescriptorType: the value only when AddUserPoolClientSecret generated it.</summary>
internal sealed record ClientSecretDescriptorType(string ClientSecretId, string? ClientSecretValue, DateTimeOffset ClientSecretCreateDate)
{
    public static ClientSecretDescriptorType From(ClientSecret secret, string? value = null) => new(secret.Id, value, secret.CreatedAt);
}
