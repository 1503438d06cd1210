// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Pools;

namespace Tessera.Core.Tests.Clients;

public sealed class ClientAttributeListsTests
{
    private static readonly UserPool Pool = new()
    {
        Id = "us-east-1_test",
        Name = "test",
        Settings = SchemaAttributeRules.WithSchema(new UserPoolSettings(),
        [
            new() { Name = "email", AttributeDataType = "String", Required = true },
            new() { Name = "team", AttributeDataType = "String" },
            new() { Name = "pin", AttributeDataType = "String", DeveloperOnlyAttribute = true },
        ]),
    };

    [Fact]
    public void Check_AttributesOfThePool_AreAccepted()
        => ClientAttributeLists.Check(Pool, new AppClientSettings
        {
            ReadAttributes = ["email", "email_verified", "custom:team", "sub"],
            WriteAttributes = ["email", "name", "custom:team"],
        }, creating: true);

    [Theory]
    [InlineData(true, "Invalid read attributes specified while creating a client")]
    [InlineData(false, "Invalid read attributes specified while updating a client")]
    public void Check_UnknownReadAttribute_ThrowsAwsMessage(bool creating, string message)
        => Should.Throw<CognitoException>(() => ClientAttributeLists.Check(Pool, new AppClientSettings { ReadAttributes = ["email", "custom:nope"] }, creating))
            .Message.ShouldBe(message);

    [Theory]
    [InlineData("custom:nope")]
    [InlineData("team")]
    [InlineData("dev:custom:pin")]
    public void Check_UnknownOrDeveloperOnlyWriteAttribute_ThrowsAwsMessage(string name)
        => Should.Throw<CognitoException>(() => ClientAttributeLists.Check(Pool, new AppClientSettings { WriteAttributes = ["email", name] }, creating: true))
            .Message.ShouldBe("Invalid write attributes specified while creating a client");

    [Fact]
    public void Check_WriteAttributesWithoutARequiredAttribute_ThrowsAwsMessage()
        => Should.Throw<CognitoException>(() => ClientAttributeLists.Check(Pool, new AppClientSettings { WriteAttributes = ["name"] }, creating: false))
            .Message.ShouldBe("Invalid write attributes specified while updating a client");
}
