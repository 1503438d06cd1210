// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Pools;

public sealed class UserPool
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public UserPoolSettings Settings { get; set; } = new();

    /// <summary>The part after the underscore, which Cognito's SRP uses as the pool name.</summary>
    public string ShortId => Id[(Id.IndexOf('_', StringComparison.Ordinal) + 1)..];

    public string Region => Id[..Id.IndexOf('_', StringComparison.Ordinal)];
}
