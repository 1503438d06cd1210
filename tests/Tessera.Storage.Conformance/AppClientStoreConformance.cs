// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Clients;
using Tessera.Core.Tokens;

namespace Tessera.Storage.Conformance;

/// <summary>IAppClientStore behaviour every provider must show.</summary>
public abstract class AppClientStoreConformance<TDatabase>(TDatabase database) : StoreConformance<TDatabase>(database)
    where TDatabase : StoreDatabase
{
    [Fact]
    public async Task AddAsync_ThenFindAsync_RoundTripsSecretAndSettings()
    {
        var pool = await AddPoolAsync();
        var clientId = "roundtrip" + Guid.NewGuid().ToString("N")[..10];
        var client = new AppClient
        {
            ClientId = clientId,
            PoolId = pool.Id,
            ClientName = "web",
            Secrets = [new ClientSecret { Id = clientId + "--1", ClientId = clientId, Ciphertext = [1, 2, 3, 250], Hash = [9, 8, 7], CreatedAt = Now }],
            CreatedAt = Now,
            UpdatedAt = Now,
            Settings = new AppClientSettings { ExplicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH"], RefreshTokenValidity = 7 },
        };

        await WithAsync<IAppClientStore>(s => s.AddAsync(client, Ct));
        var found = await WithAsync<IAppClientStore, AppClient?>(s => s.FindAsync(client.ClientId, Ct));

        found.ShouldNotBeNull();
        found.PoolId.ShouldBe(pool.Id);
        found.ClientName.ShouldBe("web");
        var secret = found.Secrets.ShouldHaveSingleItem();
        secret.Id.ShouldBe(clientId + "--1");
        secret.Ciphertext.ShouldBe(new byte[] { 1, 2, 3, 250 });
        secret.Hash.ShouldBe(new byte[] { 9, 8, 7 });
        secret.CreatedAt.ShouldBe(Now);
        found.HasSecret.ShouldBeTrue();
        found.CreatedAt.ShouldBe(Now);
        found.Settings.ExplicitAuthFlows.ShouldBe(["ALLOW_USER_PASSWORD_AUTH"]);
        found.Settings.RefreshTokenValidity.ShouldBe(7);
    }

    [Fact]
    public async Task AddSecretAsync_DeleteSecretAsync_ChangeOnlyTheSecrets()
    {
        var pool = await AddPoolAsync();
        var client = await AddClientAsync(pool.Id);
        var second = new ClientSecret { Id = client.ClientId + "--2", ClientId = client.ClientId, Ciphertext = [4], Hash = [5], CreatedAt = Now.AddSeconds(1) };

        await WithAsync<IAppClientStore>(s => s.AddSecretAsync(second, Ct));
        client.ClientName = "renamed";
        await WithAsync<IAppClientStore>(s => s.UpdateAsync(client, Ct));
        var found = await WithAsync<IAppClientStore, AppClient?>(s => s.FindAsync(client.ClientId, Ct));

        found!.ClientName.ShouldBe("renamed");
        found.Secrets.Select(s => s.Id).ShouldBe([second.Id]);
        (await WithAsync<IAppClientStore, bool>(s => s.DeleteSecretAsync(client.ClientId, second.Id, Ct))).ShouldBeTrue();
        (await WithAsync<IAppClientStore, bool>(s => s.DeleteSecretAsync(client.ClientId, second.Id, Ct))).ShouldBeFalse();
        (await WithAsync<IAppClientStore, AppClient?>(s => s.FindAsync(client.ClientId, Ct)))!.HasSecret.ShouldBeFalse();
    }

    [Fact]
    public async Task FindAsync_UnknownId_ReturnsNull()
        => (await WithAsync<IAppClientStore, AppClient?>(s => s.FindAsync("nope", Ct))).ShouldBeNull();

    [Fact]
    public async Task UpdateAsync_ChangesNameAndSettings()
    {
        var pool = await AddPoolAsync();
        var client = await AddClientAsync(pool.Id);
        client.ClientName = "renamed";
        client.Settings = client.Settings with { AccessTokenValidity = 5 };

        await WithAsync<IAppClientStore>(s => s.UpdateAsync(client, Ct));
        var found = await WithAsync<IAppClientStore, AppClient?>(s => s.FindAsync(client.ClientId, Ct));

        found!.ClientName.ShouldBe("renamed");
        found.Settings.AccessTokenValidity.ShouldBe(5);
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheClientAndItsRefreshTokens()
    {
        var pool = await AddPoolAsync();
        var client = await AddClientAsync(pool.Id);
        var other = await AddClientAsync(pool.Id);
        var user = await AddUserAsync(pool.Id, "alice");
        var hash = Guid.NewGuid().ToByteArray();
        var otherHash = Guid.NewGuid().ToByteArray();
        await WithAsync<IRefreshTokenStore>(async s =>
        {
            await s.AddAsync(RefreshTokens.NewToken(pool.Id, client.ClientId, user.Id, hash), Ct);
            await s.AddAsync(RefreshTokens.NewToken(pool.Id, other.ClientId, user.Id, otherHash), Ct);
        });

        (await WithAsync<IAppClientStore, bool>(s => s.DeleteAsync(client.ClientId, Ct))).ShouldBeTrue();

        (await WithAsync<IAppClientStore, AppClient?>(s => s.FindAsync(client.ClientId, Ct))).ShouldBeNull();
        (await WithAsync<IRefreshTokenStore, RefreshTokenRecord?>(s => s.FindByHashAsync(hash, Ct))).ShouldBeNull();
        (await WithAsync<IRefreshTokenStore, RefreshTokenRecord?>(s => s.FindByHashAsync(otherHash, Ct))).ShouldNotBeNull();
        (await WithAsync<IAppClientStore, bool>(s => s.DeleteAsync(client.ClientId, Ct))).ShouldBeFalse();
    }

    [Fact]
    public async Task ListAsync_PagesThroughOnePoolsClientsInIdOrder()
    {
        var pool = await AddPoolAsync();
        var other = await AddPoolAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await AddClientAsync(pool.Id)).ClientId);
        }

        await AddClientAsync(other.Id);

        var seen = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await WithAsync<IAppClientStore, IReadOnlyList<AppClient>>(s => s.ListAsync(pool.Id, after, 2, Ct));
            seen.AddRange(page.Select(c => c.ClientId));
            if (page.Count < 2)
            {
                break;
            }

            after = page[^1].ClientId;
        }

        seen.ShouldBe(ids.Order(StringComparer.Ordinal).ToList());
    }
}
