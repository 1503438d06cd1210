// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Federation;

/// <summary>
/// An upstream identity bound to a user of the pool: by AdminLinkProviderForUser (any mapped attribute, or
/// <c>Cognito_Subject</c>), and by a federated sign-in (always <c>Cognito_Subject</c>, the upstream user id).
/// </summary>
public sealed class ProviderLink
{
    /// <summary>What AdminLinkProviderForUser calls the upstream user id.</summary>
    public const string SubjectAttribute = "Cognito_Subject";

    public required string PoolId { get; set; }
    public required string ProviderName { get; set; }
    public required string AttributeName { get; set; }
    public required string AttributeValue { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
