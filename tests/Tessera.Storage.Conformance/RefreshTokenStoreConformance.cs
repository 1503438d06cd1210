// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Groups;
using Tessera.Core.Sessions;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Storage.Conformance;

public static class RefreshTokens
{
    public static RefreshTokenRecord NewToken(string poolId, string clientId, Guid userId, byte[]? hash = null, Guid? originJti = null) => new()
    {
        Id = Guid.NewGuid(),
        TokenHash = hash ?? Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray(),
        PoolId = poolId,
        ClientId = clientId,
        UserId = userId,
        OriginJti = originJti ?? Guid.NewGuid(),
        AuthTime = StoreConformance.Now,
        CreatedAt = StoreConformance.Now,
        ExpiresAt = StoreConformance.Now.AddDays(30),
        Scopes = "openid aws.cognito.signin.user.admin",
    };
}

/// <summary>IRefreshTokenStore behaviour every provider must show.</summary>
public abstract class RefreshTokenStoreConformance<TDatabase>(TDatabase database) : StoreConformance<TDatabase>(database)
    where TDatabase : StoreDatabase
{
    private async Task<(string PoolId, string ClientId, Guid UserId)> SeedAsync()
    {
        var pool = await AddPoolAsync();
        var client = await AddClientAsync(pool.Id);
        var user = await AddUserAsync(pool.Id, "alice");
        return (pool.Id, client.ClientId, user.Id);
    }

    [Fact]
    public async Task AddAsync_ThenFindByHashAsync_RoundTrips()
    {
        var (pool, client, user) = await SeedAsync();
        var token = RefreshTokens.NewToken(pool, client, user);

        await WithAsync<IRefreshTokenStore>(s => s.AddAsync(token, Ct));
        var found = await WithAsync<IRefreshTokenStore, RefreshTokenRecord?>(s => s.FindByHashAsync(token.TokenHash.ToArray(), Ct));

        found.ShouldNotBeNull();
        found.Id.ShouldBe(token.Id);
        found.PoolId.ShouldBe(pool);
        found.ClientId.ShouldBe(client);
        found.UserId.ShouldBe(user);
        found.OriginJti.ShouldBe(token.OriginJti);
        found.AuthTime.ShouldBe(Now);
        found.ExpiresAt.ShouldBe(Now.AddDays(30));
        found.RevokedAt.ShouldBeNull();
        found.RotatedAt.ShouldBeNull();
        found.Scopes.ShouldBe("openid aws.cognito.signin.user.admin");
    }

    [Fact]
    public async Task FindByHashAsync_UnknownHash_ReturnsNull()
        => (await WithAsync<IRefreshTokenStore, RefreshTokenRecord?>(s => s.FindByHashAsync([1, 2, 3], Ct))).ShouldBeNull();

    [Fact]
    public async Task RevokeAsync_MarksOnlyThatToken_AndKeepsTheFirstInstant()
    {
        var (pool, client, user) = await SeedAsync();
        var token = RefreshTokens.NewToken(pool, client, user);
        var other = RefreshTokens.NewToken(pool, client, user);
        await WithAsync<IRefreshTokenStore>(async s =>
        {
            await s.AddAsync(token, Ct);
            await s.AddAsync(other, Ct);
        });

        await WithAsync<IRefreshTokenStore>(s => s.RevokeAsync(token.Id, Now.AddHours(1), Ct));
        await WithAsync<IRefreshTokenStore>(s => s.RevokeAsync(token.Id, Now.AddHours(2), Ct));

        (await WithAsync<IRefreshTokenStore, RefreshTokenRecord?>(s => s.FindByHashAsync(token.TokenHash, Ct)))!.RevokedAt.ShouldBe(Now.AddHours(1));
        (await WithAsync<IRefreshTokenStore, RefreshTokenRecord?>(s => s.FindByHashAsync(other.TokenHash, Ct)))!.RevokedAt.ShouldBeNull();
    }

    [Fact]
    public async Task TryMarkRotatedAsync_OnlyTheFirstCallerMarksTheToken_AndItsInstantIsKept()
    {
        var (pool, client, user) = await SeedAsync();
        var token = RefreshTokens.NewToken(pool, client, user);
        await WithAsync<IRefreshTokenStore>(s => s.AddAsync(token, Ct));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            WithAsync<IRefreshTokenStore, bool>(s => s.TryMarkRotatedAsync(token.Id, Now.AddMinutes(i + 1), Ct))));

        results.Count(r => r).ShouldBe(1);
        var rotatedAt = (await WithAsync<IRefreshTokenStore, RefreshTokenRecord?>(s => s.FindByHashAsync(token.TokenHash, Ct)))!.RotatedAt;
        rotatedAt.ShouldNotBeNull();
        (await WithAsync<IRefreshTokenStore, bool>(s => s.TryMarkRotatedAsync(token.Id, Now.AddDays(1), Ct))).ShouldBeFalse();
        (await WithAsync<IRefreshTokenStore, RefreshTokenRecord?>(s => s.FindByHashAsync(token.TokenHash, Ct)))!.RotatedAt.ShouldBe(rotatedAt);
    }

    private static UserSession NewSession(string poolId, string clientId, Guid userId) => new()
    {
        Id = Guid.NewGuid(),
        PoolId = poolId,
        UserId = userId,
        ClientId = clientId,
        Kind = SessionKind.Tokens,
        CreatedAt = Now,
        ExpiresAt = Now.AddDays(30),
    };

    [Fact]
    public async Task FindWithContextByHashAsync_ReadsTheTokenItsSessionAndItsUserWithGroupsInTokenOrder_AsStoredNow()
    {
        var (pool, client, user) = await SeedAsync();
        var bob = await AddUserAsync(pool, "bob");
        await WithAsync<IGroupStore>(async s =>
        {
            foreach (var (name, precedence) in new[] { ("beta", (int?)null), ("zeta", 2), ("omega", 1), ("other", null) })
            {
                await s.TryAddAsync(new Group { PoolId = pool, GroupName = name, Precedence = precedence, CreatedAt = Now, UpdatedAt = Now }, Ct);
            }

            foreach (var name in new[] { "beta", "zeta", "omega" })
            {
                await s.AddMemberAsync(pool, name, user, Ct);
            }

            await s.AddMemberAsync(pool, "other", bob.Id, Ct);
        });
        var session = NewSession(pool, client, user);
        var token = RefreshTokens.NewToken(pool, client, user, originJti: session.Id);
        await WithAsync<IRefreshTokenStore>(s => s.AddWithSessionAsync(token, session, Ct));

        var found = await WithAsync<IRefreshTokenStore, RefreshTokenContext?>(s => s.FindWithContextByHashAsync(token.TokenHash, Ct));

        found.ShouldNotBeNull();
        found.Token.Id.ShouldBe(token.Id);
        found.Token.OriginJti.ShouldBe(session.Id);
        found.Session.ShouldNotBeNull().Id.ShouldBe(session.Id);
        found.Session.RevokedAt.ShouldBeNull();
        found.User.ShouldNotBeNull().User.Username.ShouldBe("alice");
        found.User.Groups.Select(g => g.GroupName).ShouldBe(["omega", "zeta", "beta"]);

        // Never cached: a revocation written since is what the next read sees.
        await WithAsync<ISessionStore>(s => s.RevokeAsync(session.Id, Now.AddMinutes(1), SessionEndReason.GlobalSignOut, Ct));
        var again = await WithAsync<IRefreshTokenStore, RefreshTokenContext?>(s => s.FindWithContextByHashAsync(token.TokenHash, Ct));
        again!.Session!.RevokedAt.ShouldBe(Now.AddMinutes(1));
    }

    [Fact]
    public async Task FindWithContextByHashAsync_SessionGoneOrUserUngrouped_ReadsNullAndNoGroups_UnknownHash_ReturnsNull()
    {
        var (pool, client, user) = await SeedAsync();
        var token = RefreshTokens.NewToken(pool, client, user);
        await WithAsync<IRefreshTokenStore>(s => s.AddAsync(token, Ct));

        var found = await WithAsync<IRefreshTokenStore, RefreshTokenContext?>(s => s.FindWithContextByHashAsync(token.TokenHash, Ct));

        found.ShouldNotBeNull();
        found.Session.ShouldBeNull();
        found.User.ShouldNotBeNull().Groups.ShouldBeEmpty();
        (await WithAsync<IRefreshTokenStore, RefreshTokenContext?>(s => s.FindWithContextByHashAsync([1, 2, 3], Ct))).ShouldBeNull();
    }

    [Fact]
    public async Task AddWithSessionAsync_TokenRefused_StoresNeitherRow()
    {
        var (pool, client, user) = await SeedAsync();
        var first = RefreshTokens.NewToken(pool, client, user);
        await WithAsync<IRefreshTokenStore>(s => s.AddAsync(first, Ct));
        var session = NewSession(pool, client, user);
        var clash = RefreshTokens.NewToken(pool, client, user, originJti: session.Id);
        clash.Id = first.Id;

        await Should.ThrowAsync<Exception>(() => WithAsync<IRefreshTokenStore>(s => s.AddWithSessionAsync(clash, session, Ct)));

        (await WithAsync<ISessionStore, UserSession?>(s => s.FindAsync(session.Id, Ct))).ShouldBeNull();
    }

    [Fact]
    public async Task DeletingAUser_RemovesItsTokens()
    {
        var (pool, client, user) = await SeedAsync();
        var token = RefreshTokens.NewToken(pool, client, user);
        await WithAsync<IRefreshTokenStore>(s => s.AddAsync(token, Ct));

        await WithAsync<IUserStore>(s => s.DeleteAsync(pool, user, Ct));

        (await WithAsync<IRefreshTokenStore, RefreshTokenRecord?>(s => s.FindByHashAsync(token.TokenHash, Ct))).ShouldBeNull();
    }
}
