// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Clients;

/// <summary>One of an app client's secrets (at most two, so one can be rotated without downtime).</summary>
public sealed class ClientSecret
{
    /// <summary><c>&lt;client id&gt;--&lt;creation time in epoch milliseconds&gt;</c>, the form of AWS's ClientSecretId.</summary>
    public required string Id { get; set; }

    public required string ClientId { get; set; }

    /// <summary>The secret sealed with the master key: SECRET_HASH is an HMAC keyed with the secret itself.</summary>
    public required byte[] Ciphertext { get; set; }

    /// <summary>A keyed hash of the secret, so a secret presented directly is checked without decryption.</summary>
    public required byte[] Hash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
