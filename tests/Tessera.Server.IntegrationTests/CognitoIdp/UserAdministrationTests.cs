// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Users;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.CognitoIdp;

public sealed class UserAdministrationTests(TesseraHostFixture fixture) : IClassFixture<TesseraHostFixture>
{
    private const string UnknownPool = "us-east-1_nothere";
    private readonly TesseraHost host = fixture.Host;

    [Fact]
    public async Task AdminDeleteUser_RemovesUserAndFreesUsername()
    {
        var pool = await host.CreatePoolAsync();
        await CreateUserAsync(pool, "alice");

        await host.CallAsync("AdminDeleteUser", new { UserPoolId = pool, Username = "alice" });

        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("AdminGetUser", new { UserPoolId = pool, Username = "alice" }))).Type.ShouldBe("UserNotFoundException");
        await CreateUserAsync(pool, "alice");
    }

    [Theory]
    [InlineData("AdminDeleteUser")]
    [InlineData("AdminDisableUser")]
    [InlineData("AdminEnableUser")]
    [InlineData("AdminConfirmSignUp")]
    public async Task UserOperation_UnknownUserOrPool_ThrowsUserNotFoundOrResourceNotFound(string operation)
    {
        var pool = await host.CreatePoolAsync();

        var noUser = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync(operation, new { UserPoolId = pool, Username = "ghost" }));
        noUser.Type.ShouldBe("UserNotFoundException");
        noUser.AwsMessage.ShouldBe("User does not exist.");
        var noPool = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync(operation, new { UserPoolId = UnknownPool, Username = "ghost" }));
        noPool.Type.ShouldBe("ResourceNotFoundException");
        noPool.AwsMessage.ShouldBe($"User pool {UnknownPool} does not exist.");
    }

    [Fact]
    public async Task AdminSetUserPassword_Permanent_ConfirmsUserWhoCanSignIn()
    {
        var pool = await host.CreatePoolAsync();
        var (client, _) = await host.CreateClientAsync(pool);
        await CreateUserAsync(pool, "alice");

        await host.CallAsync("AdminSetUserPassword", new { UserPoolId = pool, Username = "alice", Password = "Perm-Pass-1", Permanent = true });

        (await GetUserAsync(pool, "alice"))["UserStatus"]!.GetValue<string>().ShouldBe("CONFIRMED");
        var result = await SignInAsync(client, "alice", "Perm-Pass-1");
        result["AuthenticationResult"]!["AccessToken"].ShouldNotBeNull();
    }

    [Fact]
    public async Task AdminSetUserPassword_Temporary_ForcesNewPasswordChallenge()
    {
        var pool = await host.CreatePoolAsync();
        var (client, _) = await host.CreateClientAsync(pool);
        await host.CreateConfirmedUserAsync(pool, client, "alice", "Perm-Pass-1");

        await host.CallAsync("AdminSetUserPassword", new { UserPoolId = pool, Username = "alice", Password = "Temp-Pass-2" });

        (await GetUserAsync(pool, "alice"))["UserStatus"]!.GetValue<string>().ShouldBe("FORCE_CHANGE_PASSWORD");
        (await SignInAsync(client, "alice", "Temp-Pass-2"))["ChallengeName"]!.GetValue<string>().ShouldBe("NEW_PASSWORD_REQUIRED");
        (await Should.ThrowAsync<AwsErrorException>(() => SignInAsync(client, "alice", "Perm-Pass-1"))).Type.ShouldBe("NotAuthorizedException");
    }

    [Fact]
    public async Task AdminSetUserPassword_WeakPasswordOrUnknownUser_Throws()
    {
        var pool = await host.CreatePoolAsync();
        await CreateUserAsync(pool, "alice");

        var weak = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("AdminSetUserPassword", new { UserPoolId = pool, Username = "alice", Password = "alllowercase1!", Permanent = true }));
        weak.Type.ShouldBe("InvalidPasswordException");
        weak.AwsMessage.ShouldBe("Password did not conform with policy: Password must have uppercase characters");
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("AdminSetUserPassword", new { UserPoolId = pool, Username = "ghost", Password = "Perm-Pass-1", Permanent = true }))).Type.ShouldBe("UserNotFoundException");
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("AdminSetUserPassword", new { UserPoolId = UnknownPool, Username = "alice", Password = "Perm-Pass-1", Permanent = true }))).Type.ShouldBe("ResourceNotFoundException");
    }

    [Fact]
    public async Task AdminUpdateUserAttributes_SetsAndDeletesWithBlankValue()
    {
        var pool = await host.CreatePoolAsync(new { Schema = new[] { new { Name = "team", AttributeDataType = "String", Mutable = true } } });
        await CreateUserAsync(pool, "alice", ("given_name", "Alice"), ("family_name", "Liddell"));

        await host.CallAsync("AdminUpdateUserAttributes", new
        {
            UserPoolId = pool,
            Username = "alice",
            UserAttributes = new[] { new { Name = "given_name", Value = "Alicia" }, new { Name = "custom:team", Value = "red" }, new { Name = "family_name", Value = "" } },
        });

        var attributes = Attributes(await GetUserAsync(pool, "alice"));
        attributes["given_name"].ShouldBe("Alicia");
        attributes["custom:team"].ShouldBe("red");
        attributes.ShouldNotContainKey("family_name");
    }

    [Fact]
    public async Task AdminUpdateUserAttributes_NewEmailOnAutoVerifiedPool_IsUnverified()
    {
        var pool = await host.CreatePoolAsync(new { AutoVerifiedAttributes = new[] { "email" } });
        await CreateUserAsync(pool, "alice", ("email", "alice@example.com"), ("email_verified", "true"));
        await CreateUserAsync(pool, "bob", ("email", "bob@example.com"), ("email_verified", "true"));

        await host.CallAsync("AdminUpdateUserAttributes", new { UserPoolId = pool, Username = "alice", UserAttributes = new[] { new { Name = "email", Value = "alice@example.org" } } });
        await host.CallAsync("AdminUpdateUserAttributes", new
        {
            UserPoolId = pool,
            Username = "bob",
            UserAttributes = new[] { new { Name = "email", Value = "bob@example.org" }, new { Name = "email_verified", Value = "true" } },
        });

        var alice = Attributes(await GetUserAsync(pool, "alice"));
        alice["email"].ShouldBe("alice@example.org");
        alice["email_verified"].ShouldBe("false");
        Attributes(await GetUserAsync(pool, "bob"))["email_verified"].ShouldBe("true");
    }

    [Fact]
    public async Task AdminUpdateUserAttributes_SameEmailAgain_StaysVerified()
    {
        var pool = await host.CreatePoolAsync(new { AutoVerifiedAttributes = new[] { "email" } });
        await CreateUserAsync(pool, "alice", ("email", "alice@example.com"), ("email_verified", "true"));

        await host.CallAsync("AdminUpdateUserAttributes", new { UserPoolId = pool, Username = "alice", UserAttributes = new[] { new { Name = "email", Value = "alice@example.com" } } });

        Attributes(await GetUserAsync(pool, "alice"))["email_verified"].ShouldBe("true");
    }

    [Fact]
    public async Task AdminUpdateUserAttributes_EmailOfAnotherUserWhereEmailIsUsername_ThrowsAliasExists()
    {
        var pool = await host.CreatePoolAsync(new { UsernameAttributes = new[] { "email" } });
        await CreateUserAsync(pool, "alice@example.com");
        await CreateUserAsync(pool, "bob@example.com");

        var error = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("AdminUpdateUserAttributes", new
        {
            UserPoolId = pool,
            Username = "bob@example.com",
            UserAttributes = new[] { new { Name = "email", Value = "Alice@Example.com" } },
        }));

        error.Type.ShouldBe("AliasExistsException");
        error.AwsMessage.ShouldBe("An account with the given email already exists.");
    }

    [Fact]
    public async Task AdminUpdateUserAttributes_VerifyingEmailAliasOfAnotherUser_ThrowsAliasExists()
    {
        var pool = await host.CreatePoolAsync(new { AliasAttributes = new[] { "email", "preferred_username" } });
        await CreateUserAsync(pool, "alice", ("email", "shared@example.com"), ("email_verified", "true"), ("preferred_username", "ally"));
        await CreateUserAsync(pool, "bob");

        // An unverified copy of the address is allowed; verifying it would make it a second alias.
        await host.CallAsync("AdminUpdateUserAttributes", new { UserPoolId = pool, Username = "bob", UserAttributes = new[] { new { Name = "email", Value = "shared@example.com" } } });
        var verify = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("AdminUpdateUserAttributes", new
        {
            UserPoolId = pool,
            Username = "bob",
            UserAttributes = new[] { new { Name = "email_verified", Value = "true" } },
        }));
        verify.Type.ShouldBe("AliasExistsException");

        var preferred = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("AdminUpdateUserAttributes", new
        {
            UserPoolId = pool,
            Username = "bob",
            UserAttributes = new[] { new { Name = "preferred_username", Value = "Ally" } },
        }));
        preferred.Type.ShouldBe("AliasExistsException");
        preferred.AwsMessage.ShouldBe("An account with the given preferred_username already exists.");
    }

    [Fact]
    public async Task AdminUpdateUserAttributes_SchemaViolations_ThrowInvalidParameter()
    {
        var pool = await host.CreatePoolAsync(new { Schema = new[] { new { Name = "tier", AttributeDataType = "String", Mutable = false } } });
        await CreateUserAsync(pool, "alice", ("custom:tier", "gold"));

        async Task<AwsErrorException> Update(string name, string value) => await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("AdminUpdateUserAttributes", new
        {
            UserPoolId = pool,
            Username = "alice",
            UserAttributes = new[] { new { Name = name, Value = value } },
        }));

        (await Update("custom:unknown", "x")).AwsMessage.ShouldBe("Attribute does not exist in the schema: custom:unknown");
        (await Update("custom:tier", "silver")).AwsMessage.ShouldBe("Cannot modify the non-mutable attribute custom:tier");
        (await Update("sub", Guid.NewGuid().ToString())).Type.ShouldBe("InvalidParameterException");
        (await Update("email", "not-an-email")).AwsMessage.ShouldBe("Invalid email address format.");
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("AdminUpdateUserAttributes", new
        {
            UserPoolId = pool,
            Username = "ghost",
            UserAttributes = new[] { new { Name = "name", Value = "x" } },
        }))).Type.ShouldBe("UserNotFoundException");
    }

    [Fact]
    public async Task AdminDeleteUserAttributes_RemovesNamedAttributes()
    {
        var pool = await host.CreatePoolAsync(new { Schema = new[] { new { Name = "team", AttributeDataType = "String", Mutable = true } } });
        await CreateUserAsync(pool, "alice", ("given_name", "Alice"), ("custom:team", "red"), ("nickname", "al"));

        await host.CallAsync("AdminDeleteUserAttributes", new { UserPoolId = pool, Username = "alice", UserAttributeNames = new[] { "given_name", "custom:team" } });

        var attributes = Attributes(await GetUserAsync(pool, "alice"));
        attributes.ShouldNotContainKey("given_name");
        attributes.ShouldNotContainKey("custom:team");
        attributes["nickname"].ShouldBe("al");
    }

    [Fact]
    public async Task AdminDeleteUserAttributes_RequiredSubOrUnknown_ThrowsInvalidParameter()
    {
        var pool = await host.CreatePoolAsync(new { Schema = new[] { new { Name = "email", AttributeDataType = "String", Required = true, Mutable = true } } });
        await CreateUserAsync(pool, "alice", ("email", "alice@example.com"));

        async Task<AwsErrorException> Delete(string name) => await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("AdminDeleteUserAttributes", new { UserPoolId = pool, Username = "alice", UserAttributeNames = new[] { name } }));

        (await Delete("email")).Type.ShouldBe("InvalidParameterException");
        (await Delete("sub")).Type.ShouldBe("InvalidParameterException");
        (await Delete("custom:nothing")).Type.ShouldBe("InvalidParameterException");
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("AdminDeleteUserAttributes", new { UserPoolId = pool, Username = "ghost", UserAttributeNames = new[] { "name" } }))).Type.ShouldBe("UserNotFoundException");
        Attributes(await GetUserAsync(pool, "alice"))["email"].ShouldBe("alice@example.com");
    }

    [Fact]
    public async Task AdminDisableUser_BlocksSignInAndRevokesAccessTokens_EnableRestoresSignIn()
    {
        var pool = await host.CreatePoolAsync();
        var (client, _) = await host.CreateClientAsync(pool);
        await host.CreateConfirmedUserAsync(pool, client, "alice", "Perm-Pass-1");
        var tokens = (await SignInAsync(client, "alice", "Perm-Pass-1"))["AuthenticationResult"]!;

        await host.CallAsync("AdminDisableUser", new { UserPoolId = pool, Username = "alice" });

        (await GetUserAsync(pool, "alice"))["Enabled"]!.GetValue<bool>().ShouldBeFalse();
        var signIn = await Should.ThrowAsync<AwsErrorException>(() => SignInAsync(client, "alice", "Perm-Pass-1"));
        signIn.Type.ShouldBe("NotAuthorizedException");
        signIn.AwsMessage.ShouldBe("User is disabled.");
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("GetUser", new { AccessToken = tokens["AccessToken"]!.GetValue<string>() }, sign: false))).Type.ShouldBe("NotAuthorizedException");
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("InitiateAuth", new
        {
            AuthFlow = "REFRESH_TOKEN_AUTH",
            ClientId = client,
            AuthParameters = new Dictionary<string, string> { ["REFRESH_TOKEN"] = tokens["RefreshToken"]!.GetValue<string>() },
        }, sign: false))).Type.ShouldBe("NotAuthorizedException");

        await host.CallAsync("AdminEnableUser", new { UserPoolId = pool, Username = "alice" });

        (await GetUserAsync(pool, "alice"))["Enabled"]!.GetValue<bool>().ShouldBeTrue();
        (await SignInAsync(client, "alice", "Perm-Pass-1"))["AuthenticationResult"].ShouldNotBeNull();
        // Disabling revoked the access tokens issued before it for good (AdminDisableUser API reference).
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("GetUser", new { AccessToken = tokens["AccessToken"]!.GetValue<string>() }, sign: false))).AwsMessage.ShouldBe("Access Token has been revoked");
    }

    [Fact]
    public async Task AdminConfirmSignUp_UnconfirmedUser_BecomesConfirmedAndCanSignIn()
    {
        var pool = await host.CreatePoolAsync();
        var (client, _) = await host.CreateClientAsync(pool);
        await AddUnconfirmedUserAsync(pool, "dave", "Perm-Pass-1");
        (await Should.ThrowAsync<AwsErrorException>(() => SignInAsync(client, "dave", "Perm-Pass-1"))).Type.ShouldBe("UserNotConfirmedException");

        await host.CallAsync("AdminConfirmSignUp", new { UserPoolId = pool, Username = "dave" });

        (await GetUserAsync(pool, "dave"))["UserStatus"]!.GetValue<string>().ShouldBe("CONFIRMED");
        (await SignInAsync(client, "dave", "Perm-Pass-1"))["AuthenticationResult"].ShouldNotBeNull();
    }

    [Fact]
    public async Task AdminConfirmSignUp_UserNotUnconfirmed_ThrowsNotAuthorized()
    {
        var pool = await host.CreatePoolAsync();
        await CreateUserAsync(pool, "alice");
        await host.CallAsync("AdminSetUserPassword", new { UserPoolId = pool, Username = "alice", Password = "Perm-Pass-1", Permanent = true });
        await CreateUserAsync(pool, "carol");

        var forced = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("AdminConfirmSignUp", new { UserPoolId = pool, Username = "carol" }));
        forced.Type.ShouldBe("NotAuthorizedException");
        forced.AwsMessage.ShouldBe("User cannot be confirmed. Current status is FORCE_CHANGE_PASSWORD");
        var confirmed = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("AdminConfirmSignUp", new { UserPoolId = pool, Username = "alice" }));
        confirmed.Type.ShouldBe("NotAuthorizedException");
        confirmed.AwsMessage.ShouldBe("User cannot be confirmed. Current status is CONFIRMED");
    }

    [Fact]
    public async Task ListUsers_FiltersPagesAndSelectsAttributes()
    {
        var pool = await host.CreatePoolAsync();
        await CreateUserAsync(pool, "ann", ("email", "ann@example.com"), ("given_name", "Ann"));
        await CreateUserAsync(pool, "andrew", ("email", "andrew@example.com"), ("given_name", "Andrew"));
        await CreateUserAsync(pool, "bob", ("email", "bob@example.org"), ("given_name", "Bob"));
        await host.CallAsync("AdminDisableUser", new { UserPoolId = pool, Username = "bob" });

        var all = await host.CallAsync("ListUsers", new { UserPoolId = pool });
        Names(all).ShouldBe(["andrew", "ann", "bob"]);
        all["PaginationToken"].ShouldBeNull();
        var first = all["Users"]![0]!;
        first["UserStatus"]!.GetValue<string>().ShouldBe("FORCE_CHANGE_PASSWORD");
        first["Enabled"]!.GetValue<bool>().ShouldBeTrue();
        first["UserCreateDate"]!.GetValue<double>().ShouldBeGreaterThan(0);
        first["Attributes"]!.AsArray()[0]!["Name"]!.GetValue<string>().ShouldBe("sub");

        Names(await host.CallAsync("ListUsers", new { UserPoolId = pool, Filter = "email ^= \"an\"" })).ShouldBe(["andrew", "ann"]);
        Names(await host.CallAsync("ListUsers", new { UserPoolId = pool, Filter = "given_name = \"Bob\"" })).ShouldBe(["bob"]);
        Names(await host.CallAsync("ListUsers", new { UserPoolId = pool, Filter = "status = \"Disabled\"" })).ShouldBe(["bob"]);
        Names(await host.CallAsync("ListUsers", new { UserPoolId = pool, Filter = "cognito:user_status = \"force_change_password\"" })).ShouldBe(["andrew", "ann", "bob"]);
        Names(await host.CallAsync("ListUsers", new { UserPoolId = pool, Filter = "username = \"ann\"" })).ShouldBe(["ann"]);
        Names(await host.CallAsync("ListUsers", new { UserPoolId = pool, Filter = "" })).Count.ShouldBe(3);

        var page1 = await host.CallAsync("ListUsers", new { UserPoolId = pool, Limit = 2 });
        Names(page1).ShouldBe(["andrew", "ann"]);
        var page2 = await host.CallAsync("ListUsers", new { UserPoolId = pool, Limit = 2, PaginationToken = page1["PaginationToken"]!.GetValue<string>() });
        Names(page2).ShouldBe(["bob"]);
        page2["PaginationToken"].ShouldBeNull();

        var selected = await host.CallAsync("ListUsers", new { UserPoolId = pool, AttributesToGet = new[] { "email" }, Filter = "username = \"ann\"" });
        selected["Users"]![0]!["Attributes"]!.AsArray().Select(a => a!["Name"]!.GetValue<string>()).ShouldBe(["email"]);
    }

    [Fact]
    public async Task ListUsers_BadFilterTokenLimitOrPool_Throws()
    {
        var pool = await host.CreatePoolAsync();

        async Task<AwsErrorException> List(object body) => await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("ListUsers", body));

        (await List(new { UserPoolId = pool, Filter = "email == alice" })).Type.ShouldBe("InvalidParameterException");
        (await List(new { UserPoolId = pool, Filter = "custom:team = \"red\"" })).Type.ShouldBe("InvalidParameterException");
        (await List(new { UserPoolId = pool, PaginationToken = "bm90LWEtdG9rZW4" })).AwsMessage.ShouldBe("Invalid pagination token.");
        (await List(new { UserPoolId = pool, Limit = 61 })).AwsMessage.ShouldContain("less than or equal to 60");
        (await List(new { UserPoolId = UnknownPool })).Type.ShouldBe("ResourceNotFoundException");
    }

    private async Task CreateUserAsync(string pool, string username, params (string Name, string Value)[] attributes)
        => await host.CallAsync("AdminCreateUser", new
        {
            UserPoolId = pool,
            Username = username,
            MessageAction = "SUPPRESS",
            UserAttributes = attributes.Select(a => new { a.Name, a.Value }).ToArray(),
        });

    /// <summary>An UNCONFIRMED user with a password, as SignUp leaves one, written through the Core services.</summary>
    private async Task AddUnconfirmedUserAsync(string poolId, string username, string password)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<UserDirectory>();
        var pool = await directory.GetPoolAsync(poolId, CancellationToken.None);
        var user = await scope.ServiceProvider.GetRequiredService<UserAdministration>().NewUserAsync(pool, username, [], AttributeWriter.Administrator(creating: true), CancellationToken.None);
        (await scope.ServiceProvider.GetRequiredService<PasswordSetter>().CreateAsync(pool, user, password, CancellationToken.None)).ApplyTo(user);
        user.Status.ShouldBe(UserStatus.Unconfirmed);
        await scope.ServiceProvider.GetRequiredService<IUserStore>().AddAsync(user, CancellationToken.None);
    }

    private Task<JsonObject> GetUserAsync(string pool, string username) => host.CallAsync("AdminGetUser", new { UserPoolId = pool, Username = username });

    private Task<JsonObject> SignInAsync(string client, string username, string password) => host.CallAsync("InitiateAuth", new
    {
        AuthFlow = "USER_PASSWORD_AUTH",
        ClientId = client,
        AuthParameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = password },
    }, sign: false);

    private static Dictionary<string, string> Attributes(JsonObject user)
        => user["UserAttributes"]!.AsArray().ToDictionary(a => a!["Name"]!.GetValue<string>(), a => a!["Value"]!.GetValue<string>());

    private static List<string> Names(JsonObject list) => list["Users"]!.AsArray().Select(u => u!["Username"]!.GetValue<string>()).ToList();
}
