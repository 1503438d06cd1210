// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Portability;

/// <summary>How to read an export file.</summary>
public sealed record ImportOptions
{
    /// <summary>The operator's key the file's secrets were sealed with; not needed for a plaintext file.</summary>
    public string? SecretsKey { get; init; }

    /// <summary>Called after each batch written, with the counts so far.</summary>
    public Action<ImportReport>? Progress { get; init; }
}
