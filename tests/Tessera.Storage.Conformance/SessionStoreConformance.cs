// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Sessions;
using Tessera.Core.Users;

namespace Tessera.Storage.Conformance;

/// <summary>ISessionStore behaviour every provider must show.</summary>
public abstract class SessionStoreConformance<TDatabase>(TDatabase database) : StoreConformance<TDatabase>(database)
    where TDatabase : StoreDatabase
{
    private static UserSession NewSession(string poolId, string clientId, Guid userId, SessionKind kind = SessionKind.Tokens) => new()
    {
        Id = Guid.NewGuid(),
        PoolId = poolId,
        UserId = userId,
        ClientId = clientId,
        Kind = kind,
        CreatedAt = Now,
        ExpiresAt = Now.AddDays(30),
    };

    private async Task<(string PoolId, string ClientId, Guid UserId)> SeedAsync()
    {
        var pool = await AddPoolAsync();
        var client = await AddClientAsync(pool.Id);
        var user = await AddUserAsync(pool.Id, "alice");
        return (pool.Id, client.ClientId, user.Id);
    }

    [Fact]
    public async Task AddAsync_ThenFindAsync_RoundTrips()
    {
        var (pool, client, user) = await SeedAsync();
        var session = NewSession(pool, client, user, SessionKind.HostedUi);

        await WithAsync<ISessionStore>(s => s.AddAsync(session, Ct));
        var found = await WithAsync<ISessionStore, UserSession?>(s => s.FindAsync(session.Id, Ct));

        found.ShouldNotBeNull();
        found.PoolId.ShouldBe(pool);
        found.UserId.ShouldBe(user);
        found.ClientId.ShouldBe(client);
        found.Kind.ShouldBe(SessionKind.HostedUi);
        found.CreatedAt.ShouldBe(Now);
        found.ExpiresAt.ShouldBe(Now.AddDays(30));
        found.RevokedAt.ShouldBeNull();
        found.RevokedReason.ShouldBeNull();
        (await WithAsync<ISessionStore, UserSession?>(s => s.FindAsync(Guid.NewGuid(), Ct))).ShouldBeNull();
    }

    [Fact]
    public async Task RevokeAsync_EndsOnlyThatSession_AndKeepsTheFirstInstantAndReason()
    {
        var (pool, client, user) = await SeedAsync();
        var session = NewSession(pool, client, user);
        var other = NewSession(pool, client, user);
        await WithAsync<ISessionStore>(async s =>
        {
            await s.AddAsync(session, Ct);
            await s.AddAsync(other, Ct);
        });

        (await WithAsync<ISessionStore, bool>(s => s.RevokeAsync(session.Id, Now.AddMinutes(1), SessionEndReason.Logout, Ct))).ShouldBeTrue();
        (await WithAsync<ISessionStore, bool>(s => s.RevokeAsync(session.Id, Now.AddMinutes(2), SessionEndReason.GlobalSignOut, Ct))).ShouldBeFalse();
        (await WithAsync<ISessionStore, bool>(s => s.RevokeAsync(Guid.NewGuid(), Now, SessionEndReason.Logout, Ct))).ShouldBeFalse();

        var found = await WithAsync<ISessionStore, UserSession?>(s => s.FindAsync(session.Id, Ct));
        found!.RevokedAt.ShouldBe(Now.AddMinutes(1));
        found.RevokedReason.ShouldBe(SessionEndReason.Logout);
        (await WithAsync<ISessionStore, UserSession?>(s => s.FindAsync(other.Id, Ct)))!.RevokedAt.ShouldBeNull();
    }

    [Fact]
    public async Task RevokeForUserAsync_EndsThatUsersLiveSessionsOfTheKind()
    {
        var (pool, client, user) = await SeedAsync();
        var bob = await AddUserAsync(pool, "bob");
        var tokens = NewSession(pool, client, user);
        var browser = NewSession(pool, client, user, SessionKind.HostedUi);
        var ended = NewSession(pool, client, user, SessionKind.HostedUi);
        var bobs = NewSession(pool, client, bob.Id, SessionKind.HostedUi);
        await WithAsync<ISessionStore>(async s =>
        {
            foreach (var session in new[] { tokens, browser, ended, bobs })
            {
                await s.AddAsync(session, Ct);
            }

            await s.RevokeAsync(ended.Id, Now, SessionEndReason.Logout, Ct);
        });

        (await WithAsync<ISessionStore, int>(s => s.RevokeForUserAsync(pool, user, SessionKind.HostedUi, Now.AddMinutes(1), SessionEndReason.PasswordChange, Ct))).ShouldBe(1);
        (await WithAsync<ISessionStore, UserSession?>(s => s.FindAsync(tokens.Id, Ct)))!.RevokedAt.ShouldBeNull();
        (await WithAsync<ISessionStore, UserSession?>(s => s.FindAsync(browser.Id, Ct)))!.RevokedReason.ShouldBe(SessionEndReason.PasswordChange);
        (await WithAsync<ISessionStore, UserSession?>(s => s.FindAsync(ended.Id, Ct)))!.RevokedReason.ShouldBe(SessionEndReason.Logout);

        (await WithAsync<ISessionStore, int>(s => s.RevokeForUserAsync(pool, user, null, Now.AddMinutes(2), SessionEndReason.GlobalSignOut, Ct))).ShouldBe(1);
        (await WithAsync<ISessionStore, UserSession?>(s => s.FindAsync(tokens.Id, Ct)))!.RevokedAt.ShouldBe(Now.AddMinutes(2));
        (await WithAsync<ISessionStore, UserSession?>(s => s.FindAsync(bobs.Id, Ct)))!.RevokedAt.ShouldBeNull();
    }

    [Fact]
    public async Task DeletingAUser_RemovesItsSessions()
    {
        var (pool, client, user) = await SeedAsync();
        var session = NewSession(pool, client, user);
        await WithAsync<ISessionStore>(s => s.AddAsync(session, Ct));

        await WithAsync<IUserStore>(s => s.DeleteAsync(pool, user, Ct));

        (await WithAsync<ISessionStore, UserSession?>(s => s.FindAsync(session.Id, Ct))).ShouldBeNull();
    }
}
