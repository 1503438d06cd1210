// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Tessera.Core.Triggers;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.Triggers;

/// <summary>Trigger edge cases in-process, with a scripted Lambda; the real functions run in tests/compat/triggers.</summary>
public sealed class LambdaTriggersTests : IAsyncLifetime
{
    private const string Arn = "arn:aws:lambda:us-east-1:000000000000:function:fn";
    private readonly FakeLambda lambda = new();
    private TesseraHost host = null!;

    public async ValueTask InitializeAsync()
        => host = await TesseraHost.StartAsync(services: s => s.AddSingleton<ILambdaInvoker>(lambda));

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task SignIn_PoolWithoutTriggers_InvokesNothing()
    {
        var (pool, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpConfirmedAsync(client, "quiet", "quiet@example.com");

        var tokens = await host.SignInAsync(client, "quiet");
        await host.RefreshAsync(client, tokens["RefreshToken"]!.GetValue<string>());

        lambda.Events.ShouldBeEmpty();
        pool.ShouldNotBeNull();
    }

    [Fact]
    public async Task SignUp_TriggerButNoLambdaEndpoint_ThrowsUnexpectedLambdaAndStoresNoUser()
    {
        await using var plain = await TesseraHost.StartAsync();
        var (pool, client) = await plain.CreateSignUpPoolAsync(new { LambdaConfig = new { PreSignUp = Arn } });

        var error = await UserSteps.FailsAsync(() => plain.SignUpAsync(client, "early", "early@example.com"));

        error.Type.ShouldBe("UnexpectedLambdaException");
        (await UserSteps.FailsAsync(() => plain.CallAsync("AdminGetUser", new { UserPoolId = pool, Username = "early" }))).Type.ShouldBe("UserNotFoundException");
    }

    [Fact]
    public async Task PreTokenGeneration_ProtectedClaims_StayAsIssued()
    {
        var (pool, client) = await host.CreateSignUpPoolAsync(new { LambdaConfig = new { PreTokenGeneration = Arn }, AutoVerifiedAttributes = new[] { "email" } });
        await host.SignUpConfirmedAsync(client, "guarded", "guarded@example.com");
        lambda.Answer(TriggerNames.PreTokenGeneration, new JsonObject
        {
            ["claimsOverrideDetails"] = new JsonObject
            {
                ["claimsToAddOrOverride"] = new JsonObject { ["sub"] = "forged", ["iss"] = "https://evil", ["token_use"] = "access", ["plan"] = "pro" },
                ["claimsToSuppress"] = new JsonArray("aud", "email"),
            },
        });

        var id = new JsonWebToken((await host.SignInAsync(client, "guarded"))["IdToken"]!.GetValue<string>());

        id.Claims.Single(c => c.Type == "plan").Value.ShouldBe("pro");
        id.Claims.Single(c => c.Type == "sub").Value.ShouldNotBe("forged");
        id.Issuer.ShouldEndWith(pool);
        id.Claims.Single(c => c.Type == "token_use").Value.ShouldBe("id");
        id.Audiences.ShouldBe([client]);
        id.Claims.ShouldNotContain(c => c.Type == "email");
    }

    [Fact]
    public async Task PreSignUp_AutoVerifyEmailWithoutEmail_ThrowsInvalidLambdaResponseAndStoresNoUser()
    {
        var (pool, client) = await host.CreateSignUpPoolAsync(new { LambdaConfig = new { PreSignUp = Arn }, AutoVerifiedAttributes = Array.Empty<string>() });
        lambda.Answer(TriggerNames.PreSignUp, new JsonObject { ["autoConfirmUser"] = true, ["autoVerifyPhone"] = true });

        var error = await UserSteps.FailsAsync(() => host.SignUpAsync(client, "nophone", "nophone@example.com"));

        error.Type.ShouldBe("InvalidLambdaResponseException");
        (await UserSteps.FailsAsync(() => host.CallAsync("AdminGetUser", new { UserPoolId = pool, Username = "nophone" }))).Type.ShouldBe("UserNotFoundException");
    }

    [Fact]
    public async Task UserMigration_PreventUserExistenceErrors_RefusalIsIncorrectCredentials()
    {
        var (_, client) = await host.CreateSignUpPoolAsync(new { LambdaConfig = new { UserMigration = Arn } }, new { PreventUserExistenceErrors = "ENABLED" });
        lambda.Throw(TriggerNames.UserMigration, "Bad password");

        var error = await UserSteps.FailsAsync(() => host.SignInAsync(client, "stranger", "Whatever-1"));

        error.Type.ShouldBe("NotAuthorizedException");
        error.AwsMessage.ShouldBe("Incorrect username or password.");
    }

    [Fact]
    public async Task UserMigration_ResetRequired_StoresTheUserAndAsksForAReset()
    {
        var (pool, client) = await host.CreateSignUpPoolAsync(new { LambdaConfig = new { UserMigration = Arn } });
        lambda.Answer(TriggerNames.UserMigration, new JsonObject
        {
            ["userAttributes"] = new JsonObject { ["email"] = "moved@example.com", ["email_verified"] = "true" },
            ["finalUserStatus"] = "RESET_REQUIRED",
        });

        var error = await UserSteps.FailsAsync(() => host.SignInAsync(client, "moved", "Legacy-Pass-1"));

        error.Type.ShouldBe("PasswordResetRequiredException");
        var user = await host.CallAsync("AdminGetUser", new { UserPoolId = pool, Username = "moved" });
        user["UserStatus"]!.GetValue<string>().ShouldBe("RESET_REQUIRED");
        var migration = lambda.Events.Single(e => e["triggerSource"]!.GetValue<string>() == "UserMigration_Authentication");
        migration["userName"]!.GetValue<string>().ShouldBe("moved");
        migration["request"]!["password"]!.GetValue<string>().ShouldBe("Legacy-Pass-1");
    }

    [Fact]
    public async Task UserMigration_InvalidFinalStatus_ThrowsInvalidLambdaResponseAndStoresNoUser()
    {
        var (pool, client) = await host.CreateSignUpPoolAsync(new { LambdaConfig = new { UserMigration = Arn } });
        lambda.Answer(TriggerNames.UserMigration, new JsonObject { ["finalUserStatus"] = "UNCONFIRMED" });

        (await UserSteps.FailsAsync(() => host.SignInAsync(client, "odd", "Legacy-Pass-1"))).Type.ShouldBe("InvalidLambdaResponseException");
        (await UserSteps.FailsAsync(() => host.CallAsync("AdminGetUser", new { UserPoolId = pool, Username = "odd" }))).Type.ShouldBe("UserNotFoundException");
    }

    [Fact]
    public async Task PreAuthentication_UnknownUserUnderPreventUserExistenceErrors_RunsWithUserNotFoundAndAnswersIncorrectCredentials()
    {
        var (_, client) = await host.CreateSignUpPoolAsync(new { LambdaConfig = new { PreAuthentication = Arn } }, new { PreventUserExistenceErrors = "ENABLED" });

        var error = await UserSteps.FailsAsync(() => host.SignInAsync(client, "nobody", "Whatever-1"));

        error.Type.ShouldBe("NotAuthorizedException");
        error.AwsMessage.ShouldBe("Incorrect username or password.");
        var preAuth = lambda.Events.Single();
        preAuth["triggerSource"]!.GetValue<string>().ShouldBe("PreAuthentication_Authentication");
        preAuth["userName"]!.GetValue<string>().ShouldBe("nobody");
        preAuth["request"]!["userNotFound"]!.GetValue<bool>().ShouldBeTrue();
        preAuth["request"]!["userAttributes"]!.AsObject().ShouldBeEmpty();
    }

    [Fact]
    public async Task PreAuthentication_UnknownUserWithoutPreventUserExistenceErrors_IsNotInvoked()
    {
        var (_, client) = await host.CreateSignUpPoolAsync(new { LambdaConfig = new { PreAuthentication = Arn } }, new { PreventUserExistenceErrors = "LEGACY" });

        (await UserSteps.FailsAsync(() => host.SignInAsync(client, "nobody", "Whatever-1"))).Type.ShouldBe("UserNotFoundException");

        lambda.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task PreAuthentication_KnownUserUnderPreventUserExistenceErrors_SaysUserNotFoundFalse()
    {
        var (_, client) = await host.CreateSignUpPoolAsync(new { LambdaConfig = new { PreAuthentication = Arn }, AutoVerifiedAttributes = new[] { "email" } }, new { PreventUserExistenceErrors = "ENABLED" });
        await host.SignUpConfirmedAsync(client, "known", "known@example.com");

        await host.SignInAsync(client, "known");

        var preAuth = lambda.Events.Single(e => e["triggerSource"]!.GetValue<string>() == "PreAuthentication_Authentication");
        preAuth["request"]!["userNotFound"]!.GetValue<bool>().ShouldBeFalse();
        preAuth["request"]!["userAttributes"]!["email"]!.GetValue<string>().ShouldBe("known@example.com");
    }
}
