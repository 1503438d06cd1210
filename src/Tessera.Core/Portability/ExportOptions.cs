// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Portability;

/// <summary>What to export and how to hold its secrets.</summary>
public sealed record ExportOptions
{
    /// <summary>The user pool to export (with the identity pools that use it); null exports everything.</summary>
    public string? UserPoolId { get; init; }

    /// <summary>How the file holds secrets: sealed under the operator's key, or (explicitly) in plaintext.</summary>
    public required PortableSecrets Secrets { get; init; }

    /// <summary>Called every few thousand users, with the number written so far.</summary>
    public Action<long>? Progress { get; init; }
}
