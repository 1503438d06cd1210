// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Pools;

namespace Tessera.Core.Users;

/// <summary>
/// The one rule for writing a user's attributes, on every path that writes them (the administrator's operations,
/// SignUp, UpdateUserAttributes, DeleteUserAttributes, NEW_PASSWORD_REQUIRED from the API or the hosted UI, a
/// UserMigration answer). In order: the attribute must be in the pool's schema; a user writing through an app client
/// may write only what the client may write; an immutable attribute is set only when the user is created; every value
/// must fit its attribute (<see cref="UserPoolSchema.CheckValue"/>).
/// </summary>
public static class UserAttributeWrites
{
    /// <summary>Written by Cognito or an administrator only, never through a user's access token.</summary>
    private static readonly HashSet<string> NeverByUser = new(StringComparer.Ordinal) { "sub", "email_verified", "phone_number_verified", "identities" };

    private static readonly HashSet<string> Contacts = new(StringComparer.Ordinal) { "email", "phone_number" };

    /// <summary>
    /// Checks <paramref name="attributes"/> and returns them with their values as stored (booleans lower-cased). A blank
    /// value, except when creating a user, removes the attribute (AdminUpdateUserAttributes and UpdateUserAttributes API
    /// references); a required attribute cannot be removed.
    /// </summary>
    public static IReadOnlyList<AttributeType> Check(UserPool pool, AttributeWriter writer, IEnumerable<AttributeType> attributes)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(attributes);
        var schema = UserPoolSchema.Of(pool);
        var list = attributes.ToList();
        var definitions = list.Select(a => Known(schema, a.Name)).ToList();
        if (writer.Client is { } client)
        {
            foreach (var definition in definitions)
            {
                CheckPermission(schema, writer, client, definition);
            }
        }

        var result = new List<AttributeType>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            result.Add(CheckValue(schema, writer, definitions[i], list[i].Value));
        }

        return result;
    }

    /// <summary>AdminDeleteUserAttributes and DeleteUserAttributes: the same rule as writing a blank value.</summary>
    public static void CheckDeletions(UserPool pool, AttributeWriter writer, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _ = Check(pool, writer, names.Select(n => new AttributeType(n, null)));
    }

    /// <summary>
    /// Sets checked values on <paramref name="user"/>, a blank one removing the attribute. An email address or phone
    /// number a user changes is no longer verified until they prove it (only an administrator marks it verified).
    /// </summary>
    public static void Apply(User user, AttributeWriter writer, IEnumerable<AttributeType> checkedAttributes)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(checkedAttributes);
        foreach (var (name, value) in checkedAttributes)
        {
            var old = user.GetAttribute(name);
            user.SetAttribute(name, string.IsNullOrEmpty(value) ? null : value);
            if (writer.Client is not null && Contacts.Contains(name) && old != user.GetAttribute(name))
            {
                user.SetAttribute(name + "_verified", user.GetAttribute(name) is null ? null : "false");
            }
        }
    }

    private static SchemaAttributeType Known(UserPoolSchema schema, string name)
    {
        if (name == "sub")
        {
            throw CognitoErrors.InvalidParameter("Cannot modify the non-mutable attribute sub");
        }

        return name != "identities" && schema.Find(name) is { } definition
            ? definition
            : throw CognitoErrors.InvalidParameter($"Attribute does not exist in the schema: {name}");
    }

    /// <summary>
    /// RespondToAuthChallenge, NEW_PASSWORD_REQUIRED: the answer may set the required attributes the user lacks and
    /// the client's writable ones, and "can't modify a required attribute that already has a value" (AWS answers
    /// NotAuthorizedException "Cannot modify an already provided email", aws-samples/aws-saas-factory-bootcamp#67).
    /// </summary>
    private static void CheckPermission(UserPoolSchema schema, AttributeWriter writer, AppClient client, SchemaAttributeType definition)
    {
        var name = definition.Name!;
        if (writer.Challenged is { } user && schema.IsRequired(name))
        {
            if (!string.IsNullOrEmpty(user.GetAttribute(name)))
            {
                throw CognitoErrors.NotAuthorized($"Cannot modify an already provided {name}");
            }

            return;
        }

        if (!ClientMayWrite(schema, client, definition))
        {
            throw CognitoErrors.UnauthorizedAttributeWrite();
        }
    }

    /// <summary>
    /// UserPoolClientType.WriteAttributes: "When you don't specify the WriteAttributes for your app client, your app can
    /// write the values of the Standard attributes of your user pool." Required attributes are always writable
    /// (developer guide, Attribute permissions and scopes); developer-only ones never are.
    /// </summary>
    private static bool ClientMayWrite(UserPoolSchema schema, AppClient client, SchemaAttributeType definition)
    {
        var name = definition.Name!;
        if (NeverByUser.Contains(name) || definition.DeveloperOnlyAttribute == true)
        {
            return false;
        }

        if (schema.IsRequired(name))
        {
            return true;
        }

        return client.Settings.WriteAttributes is { Count: > 0 } allowed ? allowed.Contains(name) : StandardAttributes.Names.Contains(name);
    }

    private static AttributeType CheckValue(UserPoolSchema schema, AttributeWriter writer, SchemaAttributeType definition, string? value)
    {
        var name = definition.Name!;
        var settingOnce = writer.Creating || (writer.Challenged is { } user && schema.IsRequired(name) && string.IsNullOrEmpty(user.GetAttribute(name)));
        if (definition.Mutable == false && !settingOnce)
        {
            throw CognitoErrors.InvalidParameter($"Cannot modify the non-mutable attribute {name}");
        }

        if (string.IsNullOrEmpty(value) && !writer.Creating)
        {
            return schema.IsRequired(name)
                ? throw CognitoErrors.InvalidParameter($"Attributes did not conform to the schema: {name}: The attribute is required")
                : new AttributeType(name, null);
        }

        return new AttributeType(name, UserPoolSchema.CheckValue(definition, value ?? string.Empty));
    }
}
