// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Clients;

namespace Tessera.Core.Users;

/// <summary>Who writes a user's attributes, and in which operation: what <see cref="UserAttributeWrites"/> lets through depends on it.</summary>
public sealed class AttributeWriter
{
    private AttributeWriter(AppClient? client, bool creating, User? challenged)
    {
        Client = client;
        Creating = creating;
        Challenged = challenged;
    }

    /// <summary>The app client a user writes through; null for an administrator (IAM credentials, or the pool's own Lambda functions).</summary>
    public AppClient? Client { get; }

    /// <summary>The user is being created (AdminCreateUser, SignUp, UserMigration): immutable attributes can still be set.</summary>
    public bool Creating { get; }

    /// <summary>The user answering NEW_PASSWORD_REQUIRED, whose required attributes may be set once.</summary>
    public User? Challenged { get; }

    /// <summary>AdminCreateUser, AdminUpdateUserAttributes, AdminDeleteUserAttributes, and a UserMigration function's answer.</summary>
    public static AttributeWriter Administrator(bool creating) => new(null, creating, null);

    /// <summary>SignUp (creating), UpdateUserAttributes and DeleteUserAttributes: the user, through an app client.</summary>
    public static AttributeWriter User(AppClient client, bool creating)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new(client, creating, null);
    }

    /// <summary>The <c>userAttributes.*</c> of a NEW_PASSWORD_REQUIRED answer, from the API or the hosted new-password page.</summary>
    public static AttributeWriter NewPasswordChallenge(AppClient client, User user)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(user);
        return new(client, creating: false, user);
    }
}
