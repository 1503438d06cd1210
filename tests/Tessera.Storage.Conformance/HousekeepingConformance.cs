// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tessera.Core.Lifecycle;
using Tessera.Core.OAuth;
using Tessera.Core.Sessions;
using Tessera.Core.Tokens;

namespace Tessera.Storage.Conformance;

/// <summary>
/// Housekeeping (the Core rule over this provider's deletes) with a clock the test moves: nothing goes while it can
/// still be used, everything goes once it cannot, in batches, and two nodes purging at once delete each row once.
/// </summary>
public abstract class HousekeepingConformance<TDatabase>(TDatabase database) : StoreConformance<TDatabase>(database)
    where TDatabase : StoreDatabase
{
    private readonly FakeTimeProvider clock = new(Now);

    private static readonly HousekeepingOptions Settings = new() { Retention = TimeSpan.FromHours(1), BatchSize = 2, InboxMessagesPerPool = 3 };

    private async Task<HousekeepingResult> RunAsync()
    {
        await using var scope = Database.Services.CreateAsyncScope();
        return await new Housekeeping(scope.ServiceProvider.GetRequiredService<IHousekeepingStore>(), Options.Create(Settings), clock).RunOnceAsync(Ct);
    }

    private static UserSession Session(string poolId, string clientId, Guid userId, DateTimeOffset expiresAt, SessionKind kind = SessionKind.Tokens) => new()
    {
        Id = Guid.NewGuid(), PoolId = poolId, UserId = userId, ClientId = clientId, Kind = kind, CreatedAt = Now, ExpiresAt = expiresAt,
    };

    private static AuthorizationCode Code(string poolId, string clientId, Guid userId) => new()
    {
        CodeHash = Guid.NewGuid().ToByteArray(), PoolId = poolId, ClientId = clientId, UserId = userId, RedirectUri = "https://app/cb", Scopes = "openid",
        AuthTime = Now, OriginJti = Guid.NewGuid(), CreatedAt = Now, ExpiresAt = Now.AddMinutes(5),
    };

    private Task<bool> ExistsAsync(RefreshTokenRecord token)
        => WithAsync<IRefreshTokenStore, bool>(async s => await s.FindByHashAsync(token.TokenHash, Ct) is not null);

    private Task<bool> ExistsAsync(UserSession session)
        => WithAsync<ISessionStore, bool>(async s => await s.FindAsync(session.Id, Ct) is not null);

    [Fact]
    public async Task RunOnceAsync_RemovesEachKindOnlyOnceItCannotBeUsed_PlusTheRetention()
    {
        var pool = await AddPoolAsync();
        var client = await AddClientAsync(pool.Id);
        var user = await AddUserAsync(pool.Id, "alice");
        var live = Session(pool.Id, client.ClientId, user.Id, Now.AddDays(30));
        var revoked = Session(pool.Id, client.ClientId, user.Id, Now.AddDays(30));
        var browser = Session(pool.Id, client.ClientId, user.Id, Now.AddHours(1), SessionKind.HostedUi);
        var liveToken = RefreshTokens.NewToken(pool.Id, client.ClientId, user.Id, originJti: live.Id);
        var expiringToken = RefreshTokens.NewToken(pool.Id, client.ClientId, user.Id, originJti: live.Id);
        expiringToken.ExpiresAt = Now.AddHours(1);
        var revokedToken = RefreshTokens.NewToken(pool.Id, client.ClientId, user.Id, originJti: revoked.Id);
        var orphanToken = RefreshTokens.NewToken(pool.Id, client.ClientId, user.Id);
        var usedCode = Code(pool.Id, client.ClientId, user.Id);
        await WithAsync<ISessionStore>(async s =>
        {
            foreach (var session in new[] { live, revoked, browser })
            {
                await s.AddAsync(session, Ct);
            }

            await s.RevokeAsync(revoked.Id, Now, SessionEndReason.GlobalSignOut, Ct);
        });
        await WithAsync<IRefreshTokenStore>(async s =>
        {
            foreach (var token in new[] { liveToken, expiringToken, revokedToken, orphanToken })
            {
                await s.AddAsync(token, Ct);
            }
        });
        await WithAsync<IAuthorizationCodeStore>(async s =>
        {
            await s.AddAsync(usedCode, Ct);
            await s.TryConsumeAsync(usedCode.CodeHash, Now, Ct);
        });
        await WithAsync<IInboxStore>(async s =>
        {
            for (var i = 0; i < 5; i++)
            {
                await s.AddAsync(new InboxMessage { SentAt = Now, PoolId = pool.Id, Username = "alice", Medium = "EMAIL", Destination = "a@example.com", Body = $"m{i}", Purpose = "SignUp" }, Ct);
            }
        });

        // At once: only what no one can use at all, a refresh token whose session is gone, and the inbox beyond its bound.
        (await RunAsync()).ShouldBe(new HousekeepingResult(1, 0, 0, 2));
        (await WithAsync<IInboxStore, IReadOnlyList<InboxMessage>>(s => s.ListAsync(pool.Id, 10, Ct))).Select(m => m.Body).ShouldBe(["m4", "m3", "m2"]);

        // Revoked and used things are kept for the retention, so a late caller still hears why.
        clock.SetUtcNow(Now.AddMinutes(59));
        (await RunAsync()).Total.ShouldBe(0);

        clock.SetUtcNow(Now.AddHours(1).AddMinutes(1));
        (await RunAsync()).ShouldBe(new HousekeepingResult(1, 1, 0, 0));
        (await ExistsAsync(revokedToken)).ShouldBeFalse();
        (await ExistsAsync(revoked)).ShouldBeFalse();
        (await WithAsync<IAuthorizationCodeStore, AuthorizationCode?>(s => s.FindAsync(usedCode.CodeHash, Ct))).ShouldNotBeNull();

        clock.SetUtcNow(Now.AddHours(2).AddMinutes(1));
        (await RunAsync()).ShouldBe(new HousekeepingResult(1, 0, 1, 0));
        (await ExistsAsync(expiringToken)).ShouldBeFalse();

        // A session never revoked is kept until no access or ID token issued before its end can still be valid.
        clock.SetUtcNow(Now.AddDays(1).AddHours(2).AddMinutes(-1));
        (await RunAsync()).Total.ShouldBe(0);
        clock.SetUtcNow(Now.AddDays(1).AddHours(2).AddMinutes(1));
        (await RunAsync()).ShouldBe(new HousekeepingResult(0, 1, 0, 0));
        (await ExistsAsync(browser)).ShouldBeFalse();

        (await ExistsAsync(live)).ShouldBeTrue();
        (await ExistsAsync(liveToken)).ShouldBeTrue();
    }

    [Fact]
    public async Task RunOnceAsync_OnTwoNodesAtOnce_RemovesEveryRowOnce_InBatches()
    {
        var pool = await AddPoolAsync();
        var client = await AddClientAsync(pool.Id);
        var user = await AddUserAsync(pool.Id, "bob");
        var sessions = Enumerable.Range(0, 25).Select(_ => Session(pool.Id, client.ClientId, user.Id, Now.AddDays(30))).ToList();
        await WithAsync<ISessionStore>(async s =>
        {
            foreach (var session in sessions)
            {
                await s.AddAsync(session, Ct);
            }

            await s.RevokeForUserAsync(pool.Id, user.Id, null, Now, SessionEndReason.UserDisabled, Ct);
        });
        clock.SetUtcNow(Now.AddHours(2));

        var results = await Task.WhenAll(RunAsync(), RunAsync());

        results.Sum(r => r.Sessions).ShouldBe(25);
        foreach (var session in sessions)
        {
            (await ExistsAsync(session)).ShouldBeFalse();
        }
    }
}
