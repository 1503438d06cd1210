// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Clients;

public sealed class AppClient
{
    public required string ClientId { get; set; }
    public required string PoolId { get; set; }
    public required string ClientName { get; set; }

    /// <summary>The client secret sealed with the master key (AWS returns it on DescribeUserPoolClient).</summary>
    public byte[]? SecretCiphertext { get; set; }

    /// <summary>A keyed hash of the secret, so verifying it needs no decryption.</summary>
    public byte[]? SecretHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public AppClientSettings Settings { get; set; } = new();

    public bool HasSecret => SecretHash is not null;
}
