// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Clients;
using Tessera.Core.Groups;
using Tessera.Core.Lifecycle;
using Tessera.Core.Pools;
using Tessera.Core.Tokens;
using Tessera.Core.Users;

namespace Tessera.Storage.Conformance;

/// <summary>IUserPoolStore behaviour every provider must show.</summary>
public abstract class UserPoolStoreConformance<TDatabase>(TDatabase database) : StoreConformance<TDatabase>(database)
    where TDatabase : StoreDatabase
{
    [Fact]
    public async Task AddAsync_ThenFindAsync_RoundTripsSettings()
    {
        var pool = await AddPoolAsync(new UserPoolSettings { MfaConfiguration = "OPTIONAL", AliasAttributes = ["email"] });

        var found = await WithAsync<IUserPoolStore, UserPool?>(s => s.FindAsync(pool.Id, Ct));

        found.ShouldNotBeNull();
        found.Name.ShouldBe("pool");
        found.CreatedAt.ShouldBe(Now);
        found.Settings.MfaConfiguration.ShouldBe("OPTIONAL");
        found.Settings.AliasAttributes.ShouldBe(["email"]);
    }

    [Fact]
    public async Task FindAsync_UnknownId_ReturnsNull()
        => (await WithAsync<IUserPoolStore, UserPool?>(s => s.FindAsync(NewPoolId(), Ct))).ShouldBeNull();

    [Fact]
    public async Task UpdateAsync_ChangesNameAndSettings()
    {
        var pool = await AddPoolAsync();
        pool.Name = "renamed";
        pool.Settings = pool.Settings with { MfaConfiguration = "ON" };
        pool.UpdatedAt = Now.AddMinutes(5);

        await WithAsync<IUserPoolStore>(s => s.UpdateAsync(pool, Ct));
        var found = await WithAsync<IUserPoolStore, UserPool?>(s => s.FindAsync(pool.Id, Ct));

        found!.Name.ShouldBe("renamed");
        found.Settings.MfaConfiguration.ShouldBe("ON");
        found.UpdatedAt.ShouldBe(Now.AddMinutes(5));
    }

    [Fact]
    public async Task ListAsync_PagesInIdOrderWithoutGapsOrRepeats()
    {
        // Ids share a prefix no other test uses, so paging from the prefix sees only these.
        var prefix = "eu-west-1_" + Guid.NewGuid().ToString("N")[..6];
        var ids = Enumerable.Range(0, 7).Select(i => $"{prefix}{i:x}z").ToList();
        foreach (var id in ids.OrderBy(_ => Guid.NewGuid()))
        {
            await AddPoolAsync(id: id);
        }

        var seen = new List<string>();
        string? after = prefix;
        while (true)
        {
            var page = await WithAsync<IUserPoolStore, IReadOnlyList<UserPool>>(s => s.ListAsync(after, 3, Ct));
            var ours = page.Where(p => p.Id.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            seen.AddRange(ours.Select(p => p.Id));
            if (page.Count < 3 || ours.Count < page.Count)
            {
                break;
            }

            after = page[^1].Id;
        }

        seen.ShouldBe(ids);
    }

    [Fact]
    public async Task CountUsersAsync_CountsOnlyThatPool()
    {
        var pool = await AddPoolAsync();
        var other = await AddPoolAsync();
        await AddUserAsync(pool.Id, "a");
        await AddUserAsync(pool.Id, "b");
        await AddUserAsync(other.Id, "a");

        (await WithAsync<IUserPoolStore, int>(s => s.CountUsersAsync(pool.Id, Ct))).ShouldBe(2);
    }

    [Fact]
    public async Task DeleteAsync_UnknownPool_ReturnsFalse()
        => (await WithAsync<IUserPoolStore, bool>(s => s.DeleteAsync(NewPoolId(), Ct))).ShouldBeFalse();

    [Fact]
    public async Task DeleteAsync_RemovesEverythingInThePoolAndNothingElse()
    {
        var doomed = await SeedPoolAsync();
        var kept = await SeedPoolAsync();

        (await WithAsync<IUserPoolStore, bool>(s => s.DeleteAsync(doomed, Ct))).ShouldBeTrue();

        (await CountRowsAsync(doomed)).ShouldBe(new RowCounts(0, 0, 0, 0, 0, 0, 0, 0, 0));
        (await CountRowsAsync(kept)).ShouldBe(new RowCounts(1, 1, 2, 1, 2, 2, 4, 1, 1));
        (await WithAsync<IUserPoolStore, UserPool?>(s => s.FindAsync(doomed, Ct))).ShouldBeNull();
    }

    private async Task<string> SeedPoolAsync()
    {
        var pool = await AddPoolAsync();
        var client = await AddClientAsync(pool.Id);
        var alice = await AddUserAsync(pool.Id, "alice", ("email", "alice@example.com"));
        var bob = await AddUserAsync(pool.Id, "bob");
        await WithAsync<IGroupStore>(async s =>
        {
            await s.TryAddAsync(new Group { PoolId = pool.Id, GroupName = "admins", CreatedAt = Now, UpdatedAt = Now }, Ct);
            await s.AddMemberAsync(pool.Id, "admins", alice.Id, Ct);
            await s.AddMemberAsync(pool.Id, "admins", bob.Id, Ct);
        });
        await WithAsync<IRefreshTokenStore>(async s =>
        {
            foreach (var user in new[] { alice, bob })
            {
                await s.AddAsync(new RefreshTokenRecord
                {
                    Id = Guid.NewGuid(),
                    TokenHash = Guid.NewGuid().ToByteArray(),
                    PoolId = pool.Id,
                    ClientId = client.ClientId,
                    UserId = user.Id,
                    OriginJti = Guid.NewGuid(),
                    AuthTime = Now,
                    CreatedAt = Now,
                    ExpiresAt = Now.AddDays(30),
                }, Ct);
            }
        });
        await WithAsync<ISigningKeyStore>(async s =>
        {
            foreach (var purpose in new[] { SigningKeyPurpose.Id, SigningKeyPurpose.Access })
            {
                foreach (var status in new[] { SigningKeyStatus.Active, SigningKeyStatus.Next })
                {
                    await s.AddAsync(new SigningKey
                    {
                        Kid = Guid.NewGuid().ToString("N"),
                        PoolId = pool.Id,
                        Purpose = purpose,
                        Status = status,
                        PrivateKeyCiphertext = [1, 2, 3],
                        CreatedAt = Now,
                    }, Ct);
                }
            }
        });
        await WithAsync<IVerificationCodeStore>(s => s.SaveAsync(VerificationCodes.New(pool.Id, alice.Id), Ct));
        await WithAsync<IInboxStore>(s => s.AddAsync(VerificationCodes.NewMessage(pool.Id), Ct));
        return pool.Id;
    }

    private async Task<RowCounts> CountRowsAsync(string poolId)
    {
        await using var scope = Database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TesseraDbContext>();
        return new RowCounts(
            await db.UserPools.CountAsync(p => p.Id == poolId, Ct),
            await db.AppClients.CountAsync(c => c.PoolId == poolId, Ct),
            await db.Users.CountAsync(u => u.PoolId == poolId, Ct),
            await db.Groups.CountAsync(g => g.PoolId == poolId, Ct),
            await db.GroupMemberships.CountAsync(m => m.PoolId == poolId, Ct),
            await db.RefreshTokens.CountAsync(t => t.PoolId == poolId, Ct),
            await db.SigningKeys.CountAsync(k => k.PoolId == poolId, Ct),
            await db.VerificationCodes.CountAsync(c => c.PoolId == poolId, Ct),
            await db.InboxMessages.CountAsync(m => m.PoolId == poolId, Ct));
    }

    private sealed record RowCounts(int Pools, int Clients, int Users, int Groups, int Memberships, int RefreshTokens, int SigningKeys, int Codes, int InboxMessages);
}
