// SPDX-License-Identifier: Apache-2.0
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.Lifecycle;

public sealed class SelfServiceTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly TesseraHost host = fixture.Host;

    private async Task<(string Pool, string Client, string Access)> SignedInAsync(string username, object? poolExtra = null, object? clientExtra = null)
    {
        var (pool, client) = await host.CreateSignUpPoolAsync(poolExtra, clientExtra);
        await host.SignUpConfirmedAsync(client, username, username + "@example.com");
        var tokens = await host.SignInAsync(client, username);
        return (pool, client, tokens["AccessToken"]!.GetValue<string>());
    }

    private async Task<Dictionary<string, string>> AttributesAsync(string access)
        => (await host.CallAsync("GetUser", new { AccessToken = access }, sign: false))["UserAttributes"]!.AsArray()
            .ToDictionary(a => a!["Name"]!.GetValue<string>(), a => a!["Value"]!.GetValue<string>());

    [Fact]
    public async Task ChangePassword_RightPrevious_ChangesIt()
    {
        var (_, client, access) = await SignedInAsync("alice");

        await host.CallAsync("ChangePassword", new { AccessToken = access, PreviousPassword = UserSteps.Password, ProposedPassword = "New-Pass-2" }, sign: false);

        (await host.SignInAsync(client, "alice", "New-Pass-2"))["AccessToken"].ShouldNotBeNull();
        (await UserSteps.FailsAsync(() => host.SignInAsync(client, "alice"))).Type.ShouldBe("NotAuthorizedException");
    }

    [Fact]
    public async Task ChangePassword_WrongPrevious_ThrowsNotAuthorized_ThenLimitExceeded()
    {
        var (_, _, access) = await SignedInAsync("bob");
        for (var i = 0; i < 5; i++)
        {
            var error = await UserSteps.FailsAsync(() => host.CallAsync("ChangePassword", new { AccessToken = access, PreviousPassword = "Wrong-Pass-9", ProposedPassword = "New-Pass-2" }, sign: false));
            error.Type.ShouldBe("NotAuthorizedException");
            error.AwsMessage.ShouldBe("Incorrect username or password.");
        }

        var limited = await UserSteps.FailsAsync(() => host.CallAsync("ChangePassword", new { AccessToken = access, PreviousPassword = UserSteps.Password, ProposedPassword = "New-Pass-2" }, sign: false));
        limited.Type.ShouldBe("LimitExceededException");
    }

    [Fact]
    public async Task ChangePassword_WeakProposed_ThrowsInvalidPassword_OldStillWorks()
    {
        var (_, client, access) = await SignedInAsync("carol");

        var error = await UserSteps.FailsAsync(() => host.CallAsync("ChangePassword", new { AccessToken = access, PreviousPassword = UserSteps.Password, ProposedPassword = "weakweak" }, sign: false));

        error.Type.ShouldBe("InvalidPasswordException");
        (await host.SignInAsync(client, "carol"))["AccessToken"].ShouldNotBeNull();
    }

    [Fact]
    public async Task ChangePassword_GarbageToken_ThrowsNotAuthorized()
    {
        var error = await UserSteps.FailsAsync(() => host.CallAsync("ChangePassword", new { AccessToken = "not-a-token", PreviousPassword = "x", ProposedPassword = "New-Pass-2" }, sign: false));

        error.Type.ShouldBe("NotAuthorizedException");
        error.Status.ShouldBe(400);
    }

    [Fact]
    public async Task UpdateUserAttributes_NewEmail_SendsCode_VerifyUserAttributeVerifiesIt()
    {
        var (_, _, access) = await SignedInAsync("dave");

        var result = await host.CallAsync("UpdateUserAttributes", new
        {
            AccessToken = access,
            UserAttributes = new[] { new { Name = "email", Value = "dave.new@example.org" }, new { Name = "name", Value = "Dave" } },
        }, sign: false);

        var delivery = result["CodeDeliveryDetailsList"]!.AsArray().Single()!;
        delivery["Destination"]!.GetValue<string>().ShouldBe("d***@e***");
        delivery["AttributeName"]!.GetValue<string>().ShouldBe("email");
        var attributes = await AttributesAsync(access);
        attributes["email"].ShouldBe("dave.new@example.org");
        attributes["email_verified"].ShouldBe("false");
        attributes["name"].ShouldBe("Dave");

        var code = await host.LatestCodeAsync("dave.new@example.org");
        await host.CallAsync("VerifyUserAttribute", new { AccessToken = access, AttributeName = "email", Code = code }, sign: false);
        (await AttributesAsync(access))["email_verified"].ShouldBe("true");
        (await UserSteps.FailsAsync(() => host.CallAsync("VerifyUserAttribute", new { AccessToken = access, AttributeName = "email", Code = code }, sign: false))).Type.ShouldBe("ExpiredCodeException");
    }

    [Fact]
    public async Task UpdateUserAttributes_RequireVerificationBeforeUpdate_KeepsOldEmailUntilVerified()
    {
        var (_, _, access) = await SignedInAsync("erin", new
        {
            AutoVerifiedAttributes = new[] { "email" },
            UserAttributeUpdateSettings = new { AttributesRequireVerificationBeforeUpdate = new[] { "email" } },
        });

        await host.CallAsync("UpdateUserAttributes", new { AccessToken = access, UserAttributes = new[] { new { Name = "email", Value = "erin2@example.com" } } }, sign: false);

        var before = await AttributesAsync(access);
        before["email"].ShouldBe("erin@example.com");
        before["email_verified"].ShouldBe("true");
        var code = await host.LatestCodeAsync("erin2@example.com");
        await host.CallAsync("VerifyUserAttribute", new { AccessToken = access, AttributeName = "email", Code = code }, sign: false);
        var after = await AttributesAsync(access);
        after["email"].ShouldBe("erin2@example.com");
        after["email_verified"].ShouldBe("true");
    }

    [Fact]
    public async Task UpdateUserAttributes_VerifiedFlag_ThrowsNotAuthorized_AndChangesNothing()
    {
        var (_, _, access) = await SignedInAsync("fay");

        var error = await UserSteps.FailsAsync(() => host.CallAsync("UpdateUserAttributes", new
        {
            AccessToken = access,
            UserAttributes = new[] { new { Name = "name", Value = "Fay" }, new { Name = "phone_number_verified", Value = "true" } },
        }, sign: false));

        error.Type.ShouldBe("NotAuthorizedException");
        error.AwsMessage.ShouldBe("A client attempted to write unauthorized attribute");
        (await AttributesAsync(access)).ShouldNotContainKey("name");
    }

    [Fact]
    public async Task UpdateUserAttributes_NotInWriteAttributes_ThrowsNotAuthorized()
    {
        var (_, _, access) = await SignedInAsync("gus", clientExtra: new { WriteAttributes = new[] { "email", "name" } });

        var error = await UserSteps.FailsAsync(() => host.CallAsync("UpdateUserAttributes", new { AccessToken = access, UserAttributes = new[] { new { Name = "family_name", Value = "G" } } }, sign: false));

        error.Type.ShouldBe("NotAuthorizedException");
    }

    [Fact]
    public async Task UpdateUserAttributes_UnknownOrOversized_ThrowsInvalidParameter()
    {
        var (_, _, access) = await SignedInAsync("hal");

        (await UserSteps.FailsAsync(() => host.CallAsync("UpdateUserAttributes", new { AccessToken = access, UserAttributes = new[] { new { Name = "custom:none", Value = "x" } } }, sign: false)))
            .Type.ShouldBe("InvalidParameterException");
        (await UserSteps.FailsAsync(() => host.CallAsync("UpdateUserAttributes", new { AccessToken = access, UserAttributes = new[] { new { Name = "name", Value = new string('n', 5000) } } }, sign: false)))
            .Status.ShouldBeInRange(400, 499);
    }

    [Fact]
    public async Task UpdateUserAttributes_EmailOfAnotherUserWhereEmailIsUsername_ThrowsAliasExists()
    {
        var pool = await host.CreatePoolAsync(new { UsernameAttributes = new[] { "email" }, AutoVerifiedAttributes = new[] { "email" } });
        var client = (await host.CallAsync("CreateUserPoolClient", new { UserPoolId = pool, ClientName = "c", ExplicitAuthFlows = new[] { "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH" } }))["UserPoolClient"]!["ClientId"]!.GetValue<string>();
        await host.SignUpConfirmedAsync(client, "ida@example.com", "ida@example.com");
        await host.SignUpConfirmedAsync(client, "jon@example.com", "jon@example.com");
        var access = (await host.SignInAsync(client, "jon@example.com"))["AccessToken"]!.GetValue<string>();

        var error = await UserSteps.FailsAsync(() => host.CallAsync("UpdateUserAttributes", new { AccessToken = access, UserAttributes = new[] { new { Name = "email", Value = "ida@example.com" } } }, sign: false));

        error.Type.ShouldBe("AliasExistsException");
    }

    [Fact]
    public async Task DeleteUserAttributes_RemovesThem_RequiredOnesRefused()
    {
        var (_, _, access) = await SignedInAsync("kim");
        await host.CallAsync("UpdateUserAttributes", new { AccessToken = access, UserAttributes = new[] { new { Name = "nickname", Value = "K" } } }, sign: false);

        await host.CallAsync("DeleteUserAttributes", new { AccessToken = access, UserAttributeNames = new[] { "nickname" } }, sign: false);

        (await AttributesAsync(access)).ShouldNotContainKey("nickname");
        (await UserSteps.FailsAsync(() => host.CallAsync("DeleteUserAttributes", new { AccessToken = access, UserAttributeNames = new[] { "sub" } }, sign: false))).Status.ShouldBe(400);
        (await UserSteps.FailsAsync(() => host.CallAsync("DeleteUserAttributes", new { AccessToken = access, UserAttributeNames = new[] { "custom:none" } }, sign: false))).Type.ShouldBe("InvalidParameterException");
    }

    [Fact]
    public async Task GetUserAttributeVerificationCode_SendsCode_WrongCodeMismatch_RightCodeVerifies()
    {
        var (pool, client) = await host.CreateSignUpPoolAsync();
        await host.CreateConfirmedUserAsync(pool, client, "lea", UserSteps.Password, ("email", "lea@example.com"));
        var access = (await host.SignInAsync(client, "lea"))["AccessToken"]!.GetValue<string>();

        var result = await host.CallAsync("GetUserAttributeVerificationCode", new { AccessToken = access, AttributeName = "email" }, sign: false);
        result["CodeDeliveryDetails"]!["Destination"]!.GetValue<string>().ShouldBe("l***@e***");
        var code = await host.LatestCodeAsync("lea@example.com");
        (await UserSteps.FailsAsync(() => host.CallAsync("VerifyUserAttribute", new { AccessToken = access, AttributeName = "email", Code = code == "000000" ? "000001" : "000000" }, sign: false)))
            .Type.ShouldBe("CodeMismatchException");
        await host.CallAsync("VerifyUserAttribute", new { AccessToken = access, AttributeName = "email", Code = code }, sign: false);

        (await AttributesAsync(access))["email_verified"].ShouldBe("true");
        (await UserSteps.FailsAsync(() => host.CallAsync("GetUserAttributeVerificationCode", new { AccessToken = access, AttributeName = "name" }, sign: false))).Type.ShouldBe("InvalidParameterException");
        (await UserSteps.FailsAsync(() => host.CallAsync("GetUserAttributeVerificationCode", new { AccessToken = access, AttributeName = "phone_number" }, sign: false))).Type.ShouldBe("InvalidParameterException");
    }

    [Fact]
    public async Task VerifyUserAttribute_CodeForReplacedAddress_ThrowsExpiredCode()
    {
        // Without auto-verification a new address gets no code, so the old address's code is still the live one.
        var pool = await host.CreatePoolAsync();
        var (client, _) = await host.CreateClientAsync(pool);
        await host.CreateConfirmedUserAsync(pool, client, "max", UserSteps.Password, ("email", "max1@example.com"));
        var access = (await host.SignInAsync(client, "max"))["AccessToken"]!.GetValue<string>();
        await host.CallAsync("GetUserAttributeVerificationCode", new { AccessToken = access, AttributeName = "email" }, sign: false);
        var code = await host.LatestCodeAsync("max1@example.com");
        await host.CallAsync("UpdateUserAttributes", new { AccessToken = access, UserAttributes = new[] { new { Name = "email", Value = "max2@example.com" } } }, sign: false);

        var error = await UserSteps.FailsAsync(() => host.CallAsync("VerifyUserAttribute", new { AccessToken = access, AttributeName = "email", Code = code }, sign: false));

        error.Type.ShouldBe("ExpiredCodeException");
        (await AttributesAsync(access))["email_verified"].ShouldBe("false");
    }

    [Fact]
    public async Task DeleteUser_RemovesUser_TokenNoLongerWorks()
    {
        var (pool, _, access) = await SignedInAsync("ned");

        await host.CallAsync("DeleteUser", new { AccessToken = access }, sign: false);

        (await UserSteps.FailsAsync(() => host.CallAsync("AdminGetUser", new { UserPoolId = pool, Username = "ned" }))).Type.ShouldBe("UserNotFoundException");
        (await UserSteps.FailsAsync(() => host.CallAsync("GetUser", new { AccessToken = access }, sign: false))).Type.ShouldBe("NotAuthorizedException");
    }

    [Fact]
    public async Task SelfService_AfterAdminReset_ThrowsPasswordResetRequired()
    {
        var (pool, _, access) = await SignedInAsync("oli");
        await host.CallAsync("AdminResetUserPassword", new { UserPoolId = pool, Username = "oli" });

        var error = await UserSteps.FailsAsync(() => host.CallAsync("UpdateUserAttributes", new { AccessToken = access, UserAttributes = new[] { new { Name = "name", Value = "O" } } }, sign: false));

        error.Type.ShouldBe("PasswordResetRequiredException");
    }
}
