// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Groups;

public sealed class Group
{
    public required string PoolId { get; set; }
    public required string GroupName { get; set; }
    public string? Description { get; set; }
    public string? RoleArn { get; set; }
    public int? Precedence { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class GroupMembership
{
    public required string PoolId { get; set; }
    public required string GroupName { get; set; }
    public Guid UserId { get; set; }
}
