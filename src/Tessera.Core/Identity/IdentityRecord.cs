// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Identity;

/// <summary>An identity in an identity pool; authenticated when it has linked logins.</summary>
public sealed class IdentityRecord
{
    /// <summary><c>&lt;region&gt;:&lt;uuid&gt;</c>.</summary>
    public required string Id { get; set; }

    public required string PoolId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// A provider identity linked to an identity: the same provider and subject always lead to the same
/// identity of the pool.
/// </summary>
public sealed class IdentityLogin
{
    public required string PoolId { get; set; }

    /// <summary>The canonical provider name, e.g. <c>cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC</c>.</summary>
    public required string ProviderName { get; set; }

    /// <summary>The provider's user identifier (<c>sub</c> of a user-pool ID token).</summary>
    public required string Subject { get; set; }

    public required string IdentityId { get; set; }

    public DateTimeOffset LinkedAt { get; set; }
}
