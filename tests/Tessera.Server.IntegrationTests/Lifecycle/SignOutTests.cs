// SPDX-License-Identifier: Apache-2.0
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.Lifecycle;

public sealed class SignOutTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly TesseraHost host = fixture.Host;

    private async Task AssertRevokedAsync(string client, string access, string refresh)
    {
        var getUser = await UserSteps.FailsAsync(() => host.CallAsync("GetUser", new { AccessToken = access }, sign: false));
        getUser.Type.ShouldBe("NotAuthorizedException");
        getUser.AwsMessage.ShouldBe("Access Token has been revoked");
        var change = await UserSteps.FailsAsync(() => host.CallAsync("ChangePassword", new { AccessToken = access, PreviousPassword = UserSteps.Password, ProposedPassword = "New-Pass-2" }, sign: false));
        change.AwsMessage.ShouldBe("Access Token has been revoked");
        var refreshed = await UserSteps.FailsAsync(() => host.RefreshAsync(client, refresh));
        refreshed.Type.ShouldBe("NotAuthorizedException");
        refreshed.AwsMessage.ShouldBe("Refresh Token has been revoked");
    }

    [Fact]
    public async Task GlobalSignOut_RevokesEverySession()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpConfirmedAsync(client, "alice", "alice@example.com");
        var one = await host.SignInAsync(client, "alice");
        var two = await host.SignInAsync(client, "alice");

        await host.CallAsync("GlobalSignOut", new { AccessToken = one["AccessToken"]!.GetValue<string>() }, sign: false);

        await AssertRevokedAsync(client, one["AccessToken"]!.GetValue<string>(), one["RefreshToken"]!.GetValue<string>());
        await AssertRevokedAsync(client, two["AccessToken"]!.GetValue<string>(), two["RefreshToken"]!.GetValue<string>());
        // A later sign-in works again (the sign-out instant is in whole seconds, as a token's iat).
        await Task.Delay(1100, TestContext.Current.CancellationToken);
        var fresh = await host.SignInAsync(client, "alice");
        (await host.CallAsync("GetUser", new { AccessToken = fresh["AccessToken"]!.GetValue<string>() }, sign: false))["Username"]!.GetValue<string>().ShouldBe("alice");
    }

    [Fact]
    public async Task AdminUserGlobalSignOut_RevokesEverySession()
    {
        var (pool, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpConfirmedAsync(client, "bob", "bob@example.com");
        var tokens = await host.SignInAsync(client, "bob");

        await host.CallAsync("AdminUserGlobalSignOut", new { UserPoolId = pool, Username = "bob" });

        await AssertRevokedAsync(client, tokens["AccessToken"]!.GetValue<string>(), tokens["RefreshToken"]!.GetValue<string>());
        (await UserSteps.FailsAsync(() => host.CallAsync("AdminUserGlobalSignOut", new { UserPoolId = pool, Username = "ghost" }))).Type.ShouldBe("UserNotFoundException");
    }

    [Fact]
    public async Task RevokeToken_RevokesThatSessionOnly()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpConfirmedAsync(client, "carol", "carol@example.com");
        var one = await host.SignInAsync(client, "carol");
        var two = await host.SignInAsync(client, "carol");
        var refreshedAccess = (await host.RefreshAsync(client, one["RefreshToken"]!.GetValue<string>()))["AuthenticationResult"]!["AccessToken"]!.GetValue<string>();

        await host.CallAsync("RevokeToken", new { Token = one["RefreshToken"]!.GetValue<string>(), ClientId = client }, sign: false);

        await AssertRevokedAsync(client, one["AccessToken"]!.GetValue<string>(), one["RefreshToken"]!.GetValue<string>());
        (await UserSteps.FailsAsync(() => host.CallAsync("GetUser", new { AccessToken = refreshedAccess }, sign: false))).AwsMessage.ShouldBe("Access Token has been revoked");
        (await host.CallAsync("GetUser", new { AccessToken = two["AccessToken"]!.GetValue<string>() }, sign: false))["Username"]!.GetValue<string>().ShouldBe("carol");
        (await host.RefreshAsync(client, two["RefreshToken"]!.GetValue<string>()))["AuthenticationResult"].ShouldNotBeNull();
    }

    [Fact]
    public async Task RevokeToken_AccessToken_ThrowsUnsupportedTokenType()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpConfirmedAsync(client, "dan", "dan@example.com");
        var tokens = await host.SignInAsync(client, "dan");

        var error = await UserSteps.FailsAsync(() => host.CallAsync("RevokeToken", new { Token = tokens["AccessToken"]!.GetValue<string>(), ClientId = client }, sign: false));

        error.Type.ShouldBe("UnsupportedTokenTypeException");
    }

    [Fact]
    public async Task RevokeToken_SecretClient_RequiresTheSecret()
    {
        var pool = await host.CreatePoolAsync(new { AutoVerifiedAttributes = new[] { "email" } });
        var (client, secret) = await host.CreateClientAsync(pool, secret: true);
        var (publicClient, _) = await host.CreateClientAsync(pool);
        await host.CreateConfirmedUserAsync(pool, publicClient, "eve", UserSteps.Password);
        var tokens = await host.CallAsync("AdminInitiateAuth", new
        {
            UserPoolId = pool, ClientId = client, AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "eve", ["PASSWORD"] = UserSteps.Password, ["SECRET_HASH"] = Tessera.Core.Auth.SecretHash.Compute(secret!, "eve", client) },
        });
        var refresh = tokens["AuthenticationResult"]!["RefreshToken"]!.GetValue<string>();

        (await UserSteps.FailsAsync(() => host.CallAsync("RevokeToken", new { Token = refresh, ClientId = client }, sign: false))).Type.ShouldBe("UnauthorizedException");
        (await UserSteps.FailsAsync(() => host.CallAsync("RevokeToken", new { Token = refresh, ClientId = client, ClientSecret = "wrongsecretwrongsecretwrongsecret" }, sign: false))).Type.ShouldBe("UnauthorizedException");
        await host.CallAsync("RevokeToken", new { Token = refresh, ClientId = client, ClientSecret = secret }, sign: false);

        var error = await UserSteps.FailsAsync(() => host.CallAsync("AdminInitiateAuth", new
        {
            UserPoolId = pool, ClientId = client, AuthFlow = "REFRESH_TOKEN_AUTH",
            AuthParameters = new Dictionary<string, string> { ["REFRESH_TOKEN"] = refresh, ["SECRET_HASH"] = Tessera.Core.Auth.SecretHash.Compute(secret!, "eve", client) },
        }));
        error.AwsMessage.ShouldBe("Refresh Token has been revoked");
    }

    [Fact]
    public async Task RevokeToken_OtherClientsToken_IsRefused_AndStaysValid()
    {
        var (pool, client) = await host.CreateSignUpPoolAsync();
        var (other, _) = await host.CreateClientAsync(pool);
        await host.SignUpConfirmedAsync(client, "fay", "fay@example.com");
        var tokens = await host.SignInAsync(client, "fay");

        var error = await UserSteps.FailsAsync(() => host.CallAsync("RevokeToken", new { Token = tokens["RefreshToken"]!.GetValue<string>(), ClientId = other }, sign: false));

        error.Type.ShouldBe("UnauthorizedException");
        (await host.RefreshAsync(client, tokens["RefreshToken"]!.GetValue<string>()))["AuthenticationResult"].ShouldNotBeNull();
    }

    [Fact]
    public async Task RevokeToken_UnknownToken_Succeeds()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();

        await host.CallAsync("RevokeToken", new { Token = "unknown-opaque-token", ClientId = client }, sign: false);
    }

    [Fact]
    public async Task RevokeToken_RevocationDisabled_ThrowsUnsupportedOperation()
    {
        var (_, client) = await host.CreateSignUpPoolAsync(clientExtra: new { EnableTokenRevocation = false });
        await host.SignUpConfirmedAsync(client, "gil", "gil@example.com");
        var tokens = await host.SignInAsync(client, "gil");

        var error = await UserSteps.FailsAsync(() => host.CallAsync("RevokeToken", new { Token = tokens["RefreshToken"]!.GetValue<string>(), ClientId = client }, sign: false));

        error.Type.ShouldBe("UnsupportedOperationException");
    }
}
