// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.HostedUi;
using Tessera.Core.OAuth;
using Tessera.Core.ResourceServers;
using Tessera.Core.Tokens;

namespace Tessera.Storage.Conformance;

/// <summary>The hosted-UI and OAuth stores: domains, UI customizations, resource servers, authorization codes.</summary>
public abstract class HostedUiStoreConformance<TDatabase>(TDatabase database) : StoreConformance<TDatabase>(database)
    where TDatabase : StoreDatabase
{
    [Fact]
    public async Task Domain_TryAddTwice_SecondFails_AndListsForItsPool()
    {
        var pool = await AddPoolAsync();
        var name = "d" + Guid.NewGuid().ToString("N")[..12];
        var domain = new UserPoolDomain { Domain = name, PoolId = pool.Id, CreatedAt = Now, UpdatedAt = Now };

        (await WithAsync<IUserPoolDomainStore, bool>(s => s.TryAddAsync(domain, Ct))).ShouldBeTrue();
        (await WithAsync<IUserPoolDomainStore, bool>(s => s.TryAddAsync(new UserPoolDomain { Domain = name, PoolId = pool.Id }, Ct))).ShouldBeFalse();

        var listed = await WithAsync<IUserPoolDomainStore, IReadOnlyList<UserPoolDomain>>(s => s.ListForPoolAsync(pool.Id, Ct));
        listed.Single().Domain.ShouldBe(name);
        (await WithAsync<IUserPoolDomainStore, bool>(s => s.DeleteAsync(name, Ct))).ShouldBeTrue();
        (await WithAsync<IUserPoolDomainStore, UserPoolDomain?>(s => s.FindAsync(name, Ct))).ShouldBeNull();
    }

    [Fact]
    public async Task UiCustomization_SaveTwice_ReplacesTheFirst()
    {
        var pool = await AddPoolAsync();
        await WithAsync<IUiCustomizationStore>(s => s.SaveAsync(new UiCustomization { PoolId = pool.Id, ClientId = "ALL", Css = "a", Version = 1, CreatedAt = Now, UpdatedAt = Now }, Ct));
        await WithAsync<IUiCustomizationStore>(s => s.SaveAsync(new UiCustomization { PoolId = pool.Id, ClientId = "ALL", Css = "b", Image = [1, 2], Version = 2, CreatedAt = Now, UpdatedAt = Now }, Ct));

        var found = await WithAsync<IUiCustomizationStore, UiCustomization?>(s => s.FindAsync(pool.Id, "ALL", Ct));
        found.ShouldNotBeNull();
        found.Css.ShouldBe("b");
        found.Image.ShouldBe(new byte[] { 1, 2 });
        found.Version.ShouldBe(2);
    }

    [Fact]
    public async Task ResourceServer_Scopes_RoundTripAndListInOrder()
    {
        var pool = await AddPoolAsync();
        foreach (var id in new[] { "b-api", "a-api" })
        {
            (await WithAsync<IResourceServerStore, bool>(s => s.TryAddAsync(new ResourceServer { PoolId = pool.Id, Identifier = id, Name = id, Scopes = [new("read", "Read")] }, Ct))).ShouldBeTrue();
        }

        (await WithAsync<IResourceServerStore, bool>(s => s.TryAddAsync(new ResourceServer { PoolId = pool.Id, Identifier = "a-api", Name = "x" }, Ct))).ShouldBeFalse();
        var listed = await WithAsync<IResourceServerStore, IReadOnlyList<ResourceServer>>(s => s.ListAsync(pool.Id, null, 10, Ct));
        listed.Select(r => r.Identifier).ShouldBe(["a-api", "b-api"]);
        listed[0].Scopes.Single().ScopeName.ShouldBe("read");
        (await WithAsync<IResourceServerStore, IReadOnlyList<ResourceServer>>(s => s.ListAsync(pool.Id, "a-api", 10, Ct))).Single().Identifier.ShouldBe("b-api");
    }

    [Fact]
    public async Task AuthorizationCode_IsConsumedOnce()
    {
        var pool = await AddPoolAsync();
        var client = await AddClientAsync(pool.Id);
        var user = await AddUserAsync(pool.Id, "alice");
        var session = Guid.NewGuid();
        var code = new AuthorizationCode
        {
            CodeHash = Guid.NewGuid().ToByteArray(), PoolId = pool.Id, ClientId = client.ClientId, UserId = user.Id, RedirectUri = "https://app/cb",
            CodeChallenge = "c", CodeChallengeMethod = "S256", Scopes = "openid", Nonce = "n", AuthTime = Now, OriginJti = session, CreatedAt = Now, ExpiresAt = Now.AddMinutes(5),
        };
        await WithAsync<IAuthorizationCodeStore>(s => s.AddAsync(code, Ct));

        var found = await WithAsync<IAuthorizationCodeStore, AuthorizationCode?>(s => s.FindAsync(code.CodeHash.ToArray(), Ct));
        found.ShouldNotBeNull();
        found.RedirectUri.ShouldBe("https://app/cb");
        found.Nonce.ShouldBe("n");
        (await WithAsync<IAuthorizationCodeStore, bool>(s => s.TryConsumeAsync(code.CodeHash.ToArray(), Now, Ct))).ShouldBeTrue();
        (await WithAsync<IAuthorizationCodeStore, bool>(s => s.TryConsumeAsync(code.CodeHash.ToArray(), Now, Ct))).ShouldBeFalse();
    }
}
