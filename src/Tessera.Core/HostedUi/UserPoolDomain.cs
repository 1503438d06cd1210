// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.HostedUi;

/// <summary>A user-pool domain: the prefix (or custom name) under which the hosted UI and OAuth endpoints answer.</summary>
public sealed class UserPoolDomain
{
    public required string Domain { get; set; }
    public required string PoolId { get; set; }

    /// <summary>1 = the classic hosted UI (the one SetUICustomization styles), 2 = managed login.</summary>
    public int ManagedLoginVersion { get; set; } = 1;

    /// <summary>The ACM certificate ARN of a custom domain; Tessera stores it and terminates no TLS with it.</summary>
    public string? CertificateArn { get; set; }

    public string? SecurityPolicy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
