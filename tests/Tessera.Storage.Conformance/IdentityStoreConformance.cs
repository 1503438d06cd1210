// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Identity;

namespace Tessera.Storage.Conformance;

/// <summary>IIdentityPoolStore and IIdentityStore behaviour every provider must show.</summary>
public abstract class IdentityStoreConformance<TDatabase>(TDatabase database) : StoreConformance<TDatabase>(database)
    where TDatabase : StoreDatabase
{
    [Fact]
    public async Task AddAsync_ThenFindAsync_RoundTripsSettings()
    {
        var pool = await AddIdentityPoolAsync();
        var found = await WithAsync<IIdentityPoolStore, IdentityPool?>(s => s.FindAsync(pool.Id, Ct));

        found.ShouldNotBeNull();
        found.AllowClassicFlow.ShouldBeNull();
        found.Settings.CognitoIdentityProviders!.Single().ClientId.ShouldBe("client1");
        found.Settings.Roles!["authenticated"].ShouldBe("arn:aws:iam::000000000000:role/reader");
        found.Settings.RoleMappings!["p"].RulesConfiguration!.Rules.Single().MatchType.ShouldBe("Contains");
        found.CreatedAt.ShouldBe(Now);
    }

    [Fact]
    public async Task TryLinkAsync_LoginLinkedAlready_ReturnsFalseAndKeepsTheFirstOwner()
    {
        var pool = await AddIdentityPoolAsync();
        var first = await AddIdentityAsync(pool.Id, "sub-1");
        var second = await AddIdentityAsync(pool.Id, "sub-2");

        (await WithAsync<IIdentityStore, bool>(s => s.TryLinkAsync(Login(pool.Id, "sub-1", second.Id), Ct))).ShouldBeFalse();
        (await WithAsync<IIdentityStore, IdentityLogin?>(s => s.FindLoginAsync(pool.Id, "provider", "sub-1", Ct)))!.IdentityId.ShouldBe(first.Id);
    }

    [Fact]
    public async Task TryAddAsync_WithALoginLinkedElsewhere_AddsNothing()
    {
        var pool = await AddIdentityPoolAsync();
        await AddIdentityAsync(pool.Id, "sub-1");
        var loser = NewIdentity(pool.Id);

        (await WithAsync<IIdentityStore, bool>(s => s.TryAddAsync(loser, [Login(pool.Id, "sub-1", loser.Id)], Ct))).ShouldBeFalse();
        (await WithAsync<IIdentityStore, IdentityRecord?>(s => s.FindAsync(loser.Id, Ct))).ShouldBeNull();
    }

    [Fact]
    public async Task MergeAsync_MovesLoginsAndDeletesTheMergedIdentity()
    {
        var pool = await AddIdentityPoolAsync();
        var keep = await AddIdentityAsync(pool.Id, "sub-1");
        var merged = await AddIdentityAsync(pool.Id, "sub-2");

        await WithAsync<IIdentityStore>(s => s.MergeAsync(merged.Id, keep.Id, Ct));

        (await WithAsync<IIdentityStore, IReadOnlyList<IdentityLogin>>(s => s.LoginsAsync(keep.Id, Ct))).Select(l => l.Subject).Order().ShouldBe(["sub-1", "sub-2"]);
        (await WithAsync<IIdentityStore, IdentityRecord?>(s => s.FindAsync(merged.Id, Ct))).ShouldBeNull();
    }

    [Fact]
    public async Task ListAsync_PagesInIdOrderWithLogins()
    {
        var pool = await AddIdentityPoolAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await AddIdentityAsync(pool.Id, $"sub-{i}")).Id);
        }

        ids.Sort(StringComparer.Ordinal);
        var first = await WithAsync<IIdentityStore, IReadOnlyList<(IdentityRecord Identity, IReadOnlyList<IdentityLogin> Logins)>>(s => s.ListAsync(pool.Id, null, 2, Ct));
        var rest = await WithAsync<IIdentityStore, IReadOnlyList<(IdentityRecord Identity, IReadOnlyList<IdentityLogin> Logins)>>(s => s.ListAsync(pool.Id, first[^1].Identity.Id, 2, Ct));

        first.Concat(rest).Select(p => p.Identity.Id).ShouldBe(ids);
        first.ShouldAllBe(p => p.Logins.Count == 1);
    }

    [Fact]
    public async Task DeleteAsync_Pool_DeletesItsIdentitiesAndLogins()
    {
        var pool = await AddIdentityPoolAsync();
        var identity = await AddIdentityAsync(pool.Id, "sub-1");

        (await WithAsync<IIdentityPoolStore, bool>(s => s.DeleteAsync(pool.Id, Ct))).ShouldBeTrue();

        (await WithAsync<IIdentityStore, IdentityRecord?>(s => s.FindAsync(identity.Id, Ct))).ShouldBeNull();
        (await WithAsync<IIdentityStore, IdentityLogin?>(s => s.FindLoginAsync(pool.Id, "provider", "sub-1", Ct))).ShouldBeNull();
        (await WithAsync<IIdentityPoolStore, bool>(s => s.DeleteAsync(pool.Id, Ct))).ShouldBeFalse();
    }

    private async Task<IdentityPool> AddIdentityPoolAsync()
    {
        var pool = new IdentityPool
        {
            Id = "us-east-1:" + Guid.NewGuid(),
            Name = "pool",
            CreatedAt = Now,
            UpdatedAt = Now,
            Settings = new IdentityPoolSettings
            {
                CognitoIdentityProviders = [new CognitoIdentityProvider { ProviderName = "cognito-idp.us-east-1.amazonaws.com/us-east-1_abc", ClientId = "client1", ServerSideTokenCheck = true }],
                Roles = new() { ["authenticated"] = "arn:aws:iam::000000000000:role/reader" },
                RoleMappings = new()
                {
                    ["p"] = new RoleMapping
                    {
                        Type = "Rules",
                        AmbiguousRoleResolution = "Deny",
                        RulesConfiguration = new RulesConfigurationType { Rules = [new MappingRule { Claim = "c", MatchType = "Contains", Value = "v", RoleARN = "arn:aws:iam::000000000000:role/x" }] },
                    },
                },
            },
        };
        await WithAsync<IIdentityPoolStore>(s => s.AddAsync(pool, Ct));
        return pool;
    }

    private async Task<IdentityRecord> AddIdentityAsync(string poolId, string subject)
    {
        var identity = NewIdentity(poolId);
        (await WithAsync<IIdentityStore, bool>(s => s.TryAddAsync(identity, [Login(poolId, subject, identity.Id)], Ct))).ShouldBeTrue();
        return identity;
    }

    private static IdentityRecord NewIdentity(string poolId) => new() { Id = "us-east-1:" + Guid.NewGuid(), PoolId = poolId, CreatedAt = Now, UpdatedAt = Now };

    private static IdentityLogin Login(string poolId, string subject, string identityId)
        => new() { PoolId = poolId, ProviderName = "provider", Subject = subject, IdentityId = identityId, LinkedAt = Now };
}
