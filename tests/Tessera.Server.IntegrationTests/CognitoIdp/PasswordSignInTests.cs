// SPDX-License-Identifier: Apache-2.0
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.CognitoIdp;

public sealed class PasswordSignInTests : IAsyncLifetime
{
    private TesseraHost host = null!;

    public async ValueTask InitializeAsync() => host = await TesseraHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task InitiateAuth_ConfirmedUser_ReturnsTokensThatGetUserAccepts()
    {
        var pool = await host.CreatePoolAsync();
        var (client, _) = await host.CreateClientAsync(pool);
        await host.CreateConfirmedUserAsync(pool, client, "alice", "Perm-Pass-1", ("email", "alice@example.com"));

        var result = await host.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId = client,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "alice", ["PASSWORD"] = "Perm-Pass-1" },
        }, sign: false);

        var tokens = result["AuthenticationResult"]!;
        tokens["TokenType"]!.GetValue<string>().ShouldBe("Bearer");
        tokens["ExpiresIn"]!.GetValue<int>().ShouldBe(3600);
        var user = await host.CallAsync("GetUser", new { AccessToken = tokens["AccessToken"]!.GetValue<string>() }, sign: false);
        user["Username"]!.GetValue<string>().ShouldBe("alice");
    }

    [Fact]
    public async Task InitiateAuth_WrongPassword_ThrowsNotAuthorized()
    {
        var pool = await host.CreatePoolAsync();
        var (client, _) = await host.CreateClientAsync(pool);
        await host.CreateConfirmedUserAsync(pool, client, "bob", "Perm-Pass-1");

        var error = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId = client,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "bob", ["PASSWORD"] = "nope" },
        }, sign: false));

        error.Type.ShouldBe("NotAuthorizedException");
        error.AwsMessage.ShouldBe("Incorrect username or password.");
    }
}
