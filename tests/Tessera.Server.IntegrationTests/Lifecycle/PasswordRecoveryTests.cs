// SPDX-License-Identifier: Apache-2.0
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.Lifecycle;

public sealed class PasswordRecoveryTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly TesseraHost host = fixture.Host;

    [Fact]
    public async Task ForgotPassword_ThenConfirm_NewPasswordWorks_OldDoesNot()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpConfirmedAsync(client, "alice", "alice@example.com");

        var forgot = await host.CallAsync("ForgotPassword", new { ClientId = client, Username = "alice" }, sign: false);
        forgot["CodeDeliveryDetails"]!["Destination"]!.GetValue<string>().ShouldBe("a***@e***");
        forgot["CodeDeliveryDetails"]!["DeliveryMedium"]!.GetValue<string>().ShouldBe("EMAIL");
        var code = await host.LatestCodeAsync("alice@example.com");
        await host.CallAsync("ConfirmForgotPassword", new { ClientId = client, Username = "alice", ConfirmationCode = code, Password = "New-Pass-2" }, sign: false);

        (await host.SignInAsync(client, "alice", "New-Pass-2"))["AccessToken"].ShouldNotBeNull();
        (await UserSteps.FailsAsync(() => host.SignInAsync(client, "alice"))).Type.ShouldBe("NotAuthorizedException");
        (await UserSteps.FailsAsync(() => host.CallAsync("ConfirmForgotPassword", new { ClientId = client, Username = "alice", ConfirmationCode = code, Password = "Other-Pass-3" }, sign: false)))
            .Type.ShouldBe("ExpiredCodeException");
    }

    [Fact]
    public async Task ConfirmForgotPassword_WrongCode_LeavesOldPasswordWorking()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpConfirmedAsync(client, "bob", "bob@example.com");
        await host.CallAsync("ForgotPassword", new { ClientId = client, Username = "bob" }, sign: false);
        var code = await host.LatestCodeAsync("bob@example.com");

        var error = await UserSteps.FailsAsync(() => host.CallAsync("ConfirmForgotPassword", new { ClientId = client, Username = "bob", ConfirmationCode = code == "123456" ? "654321" : "123456", Password = "New-Pass-2" }, sign: false));

        error.Type.ShouldBe("CodeMismatchException");
        (await host.SignInAsync(client, "bob"))["AccessToken"].ShouldNotBeNull();
        (await UserSteps.FailsAsync(() => host.SignInAsync(client, "bob", "New-Pass-2"))).Type.ShouldBe("NotAuthorizedException");
    }

    [Fact]
    public async Task ConfirmForgotPassword_WeakPassword_LeavesOldPasswordAndCodeWorking()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpConfirmedAsync(client, "carol", "carol@example.com");
        await host.CallAsync("ForgotPassword", new { ClientId = client, Username = "carol" }, sign: false);
        var code = await host.LatestCodeAsync("carol@example.com");

        var error = await UserSteps.FailsAsync(() => host.CallAsync("ConfirmForgotPassword", new { ClientId = client, Username = "carol", ConfirmationCode = code, Password = "weak" }, sign: false));

        error.Type.ShouldBe("InvalidPasswordException");
        (await host.SignInAsync(client, "carol"))["AccessToken"].ShouldNotBeNull();
        await host.CallAsync("ConfirmForgotPassword", new { ClientId = client, Username = "carol", ConfirmationCode = code, Password = "New-Pass-2" }, sign: false);
        (await host.SignInAsync(client, "carol", "New-Pass-2"))["AccessToken"].ShouldNotBeNull();
    }

    [Fact]
    public async Task ConfirmForgotPassword_TooManyWrongCodes_ThrowsLimitExceeded()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpConfirmedAsync(client, "dan", "dan@example.com");
        await host.CallAsync("ForgotPassword", new { ClientId = client, Username = "dan" }, sign: false);
        var code = await host.LatestCodeAsync("dan@example.com");
        var wrong = code == "999999" ? "888888" : "999999";
        for (var i = 0; i < 5; i++)
        {
            (await UserSteps.FailsAsync(() => host.CallAsync("ConfirmForgotPassword", new { ClientId = client, Username = "dan", ConfirmationCode = wrong, Password = "New-Pass-2" }, sign: false)))
                .Type.ShouldBe("CodeMismatchException");
        }

        var error = await UserSteps.FailsAsync(() => host.CallAsync("ConfirmForgotPassword", new { ClientId = client, Username = "dan", ConfirmationCode = code, Password = "New-Pass-2" }, sign: false));

        error.Type.ShouldBe("LimitExceededException");
        (await host.SignInAsync(client, "dan"))["AccessToken"].ShouldNotBeNull();
    }

    [Fact]
    public async Task ConfirmForgotPassword_WithoutForgotPassword_ThrowsExpiredCode()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpConfirmedAsync(client, "eve", "eve@example.com");

        var error = await UserSteps.FailsAsync(() => host.CallAsync("ConfirmForgotPassword", new { ClientId = client, Username = "eve", ConfirmationCode = "123456", Password = "New-Pass-2" }, sign: false));

        error.Type.ShouldBe("ExpiredCodeException");
    }

    [Fact]
    public async Task ConfirmForgotPassword_SignUpCode_DoesNotResetPassword()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpAsync(client, "fay", "fay@example.com");
        var signUpCode = await host.LatestCodeAsync("fay@example.com");
        await host.CallAsync("ConfirmSignUp", new { ClientId = client, Username = "fay", ConfirmationCode = signUpCode }, sign: false);
        await host.CallAsync("ForgotPassword", new { ClientId = client, Username = "fay" }, sign: false);
        var recovery = await host.LatestCodeAsync("fay@example.com");
        Assert.SkipWhen(recovery == signUpCode, "the two random codes happen to be equal");

        var error = await UserSteps.FailsAsync(() => host.CallAsync("ConfirmForgotPassword", new { ClientId = client, Username = "fay", ConfirmationCode = signUpCode, Password = "New-Pass-2" }, sign: false));

        error.Type.ShouldBe("CodeMismatchException");
    }

    [Fact]
    public async Task ForgotPassword_NoVerifiedContact_ThrowsInvalidParameter()
    {
        var (pool, client) = await host.CreateSignUpPoolAsync();
        await host.CreateConfirmedUserAsync(pool, client, "gus", "Perm-Pass-1", ("email", "gus@example.com"));

        var error = await UserSteps.FailsAsync(() => host.CallAsync("ForgotPassword", new { ClientId = client, Username = "gus" }, sign: false));

        error.Type.ShouldBe("InvalidParameterException");
        error.AwsMessage.ShouldBe("Cannot reset password for the user as there is no registered/verified email or phone_number");
    }

    [Fact]
    public async Task ForgotPassword_UnknownUser_LegacyThrowsUserNotFound()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();

        var error = await UserSteps.FailsAsync(() => host.CallAsync("ForgotPassword", new { ClientId = client, Username = "ghost" }, sign: false));

        error.Type.ShouldBe("UserNotFoundException");
    }

    [Fact]
    public async Task AdminResetUserPassword_SignInRequiresReset_CodeResets()
    {
        var (pool, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpConfirmedAsync(client, "hal", "hal@example.com");
        var before = await host.CountMessagesToAsync("hal@example.com");

        await host.CallAsync("AdminResetUserPassword", new { UserPoolId = pool, Username = "hal" });

        (await host.CallAsync("AdminGetUser", new { UserPoolId = pool, Username = "hal" }))["UserStatus"]!.GetValue<string>().ShouldBe("RESET_REQUIRED");
        (await UserSteps.FailsAsync(() => host.SignInAsync(client, "hal"))).Type.ShouldBe("PasswordResetRequiredException");
        (await host.CountMessagesToAsync("hal@example.com")).ShouldBe(before + 1);
        var code = await host.LatestCodeAsync("hal@example.com");
        await host.CallAsync("ConfirmForgotPassword", new { ClientId = client, Username = "hal", ConfirmationCode = code, Password = "New-Pass-2" }, sign: false);
        (await host.SignInAsync(client, "hal", "New-Pass-2"))["AccessToken"].ShouldNotBeNull();
        (await host.CallAsync("AdminGetUser", new { UserPoolId = pool, Username = "hal" }))["UserStatus"]!.GetValue<string>().ShouldBe("CONFIRMED");
    }

    [Fact]
    public async Task AdminResetUserPassword_UnknownUser_ThrowsUserNotFound()
    {
        var (pool, _) = await host.CreateSignUpPoolAsync();

        var error = await UserSteps.FailsAsync(() => host.CallAsync("AdminResetUserPassword", new { UserPoolId = pool, Username = "ghost" }));

        error.Type.ShouldBe("UserNotFoundException");
    }

    [Fact]
    public async Task AdminResetUserPassword_Unsigned_IsRejected()
    {
        var (pool, _) = await host.CreateSignUpPoolAsync();

        var response = await host.SendAsync("AWSCognitoIdentityProviderService", "cognito-idp", "AdminResetUserPassword", $"{{\"UserPoolId\":\"{pool}\",\"Username\":\"x\"}}", sign: false);

        ((int)response.StatusCode).ShouldBeInRange(400, 499);
    }

    [Fact]
    public async Task ForgotPassword_RecoverySettingPrefersPhone_SendsSms()
    {
        var (pool, client) = await host.CreateSignUpPoolAsync(new
        {
            AutoVerifiedAttributes = new[] { "email" },
            AccountRecoverySetting = new { RecoveryMechanisms = new object[] { new { Priority = 1, Name = "verified_phone_number" }, new { Priority = 2, Name = "verified_email" } } },
        });
        await host.CreateConfirmedUserAsync(pool, client, "ivy", UserSteps.Password,
            ("email", "ivy@example.com"), ("email_verified", "true"), ("phone_number", "+15555550100"), ("phone_number_verified", "true"));

        var forgot = await host.CallAsync("ForgotPassword", new { ClientId = client, Username = "ivy" }, sign: false);

        forgot["CodeDeliveryDetails"]!["DeliveryMedium"]!.GetValue<string>().ShouldBe("SMS");
        forgot["CodeDeliveryDetails"]!["Destination"]!.GetValue<string>().ShouldBe("+*******0100");
    }
}
