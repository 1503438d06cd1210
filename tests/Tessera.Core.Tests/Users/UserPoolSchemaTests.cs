// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Users;

public sealed class UserPoolSchemaTests
{
    [Theory]
    [InlineData("true", "true")]
    [InlineData("True", "true")]
    [InlineData("TRUE", "true")]
    [InlineData("false", "false")]
    [InlineData("False", "false")]
    public void CheckValue_Boolean_ReadCaseInsensitively_StoredLowerCase(string given, string stored)
    {
        var schema = UserPoolSchema.Of(new UserPoolSettings());

        UserPoolSchema.CheckValue(schema.Find("email_verified")!, given).ShouldBe(stored);
        UserPoolSchema.CheckValue(schema.Find("phone_number_verified")!, given).ShouldBe(stored);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData(" true")]
    [InlineData("")]
    public void CheckValue_BooleanOtherwise_ThrowsInvalidParameter(string given)
        => Should.Throw<CognitoException>(() => UserPoolSchema.CheckValue(Boolean("email_verified"), given))
            .Message.ShouldBe("Attributes did not conform to the schema: email_verified: Boolean attributes must be true or false");

    [Theory]
    [InlineData("abcd", "Attributes did not conform to the schema: custom:code: String must be no shorter than 5 characters")]
    [InlineData("abcdefghijk", "Attributes did not conform to the schema: custom:code: String must be no longer than 10 characters")]
    public void CheckValue_StringOutsideConstraints_ThrowsNamingTheAttribute(string value, string message)
    {
        var attribute = new SchemaAttributeType { Name = "custom:code", AttributeDataType = "String", StringAttributeConstraints = new() { MinLength = "5", MaxLength = "10" } };

        Should.Throw<CognitoException>(() => UserPoolSchema.CheckValue(attribute, value)).Message.ShouldBe(message);
        UserPoolSchema.CheckValue(attribute, "abcde").ShouldBe("abcde");
    }

    [Theory]
    [InlineData("17", null)]
    [InlineData("-3", "Attributes did not conform to the schema: custom:age: Number must be no less than 0")]
    [InlineData("121", "Attributes did not conform to the schema: custom:age: Number must be no greater than 120")]
    [InlineData("twelve", "Attributes did not conform to the schema: custom:age: Number attributes must be numbers")]
    [InlineData("1e3", "Attributes did not conform to the schema: custom:age: Number attributes must be numbers")]
    public void CheckValue_Number_IsANumberWithinItsConstraints(string value, string? message)
    {
        var attribute = new SchemaAttributeType { Name = "custom:age", AttributeDataType = "Number", NumberAttributeConstraints = new() { MinValue = "0", MaxValue = "120" } };

        if (message is null)
        {
            UserPoolSchema.CheckValue(attribute, value).ShouldBe(value);
        }
        else
        {
            Should.Throw<CognitoException>(() => UserPoolSchema.CheckValue(attribute, value)).Message.ShouldBe(message);
        }
    }

    [Fact]
    public void CheckValue_StandardConstraintsOfThePool_AreEnforced()
    {
        var settings = SchemaAttributeRules.WithSchema(new UserPoolSettings(),
            [new() { Name = "email", AttributeDataType = "String", StringAttributeConstraints = new() { MinLength = "5", MaxLength = "20" } }]);
        var email = UserPoolSchema.Of(settings).Find("email")!;

        Should.Throw<CognitoException>(() => UserPoolSchema.CheckValue(email, "someone@example.com.au")).Code.ShouldBe("InvalidParameterException");
        UserPoolSchema.CheckValue(email, "a@b.co").ShouldBe("a@b.co");
    }

    [Theory]
    [InlineData("birthdate", "1990-1-1", "Attributes did not conform to the schema: birthdate: String must be no shorter than 10 characters")]
    [InlineData("updated_at", "yesterday", "Attributes did not conform to the schema: updated_at: Number attributes must be numbers")]
    [InlineData("email", "not-an-email", "Invalid email address format.")]
    [InlineData("phone_number", "555-0100", "Invalid phone number format.")]
    public void CheckValue_StandardDefaults_AreEnforced(string name, string value, string message)
        => Should.Throw<CognitoException>(() => UserPoolSchema.CheckValue(UserPoolSchema.Of(new UserPoolSettings()).Find(name)!, value)).Message.ShouldBe(message);

    [Fact]
    public void CheckValue_LongerThan2048_ThrowsInvalidParameter()
        => Should.Throw<CognitoException>(() => UserPoolSchema.CheckValue(new SchemaAttributeType { Name = "custom:d", AttributeDataType = "DateTime" }, new string('x', 2049)))
            .Message.ShouldBe("String attributes cannot have a length of more than 2048");

    [Fact]
    public void Of_ListsStandardThenCustomAttributes_WithThePoolsOwnSettings()
    {
        var settings = SchemaAttributeRules.WithSchema(new UserPoolSettings(),
        [
            new() { Name = "email", AttributeDataType = "String", Required = true, Mutable = false, StringAttributeConstraints = new() { MinLength = "5", MaxLength = "100" } },
            new() { Name = "team", AttributeDataType = "String" },
            new() { Name = "pin", AttributeDataType = "Number", DeveloperOnlyAttribute = true },
        ]);

        var schema = UserPoolSchema.Of(settings);

        schema.Attributes[0].Name.ShouldBe("sub");
        schema.Attributes.Select(a => a.Name).TakeLast(2).ShouldBe(["custom:team", "dev:custom:pin"]);
        schema.Find("email").ShouldBe(new SchemaAttributeType
        {
            Name = "email",
            AttributeDataType = "String",
            DeveloperOnlyAttribute = false,
            Mutable = false,
            Required = true,
            StringAttributeConstraints = new() { MinLength = "5", MaxLength = "100" },
        });
        schema.RequiredNames.ShouldBe(["email"]);
        schema.IsRequired("sub").ShouldBeFalse();
    }

    [Fact]
    public void Of_PoolStoredWithOnlyRequiredNames_StillMarksThemRequired()
        => UserPoolSchema.Of(new UserPoolSettings { RequiredStandardAttributes = ["name"] }).IsRequired("name").ShouldBeTrue();

    private static SchemaAttributeType Boolean(string name) => new() { Name = name, AttributeDataType = "Boolean" };
}
