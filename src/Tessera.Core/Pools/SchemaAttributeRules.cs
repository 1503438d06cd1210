// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using Tessera.Core.Errors;
using Tessera.Core.Users;

namespace Tessera.Core.Pools;

/// <summary>
/// The Schema of CreateUserPool and the CustomAttributes of AddCustomAttributes, checked and kept as AWS keeps them:
/// a standard attribute keeps its data type and may change only its mutability, required flag and constraints; a
/// custom attribute is named <c>custom:NAME</c>, or <c>dev:custom:NAME</c> when developer-only (SchemaAttributeType.Name
/// in the API reference). Messages follow the ones AWS answers (also reproduced by moto's cognitoidp models).
/// </summary>
public static class SchemaAttributeRules
{
    /// <summary>"You can add up to 50 custom attributes to your user pool" (developer guide, User pool attributes).</summary>
    public const int MaxCustomAttributes = 50;

    /// <summary>The longest value any attribute holds (AttributeValueType in the API model).</summary>
    public const int MaxStringLength = 2048;

    private static readonly HashSet<string> DataTypes = new(StringComparer.Ordinal) { "String", "Number", "DateTime", "Boolean" };

    /// <summary>CreateUserPool: the settings with the Schema's standard attribute settings and custom attributes.</summary>
    public static UserPoolSettings WithSchema(UserPoolSettings settings, IReadOnlyList<SchemaAttributeType>? schema)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (schema is null or { Count: 0 })
        {
            return settings;
        }

        var standard = new Dictionary<string, SchemaAttributeType>(StringComparer.Ordinal);
        var custom = new List<SchemaAttributeType>();
        foreach (var attribute in schema)
        {
            var name = attribute.Name ?? throw CognitoErrors.InvalidParameter("Schema attributes need a Name.");
            if (StandardAttributes.Configurable.Contains(name))
            {
                standard[name] = Standard(attribute);
            }
            else
            {
                custom.Add(attribute);
            }
        }

        var kept = settings with
        {
            StandardAttributeSettings = [.. standard.Values],
            RequiredStandardAttributes = [.. standard.Values.Where(a => a.Required == true).Select(a => a.Name!)],
        };
        return custom.Count == 0 ? kept : WithCustomAttributes(kept, custom);
    }

    /// <summary>AddCustomAttributes (and the custom entries of a CreateUserPool Schema): appended, never changed or replaced.</summary>
    public static UserPoolSettings WithCustomAttributes(UserPoolSettings settings, IReadOnlyList<SchemaAttributeType> attributes)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(attributes);
        var existing = (settings.CustomAttributes ?? []).ToList();
        foreach (var attribute in attributes)
        {
            var added = Custom(attribute);
            var baseName = "custom:" + attribute.Name;
            if (existing.FirstOrDefault(a => a.Name == added.Name || a.Name == baseName || a.Name == "dev:" + baseName) is { } clash)
            {
                throw CognitoErrors.InvalidParameter($"{baseName}: Existing attribute already has name {clash.Name}.");
            }

            existing.Add(added);
        }

        if (existing.Count > MaxCustomAttributes)
        {
            throw CognitoErrors.InvalidParameter($"A user pool can have at most {MaxCustomAttributes} custom attributes.");
        }

        return settings with { CustomAttributes = existing };
    }

    private static SchemaAttributeType Standard(SchemaAttributeType given)
    {
        var name = given.Name!;
        var defaults = StandardAttributes.Schema.First(a => a.Name == name);
        if ((given.AttributeDataType is { } type && type != defaults.AttributeDataType) || given.DeveloperOnlyAttribute == true)
        {
            throw CognitoErrors.InvalidParameter($"You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute {name}");
        }

        if (name == "sub")
        {
            return defaults;
        }

        return defaults with
        {
            Mutable = given.Mutable ?? defaults.Mutable,
            Required = given.Required ?? defaults.Required,
            StringAttributeConstraints = defaults.AttributeDataType == "String" ? StringConstraints(name, given.StringAttributeConstraints) ?? defaults.StringAttributeConstraints : null,
            NumberAttributeConstraints = defaults.AttributeDataType == "Number" ? NumberConstraints(name, given.NumberAttributeConstraints) ?? defaults.NumberAttributeConstraints : null,
        };
    }

    private static SchemaAttributeType Custom(SchemaAttributeType given)
    {
        var type = given.AttributeDataType;
        if (type is null || !DataTypes.Contains(type))
        {
            throw CognitoErrors.InvalidParameter("Invalid AttributeDataType input, consider using the provided AttributeDataType enum.");
        }

        if (given.Required == true)
        {
            throw CognitoErrors.InvalidParameter("Required custom attributes are not supported currently.");
        }

        var developerOnly = given.DeveloperOnlyAttribute == true;
        var name = (developerOnly ? "dev:custom:" : "custom:") + given.Name;

        // Each constraints member belongs to one data type (SchemaAttributeType in the API reference); like moto,
        // the other type's member is not kept, so DescribeUserPool lists only constraints that apply.
        return new SchemaAttributeType
        {
            Name = name,
            AttributeDataType = type,
            DeveloperOnlyAttribute = developerOnly,
            Mutable = given.Mutable ?? true,
            Required = false,
            StringAttributeConstraints = type == "String" ? StringConstraints(name, given.StringAttributeConstraints) ?? new StringAttributeConstraintsType() : null,
            NumberAttributeConstraints = type == "Number" ? NumberConstraints(name, given.NumberAttributeConstraints) : null,
        };
    }

    private static StringAttributeConstraintsType? StringConstraints(string name, StringAttributeConstraintsType? given)
    {
        if (given is null)
        {
            return null;
        }

        var min = Limit(given.MinLength, allowNegative: false, name, nameof(StringAttributeConstraintsType));
        var max = Limit(given.MaxLength, allowNegative: false, name, nameof(StringAttributeConstraintsType));
        if (min > MaxStringLength || max > MaxStringLength)
        {
            throw CognitoErrors.InvalidParameter($"user.{name}: String attributes cannot have a length of more than {MaxStringLength}");
        }

        if (min > max)
        {
            throw CognitoErrors.InvalidParameter($"user.{name}: Max length cannot be less than min length.");
        }

        return given;
    }

    private static NumberAttributeConstraintsType? NumberConstraints(string name, NumberAttributeConstraintsType? given)
    {
        if (given is null)
        {
            return null;
        }

        var min = Limit(given.MinValue, allowNegative: true, name, nameof(NumberAttributeConstraintsType));
        var max = Limit(given.MaxValue, allowNegative: true, name, nameof(NumberAttributeConstraintsType));
        if (min > max)
        {
            throw CognitoErrors.InvalidParameter($"user.{name}: Max value cannot be less than min value.");
        }

        return given;
    }

    /// <summary>A limit as the API carries it, a whole number in a string; absent or empty is no limit.</summary>
    private static long? Limit(string? text, bool allowNegative, string name, string shape)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var styles = allowNegative ? NumberStyles.AllowLeadingSign : NumberStyles.None;
        if (!long.TryParse(text, styles, CultureInfo.InvariantCulture, out var value))
        {
            throw CognitoErrors.InvalidParameter($"Invalid {shape.Replace("Type", string.Empty, StringComparison.Ordinal)} for schema attribute {name}");
        }

        return value;
    }
}
