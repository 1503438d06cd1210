// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Text.RegularExpressions;
using Tessera.Core.Errors;
using Tessera.Core.Pools;

namespace Tessera.Core.Users;

/// <summary>
/// A pool's attributes as DescribeUserPool lists them and as every written value is checked against them: the
/// standard attributes with the pool's own mutability, required flags and constraints, then its custom and
/// developer-only ones. A value must fit its attribute's data type and constraints (SchemaAttributeType:
/// "Amazon Cognito validates the input against the data type").
/// </summary>
public sealed partial class UserPoolSchema
{
    private readonly Dictionary<string, SchemaAttributeType> byName;

    private UserPoolSchema(IReadOnlyList<SchemaAttributeType> attributes)
    {
        Attributes = attributes;
        byName = attributes.ToDictionary(a => a.Name!, StringComparer.Ordinal);
    }

    /// <summary>Every attribute, in DescribeUserPool's order.</summary>
    public IReadOnlyList<SchemaAttributeType> Attributes { get; }

    /// <summary>The attributes a user must have: the required standard ones (custom attributes cannot be required).</summary>
    public IEnumerable<string> RequiredNames => Attributes.Where(a => a.Required == true && a.Name != "sub").Select(a => a.Name!);

    public static UserPoolSchema Of(UserPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return Of(pool.Settings);
    }

    public static UserPoolSchema Of(UserPoolSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var configured = (settings.StandardAttributeSettings ?? []).ToDictionary(a => a.Name!, StringComparer.Ordinal);
        // Pools stored before standard settings were kept have only their required flags.
        var required = (settings.RequiredStandardAttributes ?? []).ToHashSet(StringComparer.Ordinal);
        var list = StandardAttributes.Schema
            .Select(a => configured.GetValueOrDefault(a.Name!) ?? (required.Contains(a.Name!) ? a with { Required = true } : a))
            .ToList();
        list.AddRange(settings.CustomAttributes ?? []);
        return new UserPoolSchema(list);
    }

    public SchemaAttributeType? Find(string name) => byName.GetValueOrDefault(name);

    public bool IsRequired(string name) => Find(name)?.Required == true && name != "sub";

    /// <summary>
    /// The value as stored for <paramref name="attribute"/>, or InvalidParameterException naming the attribute when it
    /// breaks the data type or the constraints. Booleans are read case-insensitively and kept lower-case, as every
    /// client compares them ("True" is what Python's <c>str(True)</c> writes).
    /// </summary>
    public static string CheckValue(SchemaAttributeType attribute, string value)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        ArgumentNullException.ThrowIfNull(value);
        var name = attribute.Name!;
        if (value.Length > SchemaAttributeRules.MaxStringLength)
        {
            throw CognitoErrors.InvalidParameter($"String attributes cannot have a length of more than {SchemaAttributeRules.MaxStringLength}");
        }

        switch (attribute.AttributeDataType)
        {
            case "Boolean":
                return value.Equals("true", StringComparison.OrdinalIgnoreCase) ? "true"
                    : value.Equals("false", StringComparison.OrdinalIgnoreCase) ? "false"
                    : throw NotConforming(name, "Boolean attributes must be true or false");
            case "Number":
                CheckNumber(name, value, attribute.NumberAttributeConstraints);
                return value;
            case "String":
                CheckString(name, value, attribute.StringAttributeConstraints);
                break;
            default:
                break;
        }

        if (name == "email" && value.Length > 0 && !UserDirectory.IsEmail(value))
        {
            throw CognitoErrors.InvalidParameter("Invalid email address format.");
        }

        if (name == "phone_number" && value.Length > 0 && !UserDirectory.IsPhone(value))
        {
            throw CognitoErrors.InvalidParameter("Invalid phone number format.");
        }

        return value;
    }

    private static void CheckString(string name, string value, StringAttributeConstraintsType? constraints)
    {
        if (Limit(constraints?.MaxLength) is { } max && value.Length > max)
        {
            throw NotConforming(name, $"String must be no longer than {max} characters");
        }

        if (Limit(constraints?.MinLength) is { } min && value.Length < min)
        {
            throw NotConforming(name, $"String must be no shorter than {min} characters");
        }
    }

    private static void CheckNumber(string name, string value, NumberAttributeConstraintsType? constraints)
    {
        if (!NumberPattern().IsMatch(value) || !decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            throw NotConforming(name, "Number attributes must be numbers");
        }

        if (Limit(constraints?.MaxValue) is { } max && number > max)
        {
            throw NotConforming(name, $"Number must be no greater than {max}");
        }

        if (Limit(constraints?.MinValue) is { } min && number < min)
        {
            throw NotConforming(name, $"Number must be no less than {min}");
        }
    }

    /// <summary>A constraint as stored (checked when the schema was set), or null for none.</summary>
    private static long? Limit(string? text)
        => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static CognitoException NotConforming(string name, string reason)
        => CognitoErrors.InvalidParameter($"Attributes did not conform to the schema: {name}: {reason}");

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex NumberPattern();
}
