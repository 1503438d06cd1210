// SPDX-License-Identifier: Apache-2.0
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.Lifecycle;

public sealed class LifecycleStoryTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly TesseraHost host = fixture.Host;

    [Fact]
    public async Task WholeLife_SignUpToGlobalSignOut_OldTokensRejected()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();

        // Sign up, read the code from the inbox, confirm.
        await host.SignUpAsync(client, "story", "story@example.com");
        var signUpCode = await host.LatestCodeAsync("story@example.com");
        await host.CallAsync("ConfirmSignUp", new { ClientId = client, Username = "story", ConfirmationCode = signUpCode }, sign: false);

        // Sign in, change the password.
        var first = await host.SignInAsync(client, "story");
        await host.CallAsync("ChangePassword", new { AccessToken = first["AccessToken"]!.GetValue<string>(), PreviousPassword = UserSteps.Password, ProposedPassword = "Changed-Pass-2" }, sign: false);
        var second = await host.SignInAsync(client, "story", "Changed-Pass-2");

        // Forget it, reset it with the emailed code.
        await host.CallAsync("ForgotPassword", new { ClientId = client, Username = "story" }, sign: false);
        var resetCode = await host.LatestCodeAsync("story@example.com");
        await host.CallAsync("ConfirmForgotPassword", new { ClientId = client, Username = "story", ConfirmationCode = resetCode, Password = "Reset-Pass-3" }, sign: false);
        (await UserSteps.FailsAsync(() => host.SignInAsync(client, "story", "Changed-Pass-2"))).Type.ShouldBe("NotAuthorizedException");
        var third = await host.SignInAsync(client, "story", "Reset-Pass-3");

        // Sign out everywhere: every earlier refresh and access token is refused.
        await host.CallAsync("GlobalSignOut", new { AccessToken = third["AccessToken"]!.GetValue<string>() }, sign: false);
        foreach (var tokens in new[] { first, second, third })
        {
            var refresh = await UserSteps.FailsAsync(() => host.RefreshAsync(client, tokens["RefreshToken"]!.GetValue<string>()));
            refresh.AwsMessage.ShouldBe("Refresh Token has been revoked");
            var access = await UserSteps.FailsAsync(() => host.CallAsync("GetUser", new { AccessToken = tokens["AccessToken"]!.GetValue<string>() }, sign: false));
            access.Type.ShouldBe("NotAuthorizedException");
            access.AwsMessage.ShouldBe("Access Token has been revoked");
        }
    }
}
