// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Server.Hosting;

/// <summary>The <c>Tessera:Admin</c> section: the IAM-style key that signs administrative calls.</summary>
public sealed class AdminOptions
{
    /// <summary>The access key id administrative calls are signed with. Required by <c>start</c>.</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>Its secret. No default.</summary>
    public string? SecretAccessKey { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(AccessKeyId) && !string.IsNullOrEmpty(SecretAccessKey);
}
