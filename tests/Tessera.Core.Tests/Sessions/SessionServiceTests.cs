// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Lifecycle;
using Tessera.Core.Pools;
using Tessera.Core.Sessions;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Sessions;

/// <summary>
/// The session rule: a token or hosted-UI cookie is honoured while its session row is unrevoked, and each sign-out,
/// password event or disable ends exactly the sessions it should. The clock never moves between a sign-out and the
/// sign-in after it: the rule must not depend on timestamps.
/// </summary>
public sealed class SessionServiceTests : IAsyncLifetime
{
    private CoreFixture core = null!;
    private UserPool pool = null!;
    private AppClient client = null!;
    private User user = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SessionService Sessions => core.Get<SessionService>();

    public async ValueTask InitializeAsync()
    {
        core = await CoreFixture.CreateAsync();
        pool = await core.AddPoolAsync(signingKeys: true);
        client = await core.AddClientAsync(pool);
        user = await core.AddUserAsync(pool, "alice");
    }

    public async ValueTask DisposeAsync() => await core.DisposeAsync();

    private async Task<IssuedTokens> SignInAsync()
    {
        var outcome = await core.Get<AuthService>().InitiateAsync(new AuthRequest("USER_PASSWORD_AUTH", client.ClientId,
            new Dictionary<string, string> { ["USERNAME"] = "alice", ["PASSWORD"] = CoreFixture.Password }, null, null), Ct);
        return outcome.Tokens.ShouldNotBeNull();
    }

    private Task<AuthOutcome> RefreshAsync(string refreshToken) => core.Get<AuthService>().InitiateAsync(new AuthRequest("REFRESH_TOKEN_AUTH", client.ClientId,
        new Dictionary<string, string> { ["REFRESH_TOKEN"] = refreshToken }, null, null), Ct);

    private static async Task<string> RefusedAsync(Func<Task> call) => (await Should.ThrowAsync<CognitoException>(call)).Message;

    [Fact]
    public async Task GlobalSignOut_ThenSignInAtTheSameInstant_NewTokensWork_OldOnesAreRefused()
    {
        var before = await SignInAsync();
        (await core.Get<AccessTokenValidator>().ValidateAsync(before.AccessToken, Ct)).User.Id.ShouldBe(user.Id);

        for (var i = 0; i < 3; i++)
        {
            await core.Get<SessionRevocation>().SignOutEverywhereAsync(await core.ReloadAsync(user), Ct);
            var after = await SignInAsync();

            (await RefusedAsync(() => core.Get<AccessTokenValidator>().ValidateAsync(before.AccessToken, Ct))).ShouldBe("Access Token has been revoked");
            (await RefusedAsync(() => RefreshAsync(before.RefreshToken!))).ShouldBe("Refresh Token has been revoked");
            (await core.Get<AccessTokenValidator>().ValidateAsync(after.AccessToken, Ct)).User.Id.ShouldBe(user.Id);
            var refreshed = (await RefreshAsync(after.RefreshToken!)).Tokens.ShouldNotBeNull();
            (await core.Get<AccessTokenValidator>().ValidateAsync(refreshed.AccessToken, Ct)).User.Id.ShouldBe(user.Id);
            before = after;
        }
    }

    [Fact]
    public void Live_OnlyTheNamedUnrevokedSessionOfThatUser()
    {
        var session = Sessions.Begin(user, client.ClientId, SessionKind.Tokens, TimeSpan.FromDays(1));
        var otherUser = new User { Id = Guid.NewGuid(), PoolId = user.PoolId, Username = "bob", NormalizedUsername = "bob" };

        SessionService.Live(session, session.Id, user).ShouldBeSameAs(session);
        SessionService.Live(null, session.Id, user).ShouldBeNull();
        SessionService.Live(session, Guid.NewGuid(), user).ShouldBeNull();
        SessionService.Live(session, Guid.Empty, user).ShouldBeNull();
        SessionService.Live(session, session.Id, otherUser).ShouldBeNull();
        session.RevokedAt = core.Time.GetUtcNow();
        SessionService.Live(session, session.Id, user).ShouldBeNull();
    }

    [Fact]
    public async Task RevokeToken_EndsOnlyThatSession()
    {
        var revoked = await SignInAsync();
        var kept = await SignInAsync();

        await core.Get<SessionRevocation>().RevokeTokenAsync(revoked.RefreshToken!, client.ClientId, null, Ct);

        (await RefusedAsync(() => core.Get<AccessTokenValidator>().ValidateAsync(revoked.AccessToken, Ct))).ShouldBe("Access Token has been revoked");
        (await core.Get<AccessTokenValidator>().ValidateAsync(kept.AccessToken, Ct)).User.Id.ShouldBe(user.Id);
    }

    [Fact]
    public async Task HostedUiSession_IsResumedUntilEnded_AndLogoutLeavesTokenSessions()
    {
        var tokens = await SignInAsync();
        var browser = await Sessions.StartAsync(user, client.ClientId, SessionKind.HostedUi, SessionService.HostedUiLifetime, id: null, Ct);
        (await Sessions.ResumeHostedUiAsync(pool.Id, browser.Id, user.Id, Ct)).ShouldNotBeNull();

        await Sessions.EndAsync(browser.Id, SessionEndReason.Logout, Ct);

        (await Sessions.ResumeHostedUiAsync(pool.Id, browser.Id, user.Id, Ct)).ShouldBeNull();
        (await core.Get<AccessTokenValidator>().ValidateAsync(tokens.AccessToken, Ct)).User.Id.ShouldBe(user.Id);
    }

    [Fact]
    public async Task PasswordEvents_EndHostedUiSessions_AndKeepTokens()
    {
        var tokens = await SignInAsync();
        var changed = await Sessions.StartAsync(user, client.ClientId, SessionKind.HostedUi, SessionService.HostedUiLifetime, id: null, Ct);
        await core.Get<SelfService>().ChangePasswordAsync(tokens.AccessToken, CoreFixture.Password, "Next-Pass-2", Ct);
        (await Sessions.ResumeHostedUiAsync(pool.Id, changed.Id, user.Id, Ct)).ShouldBeNull();

        var set = await Sessions.StartAsync(user, client.ClientId, SessionKind.HostedUi, SessionService.HostedUiLifetime, id: null, Ct);
        await core.Get<UserMaintenance>().SetPasswordAsync(pool.Id, "alice", "Third-Pass-3", permanent: true, Ct);
        (await Sessions.ResumeHostedUiAsync(pool.Id, set.Id, user.Id, Ct)).ShouldBeNull();

        var reset = await Sessions.StartAsync(user, client.ClientId, SessionKind.HostedUi, SessionService.HostedUiLifetime, id: null, Ct);
        await core.Get<AccountService>().AdminResetUserPasswordAsync(pool.Id, "alice", Ct);
        (await Sessions.ResumeHostedUiAsync(pool.Id, reset.Id, user.Id, Ct)).ShouldBeNull();

        // Cognito documents no token revocation for these operations.
        (await core.Get<AccessTokenValidator>().ValidateAsync(tokens.AccessToken, Ct)).User.Id.ShouldBe(user.Id);
    }

    [Fact]
    public async Task DisableUser_EndsEverySession_AndEnablingDoesNotBringThemBack()
    {
        var tokens = await SignInAsync();
        var browser = await Sessions.StartAsync(user, client.ClientId, SessionKind.HostedUi, SessionService.HostedUiLifetime, id: null, Ct);

        await core.Get<UserMaintenance>().SetEnabledAsync(pool.Id, "alice", enabled: false, Ct);
        await core.Get<UserMaintenance>().SetEnabledAsync(pool.Id, "alice", enabled: true, Ct);

        (await RefusedAsync(() => core.Get<AccessTokenValidator>().ValidateAsync(tokens.AccessToken, Ct))).ShouldBe("Access Token has been revoked");
        (await RefusedAsync(() => RefreshAsync(tokens.RefreshToken!))).ShouldBe("Refresh Token has been revoked");
        (await Sessions.ResumeHostedUiAsync(pool.Id, browser.Id, user.Id, Ct)).ShouldBeNull();
        var again = await SignInAsync();
        (await core.Get<AccessTokenValidator>().ValidateAsync(again.AccessToken, Ct)).User.Id.ShouldBe(user.Id);
    }

    [Fact]
    public async Task IsLiveAsync_UnknownEmptyOrAnotherUsersSession_IsNotLive()
    {
        var bob = await core.AddUserAsync(pool, "bob");
        var bobs = await Sessions.StartAsync(bob, client.ClientId, SessionKind.Tokens, TimeSpan.FromDays(30), id: null, Ct);

        (await Sessions.IsLiveAsync(bobs.Id, bob, Ct)).ShouldBeTrue();
        (await Sessions.IsLiveAsync(bobs.Id, user, Ct)).ShouldBeFalse();
        (await Sessions.IsLiveAsync(Guid.NewGuid(), user, Ct)).ShouldBeFalse();
        (await Sessions.IsLiveAsync(Guid.Empty, user, Ct)).ShouldBeFalse();
        (await Sessions.ResumeHostedUiAsync(pool.Id, bobs.Id, user.Id, Ct)).ShouldBeNull();
    }
}
