// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Lifecycle;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.Lifecycle;

public sealed class SignUpTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly TesseraHost host = fixture.Host;

    [Fact]
    public async Task SignUp_AutoVerifiedEmail_SendsCodeAndMasksDestination()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();

        var result = await host.SignUpAsync(client, "alice", "alice@example.com");

        result["UserConfirmed"]!.GetValue<bool>().ShouldBeFalse();
        Guid.TryParse(result["UserSub"]!.GetValue<string>(), out _).ShouldBeTrue();
        var delivery = result["CodeDeliveryDetails"]!;
        delivery["Destination"]!.GetValue<string>().ShouldBe("a***@e***");
        delivery["DeliveryMedium"]!.GetValue<string>().ShouldBe("EMAIL");
        delivery["AttributeName"]!.GetValue<string>().ShouldBe("email");
        var code = await host.LatestCodeAsync("alice@example.com");
        code.ShouldMatch("^[0-9]{6}$");
    }

    [Fact]
    public async Task SignUp_Templates_AreHonoured()
    {
        var (_, client) = await host.CreateSignUpPoolAsync(new
        {
            AutoVerifiedAttributes = new[] { "email" },
            VerificationMessageTemplate = new { EmailMessage = "Hello {username}, your code: {####}", EmailSubject = "Welcome aboard", DefaultEmailOption = "CONFIRM_WITH_CODE" },
        });

        await host.SignUpAsync(client, "bob", "bob@example.com");

        var message = (await host.InboxAsync()).First(m => m!["destination"]!.GetValue<string>() == "bob@example.com")!;
        message["subject"]!.GetValue<string>().ShouldBe("Welcome aboard");
        message["body"]!.GetValue<string>().ShouldBe("Hello bob, your code: " + message["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task SignUp_PhoneAutoVerified_SendsSmsWithMaskedNumber()
    {
        var (_, client) = await host.CreateSignUpPoolAsync(new { AutoVerifiedAttributes = new[] { "phone_number" }, SmsVerificationMessage = "Code {####}" });

        var result = await host.CallAsync("SignUp", new
        {
            ClientId = client,
            Username = "carol",
            Password = UserSteps.Password,
            UserAttributes = new[] { new { Name = "phone_number", Value = "+12065551234" } },
        }, sign: false);

        result["CodeDeliveryDetails"]!["Destination"]!.GetValue<string>().ShouldBe("+*******1234");
        result["CodeDeliveryDetails"]!["DeliveryMedium"]!.GetValue<string>().ShouldBe("SMS");
        var message = (await host.InboxAsync()).First(m => m!["destination"]!.GetValue<string>() == "+12065551234")!;
        message["medium"]!.GetValue<string>().ShouldBe("SMS");
        message["body"]!.GetValue<string>().ShouldBe("Code " + message["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ConfirmSignUp_RightCode_ConfirmsAndVerifiesEmail()
    {
        var (pool, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpConfirmedAsync(client, "dave", "dave@example.com");

        var user = await host.CallAsync("AdminGetUser", new { UserPoolId = pool, Username = "dave" });
        user["UserStatus"]!.GetValue<string>().ShouldBe("CONFIRMED");
        user["UserAttributes"]!.AsArray().ShouldContain(a => a!["Name"]!.GetValue<string>() == "email_verified" && a["Value"]!.GetValue<string>() == "true");
        (await host.SignInAsync(client, "dave"))["AccessToken"].ShouldNotBeNull();
    }

    [Fact]
    public async Task InitiateAuth_Unconfirmed_ThrowsUserNotConfirmed()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpAsync(client, "erin", "erin@example.com");

        var error = await UserSteps.FailsAsync(() => host.SignInAsync(client, "erin"));

        error.Type.ShouldBe("UserNotConfirmedException");
    }

    [Fact]
    public async Task ConfirmSignUp_WrongCode_ThrowsCodeMismatch_ThenLimitExceeded()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpAsync(client, "frank", "frank@example.com");
        var code = await host.LatestCodeAsync("frank@example.com");
        var wrong = code == "000000" ? "111111" : "000000";

        for (var i = 0; i < VerificationCodes.MaxFailures; i++)
        {
            var error = await UserSteps.FailsAsync(() => host.CallAsync("ConfirmSignUp", new { ClientId = client, Username = "frank", ConfirmationCode = wrong }, sign: false));
            error.Type.ShouldBe("CodeMismatchException");
            error.AwsMessage.ShouldBe("Invalid verification code provided, please try again.");
            error.Status.ShouldBe(400);
        }

        var limited = await UserSteps.FailsAsync(() => host.CallAsync("ConfirmSignUp", new { ClientId = client, Username = "frank", ConfirmationCode = code }, sign: false));
        limited.Type.ShouldBe("LimitExceededException");
        limited.AwsMessage.ShouldBe("Attempt limit exceeded, please try after some time.");
    }

    [Fact]
    public async Task ConfirmSignUp_ReplayedCode_IsRejected()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpAsync(client, "gina", "gina@example.com");
        var code = await host.LatestCodeAsync("gina@example.com");
        await host.CallAsync("ConfirmSignUp", new { ClientId = client, Username = "gina", ConfirmationCode = code }, sign: false);

        var error = await UserSteps.FailsAsync(() => host.CallAsync("ConfirmSignUp", new { ClientId = client, Username = "gina", ConfirmationCode = code }, sign: false));

        error.Type.ShouldBe("NotAuthorizedException");
        error.AwsMessage.ShouldBe("User cannot be confirmed. Current status is CONFIRMED");
    }

    [Fact]
    public async Task ConfirmSignUp_CodeOfAnotherUser_ThrowsCodeMismatch()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpAsync(client, "hank", "hank@example.com");
        await host.SignUpAsync(client, "iris", "iris@example.com");
        var hanks = await host.LatestCodeAsync("hank@example.com");
        var iris = await host.LatestCodeAsync("iris@example.com");
        Assert.SkipWhen(hanks == iris, "the two random codes happen to be equal");

        var error = await UserSteps.FailsAsync(() => host.CallAsync("ConfirmSignUp", new { ClientId = client, Username = "iris", ConfirmationCode = hanks }, sign: false));

        error.Type.ShouldBe("CodeMismatchException");
    }

    [Fact]
    public async Task ConfirmSignUp_ExpiredCode_ThrowsExpiredCode()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        var sub = Guid.Parse((await host.SignUpAsync(client, "jack", "jack@example.com"))["UserSub"]!.GetValue<string>());
        var code = await host.LatestCodeAsync("jack@example.com");
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IVerificationCodeStore>();
            var record = (await store.FindAsync(sub, CodePurpose.SignUp, CancellationToken.None))!;
            record.ExpiresAt.ShouldBe(record.CreatedAt + TimeSpan.FromHours(24));
            record.CodeHash!.Length.ShouldBe(32);
            record.ExpiresAt = record.CreatedAt.AddSeconds(-1);
            await store.SaveAsync(record, CancellationToken.None);
        }

        var error = await UserSteps.FailsAsync(() => host.CallAsync("ConfirmSignUp", new { ClientId = client, Username = "jack", ConfirmationCode = code }, sign: false));

        error.Type.ShouldBe("ExpiredCodeException");
        error.AwsMessage.ShouldBe("Invalid code provided, please request a code again.");
    }

    [Fact]
    public async Task ResendConfirmationCode_NewCodeWorks_OldCodeDoesNot()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpAsync(client, "kate", "kate@example.com");
        var first = await host.LatestCodeAsync("kate@example.com");

        var resent = await host.CallAsync("ResendConfirmationCode", new { ClientId = client, Username = "kate" }, sign: false);
        var second = await host.LatestCodeAsync("kate@example.com");

        resent["CodeDeliveryDetails"]!["Destination"]!.GetValue<string>().ShouldBe("k***@e***");
        (await host.CountMessagesToAsync("kate@example.com")).ShouldBe(2);
        if (first != second)
        {
            (await UserSteps.FailsAsync(() => host.CallAsync("ConfirmSignUp", new { ClientId = client, Username = "kate", ConfirmationCode = first }, sign: false))).Type.ShouldBe("CodeMismatchException");
        }

        await host.CallAsync("ConfirmSignUp", new { ClientId = client, Username = "kate", ConfirmationCode = second }, sign: false);
    }

    [Fact]
    public async Task ResendConfirmationCode_TooOften_ThrowsLimitExceeded()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpAsync(client, "liam", "liam@example.com");
        for (var i = 1; i < VerificationCodes.MaxSends; i++)
        {
            await host.CallAsync("ResendConfirmationCode", new { ClientId = client, Username = "liam" }, sign: false);
        }

        var error = await UserSteps.FailsAsync(() => host.CallAsync("ResendConfirmationCode", new { ClientId = client, Username = "liam" }, sign: false));

        error.Type.ShouldBe("LimitExceededException");
    }

    [Fact]
    public async Task ResendConfirmationCode_ConfirmedUser_ThrowsInvalidParameter()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpConfirmedAsync(client, "mia", "mia@example.com");

        var error = await UserSteps.FailsAsync(() => host.CallAsync("ResendConfirmationCode", new { ClientId = client, Username = "mia" }, sign: false));

        error.Type.ShouldBe("InvalidParameterException");
    }

    [Fact]
    public async Task SignUp_ExistingUsername_ThrowsUsernameExists()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpAsync(client, "nina", "nina@example.com");

        var error = await UserSteps.FailsAsync(() => host.SignUpAsync(client, "nina", "other@example.com"));

        error.Type.ShouldBe("UsernameExistsException");
    }

    [Fact]
    public async Task SignUp_WeakPassword_ThrowsInvalidPassword_AndCreatesNothing()
    {
        var (pool, client) = await host.CreateSignUpPoolAsync();

        var error = await UserSteps.FailsAsync(() => host.SignUpAsync(client, "oscar", "oscar@example.com", "short"));

        error.Type.ShouldBe("InvalidPasswordException");
        (await UserSteps.FailsAsync(() => host.CallAsync("AdminGetUser", new { UserPoolId = pool, Username = "oscar" }))).Type.ShouldBe("UserNotFoundException");
        (await host.CountMessagesToAsync("oscar@example.com")).ShouldBe(0);
    }

    [Fact]
    public async Task SignUp_VerifiedFlagOrUnknownAttribute_IsRejected()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();

        var verified = await UserSteps.FailsAsync(() => host.CallAsync("SignUp", new
        {
            ClientId = client, Username = "pat", Password = UserSteps.Password,
            UserAttributes = new[] { new { Name = "email", Value = "pat@example.com" }, new { Name = "email_verified", Value = "true" } },
        }, sign: false));
        var unknown = await UserSteps.FailsAsync(() => host.CallAsync("SignUp", new
        {
            ClientId = client, Username = "pat", Password = UserSteps.Password,
            UserAttributes = new[] { new { Name = "custom:nope", Value = "x" } },
        }, sign: false));
        var oversized = await UserSteps.FailsAsync(() => host.CallAsync("SignUp", new
        {
            ClientId = client, Username = "pat", Password = UserSteps.Password,
            UserAttributes = new[] { new { Name = "name", Value = new string('x', 2049) } },
        }, sign: false));

        verified.Type.ShouldBe("NotAuthorizedException");
        verified.AwsMessage.ShouldBe("A client attempted to write unauthorized attribute");
        unknown.Type.ShouldBe("InvalidParameterException");
        oversized.Type.ShouldBe("InvalidParameterException");
    }

    [Fact]
    public async Task SignUp_AttributeOutsideClientWriteAttributes_ThrowsNotAuthorized()
    {
        var (_, client) = await host.CreateSignUpPoolAsync(clientExtra: new { WriteAttributes = new[] { "email" } });

        var error = await UserSteps.FailsAsync(() => host.CallAsync("SignUp", new
        {
            ClientId = client, Username = "quinn", Password = UserSteps.Password,
            UserAttributes = new[] { new { Name = "email", Value = "quinn@example.com" }, new { Name = "name", Value = "Quinn" } },
        }, sign: false));

        error.Type.ShouldBe("NotAuthorizedException");
        error.AwsMessage.ShouldBe("A client attempted to write unauthorized attribute");
    }

    [Fact]
    public async Task SignUp_AdminCreateUserOnly_ThrowsNotAuthorized()
    {
        var (_, client) = await host.CreateSignUpPoolAsync(new { AdminCreateUserConfig = new { AllowAdminCreateUserOnly = true } });

        var error = await UserSteps.FailsAsync(() => host.SignUpAsync(client, "ray", "ray@example.com"));

        error.Type.ShouldBe("NotAuthorizedException");
    }

    [Fact]
    public async Task SignUp_UnknownClient_ThrowsResourceNotFound()
    {
        var error = await UserSteps.FailsAsync(() => host.SignUpAsync("nosuchclient1234567890abcd", "sam", "sam@example.com"));

        error.Type.ShouldBe("ResourceNotFoundException");
    }

    [Fact]
    public async Task ConfirmSignUp_UnknownUser_LegacyThrowsUserNotFound()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();

        var error = await UserSteps.FailsAsync(() => host.CallAsync("ConfirmSignUp", new { ClientId = client, Username = "ghost", ConfirmationCode = "123456" }, sign: false));

        error.Type.ShouldBe("UserNotFoundException");
    }

    [Fact]
    public async Task ConfirmSignUp_EmailAlias_ClaimedByAnotherUser_ThrowsAliasExists_UnlessForced()
    {
        var (pool, client) = await host.CreateSignUpPoolAsync(new { AutoVerifiedAttributes = new[] { "email" }, AliasAttributes = new[] { "email" } });
        await host.SignUpConfirmedAsync(client, "first", "shared@example.com");
        await host.SignUpAsync(client, "second", "shared@example.com");
        var code = await host.LatestCodeAsync("shared@example.com");

        var error = await UserSteps.FailsAsync(() => host.CallAsync("ConfirmSignUp", new { ClientId = client, Username = "second", ConfirmationCode = code }, sign: false));
        error.Type.ShouldBe("AliasExistsException");

        await host.CallAsync("ConfirmSignUp", new { ClientId = client, Username = "second", ConfirmationCode = code, ForceAliasCreation = true }, sign: false);
        var first = await host.CallAsync("AdminGetUser", new { UserPoolId = pool, Username = "first" });
        first["UserAttributes"]!.AsArray().ShouldContain(a => a!["Name"]!.GetValue<string>() == "email_verified" && a["Value"]!.GetValue<string>() == "false");
        (await host.SignInAsync(client, "shared@example.com"))["AccessToken"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Codes_AreStoredHashed_NeverInClear()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        var sub = Guid.Parse((await host.SignUpAsync(client, "tom", "tom@example.com"))["UserSub"]!.GetValue<string>());
        var code = await host.LatestCodeAsync("tom@example.com");

        await using var scope = host.Services.CreateAsyncScope();
        var record = (await scope.ServiceProvider.GetRequiredService<IVerificationCodeStore>().FindAsync(sub, CodePurpose.SignUp, CancellationToken.None))!;

        System.Text.Encoding.ASCII.GetString(record.CodeHash!).ShouldNotContain(code);
        record.CodeHash!.ShouldNotBe(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(code)));
    }
}
