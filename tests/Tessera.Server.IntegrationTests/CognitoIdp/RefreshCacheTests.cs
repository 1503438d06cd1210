// SPDX-License-Identifier: Apache-2.0
using Microsoft.IdentityModel.JsonWebTokens;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.CognitoIdp;

/// <summary>
/// REFRESH_TOKEN_AUTH reads the pool and the client from memory (G4); an administrative change must still take effect
/// on the very next refresh, never after the cache's lifetime.
/// </summary>
public sealed class RefreshCacheTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private readonly TesseraHost host = shared.Host;

    [Fact]
    public async Task RefreshTokenAuth_AfterEachAdministrativeChange_TheNextRefreshSeesIt()
    {
        var (pool, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpConfirmedAsync(client, "rita", "rita@example.com");
        var refresh = (await host.SignInAsync(client, "rita"))["RefreshToken"]!.GetValue<string>();
        IdToken(await host.RefreshAsync(client, refresh)).TryGetPayloadValue<string[]>("cognito:groups", out _).ShouldBeFalse();

        // Groups come with the user in the same query: a new membership is in the next ID token.
        await host.CallAsync("CreateGroup", new { UserPoolId = pool, GroupName = "admins", Precedence = 1 });
        await host.CallAsync("AdminAddUserToGroup", new { UserPoolId = pool, Username = "rita", GroupName = "admins" });
        IdToken(await host.RefreshAsync(client, refresh)).GetPayloadValue<string[]>("cognito:groups").ShouldBe(["admins"]);

        // The cached client: a new ID token lifetime applies at once.
        await host.CallAsync("UpdateUserPoolClient", new
        {
            UserPoolId = pool, ClientId = client, ClientName = "web", IdTokenValidity = 7, TokenValidityUnits = new { IdToken = "minutes" },
            ExplicitAuthFlows = new[] { "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH" },
        });
        var id = IdToken(await host.RefreshAsync(client, refresh));
        (id.ValidTo - id.IssuedAt).ShouldBe(TimeSpan.FromMinutes(7));

        // The cached pool: a pool deleted with its clients and sessions refuses the very next refresh.
        await host.CallAsync("DeleteUserPool", new { UserPoolId = pool });
        (await UserSteps.FailsAsync(() => host.RefreshAsync(client, refresh))).Type.ShouldBe("ResourceNotFoundException");
    }

    [Fact]
    public async Task RefreshTokenAuth_AfterTheClientIsDeleted_FailsAtOnce()
    {
        var (pool, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpConfirmedAsync(client, "carl", "carl@example.com");
        var refresh = (await host.SignInAsync(client, "carl"))["RefreshToken"]!.GetValue<string>();
        await host.RefreshAsync(client, refresh);

        await host.CallAsync("DeleteUserPoolClient", new { UserPoolId = pool, ClientId = client });

        (await UserSteps.FailsAsync(() => host.RefreshAsync(client, refresh))).Type.ShouldBe("ResourceNotFoundException");
    }

    private static JsonWebToken IdToken(System.Text.Json.Nodes.JsonObject response)
        => new(response["AuthenticationResult"]!["IdToken"]!.GetValue<string>());
}
