// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Configuration;

/// <summary>
/// A piece of pool configuration Tessera stores and returns exactly but does not act on (risk configuration, log
/// delivery, terms documents, managed login branding): the request's members as JSON, checked against the
/// service model before they get here. Kept beside the pool, not in it, so reading a pool stays small.
/// </summary>
public sealed class PoolDocument
{
    public required string PoolId { get; set; }

    /// <summary>One of <see cref="PoolDocumentKinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>The document's id within its kind: a terms or branding id, a client id, or empty for the pool itself.</summary>
    public required string Key { get; set; }

    /// <summary>The app client the document belongs to; deleting the client deletes it.</summary>
    public string? ClientId { get; set; }

    public required string Json { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public static class PoolDocumentKinds
{
    public const string RiskConfiguration = "risk";
    public const string LogDelivery = "log-delivery";
    public const string Terms = "terms";
    public const string ManagedLoginBranding = "branding";
}
