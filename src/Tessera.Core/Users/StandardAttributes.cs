// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Pools;

namespace Tessera.Core.Users;

/// <summary>The OpenID Connect standard attributes every pool has, as DescribeUserPool lists them.</summary>
public static class StandardAttributes
{
    private static readonly StringAttributeConstraintsType DefaultString = new() { MinLength = "0", MaxLength = "2048" };

    public static IReadOnlyList<SchemaAttributeType> Schema { get; } =
    [
        new() { Name = "sub", AttributeDataType = "String", DeveloperOnlyAttribute = false, Mutable = false, Required = true, StringAttributeConstraints = new() { MinLength = "1", MaxLength = "2048" } },
        String("name"), String("given_name"), String("family_name"), String("middle_name"), String("nickname"),
        String("preferred_username"), String("profile"), String("picture"), String("website"), String("email"),
        new() { Name = "email_verified", AttributeDataType = "Boolean", DeveloperOnlyAttribute = false, Mutable = true, Required = false },
        String("gender"), new() { Name = "birthdate", AttributeDataType = "String", DeveloperOnlyAttribute = false, Mutable = true, Required = false, StringAttributeConstraints = new() { MinLength = "10", MaxLength = "10" } },
        String("zoneinfo"), String("locale"), String("phone_number"),
        new() { Name = "phone_number_verified", AttributeDataType = "Boolean", DeveloperOnlyAttribute = false, Mutable = true, Required = false },
        String("address"),
        new() { Name = "updated_at", AttributeDataType = "Number", DeveloperOnlyAttribute = false, Mutable = true, Required = false, NumberAttributeConstraints = new() { MinValue = "0" } },
        new() { Name = "identities", AttributeDataType = "String", DeveloperOnlyAttribute = false, Mutable = true, Required = false, StringAttributeConstraints = new() },
    ];

    public static IReadOnlySet<string> Names { get; } = Schema.Select(a => a.Name!).ToHashSet(StringComparer.Ordinal);

    /// <summary>The pool's whole schema: the standard attributes (with its required flags) and its custom ones.</summary>
    public static IReadOnlyList<SchemaAttributeType> For(UserPoolSettings settings, IReadOnlySet<string> requiredStandard)
    {
        var list = Schema.Select(a => requiredStandard.Contains(a.Name!) ? a with { Required = true } : a).ToList();
        list.AddRange(settings.CustomAttributes ?? []);
        return list;
    }

    private static SchemaAttributeType String(string name) => new()
    {
        Name = name,
        AttributeDataType = "String",
        DeveloperOnlyAttribute = false,
        Mutable = true,
        Required = false,
        StringAttributeConstraints = DefaultString,
    };
}
