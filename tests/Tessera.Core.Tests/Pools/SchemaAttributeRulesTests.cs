// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Pools;

namespace Tessera.Core.Tests.Pools;

public sealed class SchemaAttributeRulesTests
{
    [Theory]
    [InlineData("email", "Number", false)]
    [InlineData("email", null, true)]
    [InlineData("updated_at", "String", false)]
    [InlineData("name", "String", true)]
    public void WithSchema_StandardAttributeWithAnotherTypeOrDeveloperOnly_ThrowsAwsMessage(string name, string? type, bool developerOnly)
    {
        var error = Should.Throw<CognitoException>(() => SchemaAttributeRules.WithSchema(new UserPoolSettings(),
            [new() { Name = name, AttributeDataType = type, DeveloperOnlyAttribute = developerOnly }]));

        error.Code.ShouldBe("InvalidParameterException");
        error.Message.ShouldBe($"You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute {name}");
    }

    [Fact]
    public void WithSchema_StandardAttribute_KeepsItsConstraintsMutabilityAndRequiredFlag()
    {
        var settings = SchemaAttributeRules.WithSchema(new UserPoolSettings(),
            [new() { Name = "email", AttributeDataType = "String", Mutable = false, Required = true, StringAttributeConstraints = new() { MinLength = "5", MaxLength = "100" } }]);

        var email = settings.StandardAttributeSettings.ShouldHaveSingleItem();
        email.Mutable.ShouldBe(false);
        email.StringAttributeConstraints.ShouldBe(new StringAttributeConstraintsType { MinLength = "5", MaxLength = "100" });
        settings.RequiredStandardAttributes.ShouldBe(["email"]);
    }

    [Fact]
    public void WithSchema_VerifiedFlagsInTheSchema_AreCustomAttributesAsInCognito()
        => SchemaAttributeRules.WithSchema(new UserPoolSettings(), [new() { Name = "email_verified", AttributeDataType = "Boolean" }])
            .CustomAttributes.ShouldHaveSingleItem().Name.ShouldBe("custom:email_verified");

    [Theory]
    [InlineData("invalid_value", null, "Invalid StringAttributeConstraints for schema attribute custom:code")]
    [InlineData(null, "-1", "Invalid StringAttributeConstraints for schema attribute custom:code")]
    [InlineData(null, "3000", "user.custom:code: String attributes cannot have a length of more than 2048")]
    [InlineData("2049", null, "user.custom:code: String attributes cannot have a length of more than 2048")]
    [InlineData("10", "5", "user.custom:code: Max length cannot be less than min length.")]
    public void WithSchema_InvalidStringConstraints_ThrowInvalidParameter(string? min, string? max, string message)
        => Should.Throw<CognitoException>(() => SchemaAttributeRules.WithSchema(new UserPoolSettings(),
                [new() { Name = "code", AttributeDataType = "String", StringAttributeConstraints = new() { MinLength = min, MaxLength = max } }]))
            .Message.ShouldBe(message);

    [Theory]
    [InlineData("ten", null, "Invalid NumberAttributeConstraints for schema attribute updated_at")]
    [InlineData("2", "1", "user.updated_at: Max value cannot be less than min value.")]
    public void WithSchema_InvalidNumberConstraints_ThrowInvalidParameter(string? min, string? max, string message)
        => Should.Throw<CognitoException>(() => SchemaAttributeRules.WithSchema(new UserPoolSettings(),
                [new() { Name = "updated_at", AttributeDataType = "Number", NumberAttributeConstraints = new() { MinValue = min, MaxValue = max } }]))
            .Message.ShouldBe(message);

    [Fact]
    public void WithSchema_CustomAttributes_KeptExactlyAsGiven_OtherTypesConstraintsDropped()
    {
        var settings = SchemaAttributeRules.WithSchema(new UserPoolSettings(),
        [
            new() { Name = "code", AttributeDataType = "String", StringAttributeConstraints = new() { MaxLength = "10" }, NumberAttributeConstraints = new() { MinValue = "1" } },
            new() { Name = "age", AttributeDataType = "Number", NumberAttributeConstraints = new() { MinValue = "-5", MaxValue = "120" }, StringAttributeConstraints = new() { MinLength = "1" } },
            new() { Name = "vip", AttributeDataType = "Boolean", StringAttributeConstraints = new() { MinLength = "1" } },
            new() { Name = "plain", AttributeDataType = "String", Mutable = false },
        ]);

        settings.CustomAttributes.ShouldBe(
        [
            new() { Name = "custom:code", AttributeDataType = "String", DeveloperOnlyAttribute = false, Mutable = true, Required = false, StringAttributeConstraints = new() { MaxLength = "10" } },
            new() { Name = "custom:age", AttributeDataType = "Number", DeveloperOnlyAttribute = false, Mutable = true, Required = false, NumberAttributeConstraints = new() { MinValue = "-5", MaxValue = "120" } },
            new() { Name = "custom:vip", AttributeDataType = "Boolean", DeveloperOnlyAttribute = false, Mutable = true, Required = false },
            new() { Name = "custom:plain", AttributeDataType = "String", DeveloperOnlyAttribute = false, Mutable = false, Required = false, StringAttributeConstraints = new() },
        ]);
    }

    [Fact]
    public void WithSchema_DeveloperOnly_IsNamedDevCustom()
        => SchemaAttributeRules.WithSchema(new UserPoolSettings(), [new() { Name = "pin", AttributeDataType = "String", DeveloperOnlyAttribute = true }])
            .CustomAttributes.ShouldHaveSingleItem().Name.ShouldBe("dev:custom:pin");

    [Theory]
    [InlineData(null)]
    [InlineData("Text")]
    public void WithSchema_CustomWithoutValidDataType_ThrowsAwsMessage(string? type)
        => Should.Throw<CognitoException>(() => SchemaAttributeRules.WithSchema(new UserPoolSettings(), [new() { Name = "team", AttributeDataType = type }]))
            .Message.ShouldBe("Invalid AttributeDataType input, consider using the provided AttributeDataType enum.");

    [Fact]
    public void WithSchema_RequiredCustom_ThrowsAwsMessage()
        => Should.Throw<CognitoException>(() => SchemaAttributeRules.WithSchema(new UserPoolSettings(), [new() { Name = "team", AttributeDataType = "String", Required = true }]))
            .Message.ShouldBe("Required custom attributes are not supported currently.");

    [Fact]
    public void WithCustomAttributes_ExistingName_ThrowsAwsMessage()
    {
        var settings = SchemaAttributeRules.WithSchema(new UserPoolSettings(), [new() { Name = "banana", AttributeDataType = "String", DeveloperOnlyAttribute = true }]);

        Should.Throw<CognitoException>(() => SchemaAttributeRules.WithCustomAttributes(settings, [new() { Name = "banana", AttributeDataType = "String" }]))
            .Message.ShouldBe("custom:banana: Existing attribute already has name dev:custom:banana.");
    }

    [Fact]
    public void WithCustomAttributes_AppendsAndAllowsFifty_RefusesTheFiftyFirst()
    {
        var settings = new UserPoolSettings();
        for (var i = 0; i < 5; i++)
        {
            settings = SchemaAttributeRules.WithCustomAttributes(settings, [.. Enumerable.Range(i * 10, 10).Select(n => new SchemaAttributeType { Name = $"a{n}", AttributeDataType = "String" })]);
        }

        settings.CustomAttributes!.Count.ShouldBe(50);
        Should.Throw<CognitoException>(() => SchemaAttributeRules.WithCustomAttributes(settings, [new() { Name = "one_more", AttributeDataType = "String" }]))
            .Message.ShouldBe("A user pool can have at most 50 custom attributes.");
    }
}
