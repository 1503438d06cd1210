// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.Lifecycle;

/// <summary>
/// Cognito's brute-force protection: after five failed sign-ins the user is locked out for 1 second, doubling with
/// each further failure up to about 15 minutes; attempts during a lockout answer "Password attempts exceeded".
/// </summary>
public sealed class SignInLockoutTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly TesseraHost host = fixture.Host;

    [Fact]
    public async Task InitiateAuth_FiveFailures_LocksOut_ThenUnlocksAfterTheLockout()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpConfirmedAsync(client, "alice", "alice@example.com");
        for (var i = 0; i < 5; i++)
        {
            (await UserSteps.FailsAsync(() => host.SignInAsync(client, "alice", "Wrong-Pass-9"))).AwsMessage.ShouldBe("Incorrect username or password.");
        }

        var locked = await UserSteps.FailsAsync(() => host.SignInAsync(client, "alice"));
        locked.Type.ShouldBe("NotAuthorizedException");
        locked.AwsMessage.ShouldBe("Password attempts exceeded");

        await Task.Delay(1200, TestContext.Current.CancellationToken);
        (await host.SignInAsync(client, "alice"))["AccessToken"].ShouldNotBeNull();
    }

    [Fact]
    public async Task InitiateAuth_LockoutDoubles_AndIsStoredOnTheUser()
    {
        var (pool, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpConfirmedAsync(client, "bob", "bob@example.com");
        for (var i = 0; i < 5; i++)
        {
            await UserSteps.FailsAsync(() => host.SignInAsync(client, "bob", "Wrong-Pass-9"));
        }

        await Task.Delay(1100, TestContext.Current.CancellationToken);
        (await UserSteps.FailsAsync(() => host.SignInAsync(client, "bob", "Wrong-Pass-9"))).AwsMessage.ShouldBe("Incorrect username or password.");

        await using var scope = host.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<Tessera.Core.Users.UserDirectory>();
        var user = await directory.GetAsync(await directory.GetPoolAsync(pool, CancellationToken.None), "bob", CancellationToken.None);
        user.FailedSignInCount.ShouldBe(6);
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        (user.LockedUntil!.Value - time).TotalSeconds.ShouldBeInRange(1.0, 2.1);
        (await UserSteps.FailsAsync(() => host.SignInAsync(client, "bob"))).AwsMessage.ShouldBe("Password attempts exceeded");
    }

    [Fact]
    public async Task InitiateAuth_SuccessResetsTheCount()
    {
        var (_, client) = await host.CreateSignUpPoolAsync();
        await host.SignUpConfirmedAsync(client, "carol", "carol@example.com");
        for (var i = 0; i < 4; i++)
        {
            await UserSteps.FailsAsync(() => host.SignInAsync(client, "carol", "Wrong-Pass-9"));
        }

        await host.SignInAsync(client, "carol");
        for (var i = 0; i < 4; i++)
        {
            (await UserSteps.FailsAsync(() => host.SignInAsync(client, "carol", "Wrong-Pass-9"))).AwsMessage.ShouldBe("Incorrect username or password.");
        }

        (await host.SignInAsync(client, "carol"))["AccessToken"].ShouldNotBeNull();
    }
}
