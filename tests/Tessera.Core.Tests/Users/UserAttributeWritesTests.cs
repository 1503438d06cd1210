// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Users;

public sealed class UserAttributeWritesTests
{
    private static readonly UserPool Pool = PoolWith(
        [
            new() { Name = "given_name", AttributeDataType = "String", Required = true },
            new() { Name = "email", AttributeDataType = "String", Mutable = false },
            new() { Name = "role", AttributeDataType = "String" },
            new() { Name = "tier", AttributeDataType = "String", Mutable = false },
            new() { Name = "secret", AttributeDataType = "String", DeveloperOnlyAttribute = true },
            new() { Name = "vip", AttributeDataType = "Boolean" },
        ]);

    private static readonly AppClient DefaultClient = Client();

    [Fact]
    public void Check_Administrator_WritesVerifiedFlagsAndDeveloperOnly_BooleansLowerCased()
    {
        var written = UserAttributeWrites.Check(Pool, AttributeWriter.Administrator(creating: false),
            [new("email_verified", "True"), new("phone_number_verified", "FALSE"), new("dev:custom:secret", "s"), new("custom:vip", "TRUE")]);

        written.ShouldBe([new("email_verified", "true"), new("phone_number_verified", "false"), new("dev:custom:secret", "s"), new("custom:vip", "true")]);
    }

    [Theory]
    [InlineData("email_verified", "true")]
    [InlineData("phone_number_verified", "true")]
    [InlineData("dev:custom:secret", "x")]
    [InlineData("custom:role", "admin")]
    public void Check_UserThroughDefaultClient_NotWritable_ThrowsNotAuthorized(string name, string value)
    {
        var error = Should.Throw<CognitoException>(() => UserAttributeWrites.Check(Pool, AttributeWriter.User(DefaultClient, creating: false), [new(name, value)]));

        error.Code.ShouldBe("NotAuthorizedException");
        error.Message.ShouldBe("A client attempted to write unauthorized attribute");
    }

    [Fact]
    public void Check_UserThroughDefaultClient_StandardAttribute_IsWritable()
        => UserAttributeWrites.Check(Pool, AttributeWriter.User(DefaultClient, creating: false), [new("nickname", "Al")]).ShouldHaveSingleItem().Value.ShouldBe("Al");

    [Fact]
    public void Check_UserThroughClientWithWriteAttributes_OnlyThoseAndRequiredOnes()
    {
        var client = Client("custom:role");
        var writer = AttributeWriter.User(client, creating: false);

        UserAttributeWrites.Check(Pool, writer, [new("custom:role", "admin"), new("given_name", "Al")]).Count.ShouldBe(2);
        Should.Throw<CognitoException>(() => UserAttributeWrites.Check(Pool, writer, [new("nickname", "Al")])).Code.ShouldBe("NotAuthorizedException");
    }

    [Fact]
    public void Check_UserWritesVerifiedFlagEvenIfTheClientListsIt_ThrowsNotAuthorized()
        => Should.Throw<CognitoException>(() => UserAttributeWrites.Check(Pool, AttributeWriter.User(Client("email_verified"), creating: false), [new("email_verified", "true")]))
            .Code.ShouldBe("NotAuthorizedException");

    [Theory]
    [InlineData("custom:nope")]
    [InlineData("identities")]
    [InlineData("custom:secret")]
    public void Check_UnknownAttribute_ThrowsInvalidParameter(string name)
        => Should.Throw<CognitoException>(() => UserAttributeWrites.Check(Pool, AttributeWriter.Administrator(creating: true), [new(name, "x")]))
            .Message.ShouldBe($"Attribute does not exist in the schema: {name}");

    [Fact]
    public void Check_Sub_ThrowsInvalidParameter_ForEveryWriter()
        => Should.Throw<CognitoException>(() => UserAttributeWrites.Check(Pool, AttributeWriter.Administrator(creating: true), [new("sub", "x")]))
            .Message.ShouldBe("Cannot modify the non-mutable attribute sub");

    [Fact]
    public void Check_ImmutableAttribute_SetWhenCreating_RefusedWhenUpdating()
    {
        UserAttributeWrites.Check(Pool, AttributeWriter.Administrator(creating: true), [new("custom:tier", "gold"), new("email", "a@example.com")]).Count.ShouldBe(2);

        var error = Should.Throw<CognitoException>(() => UserAttributeWrites.Check(Pool, AttributeWriter.Administrator(creating: false), [new("custom:tier", "silver")]));
        error.Code.ShouldBe("InvalidParameterException");
        error.Message.ShouldBe("Cannot modify the non-mutable attribute custom:tier");
    }

    [Fact]
    public void Check_BlankValueWhenUpdating_RemovesIt_UnlessRequired()
    {
        var writer = AttributeWriter.Administrator(creating: false);

        UserAttributeWrites.Check(Pool, writer, [new("nickname", "")]).ShouldBe([new AttributeType("nickname", null)]);
        Should.Throw<CognitoException>(() => UserAttributeWrites.CheckDeletions(Pool, writer, ["given_name"]))
            .Message.ShouldBe("Attributes did not conform to the schema: given_name: The attribute is required");
    }

    [Fact]
    public void Check_PermissionIsCheckedBeforeValues()
        => Should.Throw<CognitoException>(() => UserAttributeWrites.Check(Pool, AttributeWriter.User(DefaultClient, creating: true), [new("email_verified", "maybe")]))
            .Code.ShouldBe("NotAuthorizedException");

    [Fact]
    public void Check_NewPassword_MissingRequiredAttribute_IsSetOnce_EvenWhenImmutableOrNotInWriteAttributes()
    {
        var pool = PoolWith([new() { Name = "email", AttributeDataType = "String", Required = true, Mutable = false }]);
        var user = NewUser();

        UserAttributeWrites.Check(pool, AttributeWriter.NewPasswordChallenge(Client("nickname"), user), [new("email", "me@example.com")])
            .ShouldHaveSingleItem().Value.ShouldBe("me@example.com");
    }

    [Fact]
    public void Check_NewPassword_RequiredAttributeAlreadyProvided_ThrowsNotAuthorized()
    {
        var user = NewUser();
        user.SetAttribute("given_name", "Alice");

        var error = Should.Throw<CognitoException>(() => UserAttributeWrites.Check(Pool, AttributeWriter.NewPasswordChallenge(DefaultClient, user), [new("given_name", "Mallory")]));

        error.Code.ShouldBe("NotAuthorizedException");
        error.Message.ShouldBe("Cannot modify an already provided given_name");
    }

    [Theory]
    [InlineData("email_verified", "true")]
    [InlineData("custom:role", "admin")]
    [InlineData("dev:custom:secret", "x")]
    public void Check_NewPassword_AttributeTheClientMayNotWrite_ThrowsNotAuthorized(string name, string value)
        => Should.Throw<CognitoException>(() => UserAttributeWrites.Check(Pool, AttributeWriter.NewPasswordChallenge(DefaultClient, NewUser()), [new(name, value)]))
            .Message.ShouldBe("A client attempted to write unauthorized attribute");

    [Fact]
    public void Check_NewPassword_WritableOptionalAttribute_IsWritten()
        => UserAttributeWrites.Check(Pool, AttributeWriter.NewPasswordChallenge(Client("custom:role"), NewUser()), [new("custom:role", "reader")])
            .ShouldHaveSingleItem().Value.ShouldBe("reader");

    [Fact]
    public void Check_ValueBreakingTheSchema_ThrowsInvalidParameterNamingIt()
        => Should.Throw<CognitoException>(() => UserAttributeWrites.Check(Pool, AttributeWriter.Administrator(creating: true), [new("custom:vip", "yes")]))
            .Message.ShouldBe("Attributes did not conform to the schema: custom:vip: Boolean attributes must be true or false");

    [Fact]
    public void Apply_UserChangesEmail_ItIsNoLongerVerified()
    {
        var user = NewUser();
        user.SetAttribute("email", "old@example.com");
        user.SetAttribute("email_verified", "true");

        UserAttributeWrites.Apply(user, AttributeWriter.User(DefaultClient, creating: false), [new("email", "new@example.com")]);

        user.GetAttribute("email").ShouldBe("new@example.com");
        user.GetAttribute("email_verified").ShouldBe("false");
    }

    [Fact]
    public void Apply_AdministratorChangesEmail_VerificationIsLeftToTheCaller()
    {
        var user = NewUser();
        user.SetAttribute("email", "old@example.com");
        user.SetAttribute("email_verified", "true");

        UserAttributeWrites.Apply(user, AttributeWriter.Administrator(creating: false), [new("email", "new@example.com"), new("nickname", null)]);

        user.GetAttribute("email_verified").ShouldBe("true");
        user.Attributes.ShouldNotContainKey("nickname");
    }

    private static UserPool PoolWith(IReadOnlyList<SchemaAttributeType> schema)
        => new() { Id = "us-east-1_test", Name = "test", Settings = SchemaAttributeRules.WithSchema(new UserPoolSettings(), schema) };

    private static AppClient Client(params string[] writeAttributes) => new()
    {
        ClientId = "client",
        PoolId = "us-east-1_test",
        ClientName = "web",
        Settings = new AppClientSettings { WriteAttributes = writeAttributes.Length > 0 ? writeAttributes : null },
    };

    private static User NewUser() => new() { PoolId = "us-east-1_test", Username = "alice", NormalizedUsername = "alice" };
}
