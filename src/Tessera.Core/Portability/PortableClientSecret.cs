// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Portability;

/// <summary>One client secret.</summary>
public sealed class PortableClientSecret
{
    /// <summary>The ClientSecretId; left out, <c>&lt;client id&gt;--&lt;created at, epoch ms&gt;</c>.</summary>
    public string? Id { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>Secret: the client secret, sealed with the file key.</summary>
    public required string Value { get; set; }
}
