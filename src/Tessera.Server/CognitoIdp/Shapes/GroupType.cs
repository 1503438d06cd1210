// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Groups;

namespace Tessera.Server.CognitoIdp.Shapes;

/// <summary>GroupType, as the group operations return it.</summary>
internal sealed record GroupType(
    string GroupName,
    string UserPoolId,
    string? Description,
    string? RoleArn,
    int? Precedence,
    DateTimeOffset LastModifiedDate,
    DateTimeOffset CreationDate)
{
    public static GroupType From(Group group) => new(
        group.GroupName, group.PoolId, group.Description, group.RoleArn, group.Precedence, group.UpdatedAt, group.CreatedAt);
}
