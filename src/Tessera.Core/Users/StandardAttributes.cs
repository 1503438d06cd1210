// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Pools;

namespace Tessera.Core.Users;

/// <summary>The OpenID Connect standard attributes every pool has, with the properties DescribeUserPool lists for them by default.</summary>
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

    /// <summary>
    /// The standard attributes a CreateUserPool Schema entry configures. <c>email_verified</c> and
    /// <c>phone_number_verified</c> are not among them: Cognito reads such an entry as a custom attribute
    /// (aws/aws-cdk#14175, answered by the Cognito team).
    /// </summary>
    public static IReadOnlySet<string> Configurable { get; } = Names.Where(n => n is not ("email_verified" or "phone_number_verified")).ToHashSet(StringComparer.Ordinal);

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
