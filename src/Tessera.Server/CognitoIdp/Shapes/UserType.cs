// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Users;

namespace Tessera.Server.CognitoIdp.Shapes;

/// <summary>UserType, as AdminCreateUser and ListUsers return it.</summary>
internal sealed record UserType(
    string Username,
    IReadOnlyList<AttributeType> Attributes,
    DateTimeOffset UserCreateDate,
    DateTimeOffset UserLastModifiedDate,
    bool Enabled,
    string UserStatus)
{
    public static UserType From(User user, IReadOnlyCollection<string>? only = null) => new(
        user.Username,
        AttributesOf(user, only),
        user.CreatedAt,
        user.UpdatedAt,
        user.Enabled,
        user.Status);

    /// <summary>The user's attributes as AttributeType, <c>sub</c> first as Cognito lists it.</summary>
    public static IReadOnlyList<AttributeType> AttributesOf(User user, IReadOnlyCollection<string>? only = null)
        => user.Attributes
            .Where(a => only is null || only.Contains(a.Key))
            .OrderBy(a => a.Key == "sub" ? 0 : 1)
            .Select(a => new AttributeType(a.Key, a.Value))
            .ToList();
}
