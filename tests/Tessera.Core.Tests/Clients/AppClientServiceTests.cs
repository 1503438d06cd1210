// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth;
using Tessera.Core.Clients;
using Tessera.Core.Errors;

namespace Tessera.Core.Tests.Clients;

/// <summary>Client secret rotation: two secrets at most, both accepted until one is deleted, never the last one deleted.</summary>
public sealed class AppClientServiceTests : IAsyncLifetime
{
    private CoreFixture fixture = null!;

    public async ValueTask InitializeAsync() => fixture = await CoreFixture.CreateAsync();

    public async ValueTask DisposeAsync() => await fixture.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddSecretAsync_BothSecretsVerifySecretHashAndClientSecret_UntilOneIsDeleted()
    {
        var (service, client, first) = await ConfidentialClientAsync();
        fixture.Time.Advance(TimeSpan.FromSeconds(5));

        var (added, generated) = await service.AddSecretAsync(client.PoolId, client.ClientId, null, Ct);

        generated.ShouldNotBeNull().Length.ShouldBeInRange(24, 64);
        added.Id.ShouldBe($"{client.ClientId}--{fixture.Time.GetUtcNow().ToUnixTimeMilliseconds()}");
        var rotated = await service.GetAsync(client.PoolId, client.ClientId, Ct);
        var hashes = fixture.Get<SecretHash>();
        foreach (var secret in new[] { first, generated })
        {
            hashes.Verify(rotated, SecretHash.Compute(secret, "ada", client.ClientId), "ada");
            hashes.MatchesClientSecret(rotated, secret).ShouldBeTrue();
        }

        service.RevealSecret(rotated).ShouldBe(first);
        var listed = await service.ListSecretsAsync(client.PoolId, client.ClientId, Ct);
        await service.DeleteSecretAsync(client.PoolId, client.ClientId, listed[0].Id, Ct);

        var after = await service.GetAsync(client.PoolId, client.ClientId, Ct);
        hashes.MatchesClientSecret(after, first).ShouldBeFalse();
        hashes.MatchesClientSecret(after, generated).ShouldBeTrue();
        Should.Throw<CognitoException>(() => hashes.Verify(after, SecretHash.Compute(first, "ada", client.ClientId), "ada")).Code.ShouldBe("NotAuthorizedException");
        service.RevealSecret(after).ShouldBe(generated);
    }

    [Fact]
    public async Task AddSecretAsync_GivenValue_IsKeptAndNotReturned()
    {
        var (service, client, _) = await ConfidentialClientAsync();
        const string chosen = "my_own_secret_of_thirty_two_chars";

        var (_, generated) = await service.AddSecretAsync(client.PoolId, client.ClientId, chosen, Ct);

        generated.ShouldBeNull();
        fixture.Get<SecretHash>().MatchesClientSecret(await service.GetAsync(client.PoolId, client.ClientId, Ct), chosen).ShouldBeTrue();
    }

    [Fact]
    public async Task AddSecretAsync_ThirdSecret_ThrowsLimitExceeded()
    {
        var (service, client, _) = await ConfidentialClientAsync();
        await service.AddSecretAsync(client.PoolId, client.ClientId, null, Ct);

        (await Should.ThrowAsync<CognitoException>(() => service.AddSecretAsync(client.PoolId, client.ClientId, null, Ct))).Code.ShouldBe("LimitExceededException");
    }

    [Fact]
    public async Task AddSecretAsync_SameMillisecond_GetsDistinctIds()
    {
        var (service, client, _) = await ConfidentialClientAsync();

        var (added, _) = await service.AddSecretAsync(client.PoolId, client.ClientId, null, Ct);

        (await service.ListSecretsAsync(client.PoolId, client.ClientId, Ct)).Select(s => s.Id).Distinct().Count().ShouldBe(2);
        added.CreatedAt.ShouldBe(fixture.Time.GetUtcNow().AddMilliseconds(1));
    }

    [Fact]
    public async Task AddSecretAsync_PublicClient_ThrowsInvalidParameter()
    {
        var pool = await fixture.AddPoolAsync();
        var service = fixture.Get<AppClientService>();
        var client = await service.CreateAsync(pool.Id, "public", generateSecret: false, new AppClientSettings(), Ct);

        (await Should.ThrowAsync<CognitoException>(() => service.AddSecretAsync(pool.Id, client.ClientId, null, Ct))).Code.ShouldBe("InvalidParameterException");
    }

    [Fact]
    public async Task DeleteSecretAsync_LastSecret_ThrowsInvalidParameter_UnknownSecret_ThrowsResourceNotFound()
    {
        var (service, client, _) = await ConfidentialClientAsync();
        var only = (await service.ListSecretsAsync(client.PoolId, client.ClientId, Ct)).ShouldHaveSingleItem();

        (await Should.ThrowAsync<CognitoException>(() => service.DeleteSecretAsync(client.PoolId, client.ClientId, only.Id, Ct))).Code.ShouldBe("InvalidParameterException");
        (await Should.ThrowAsync<CognitoException>(() => service.DeleteSecretAsync(client.PoolId, client.ClientId, "nope--1", Ct))).Code.ShouldBe("ResourceNotFoundException");
        (await Should.ThrowAsync<CognitoException>(() => service.ListSecretsAsync(client.PoolId, "missingclient", Ct))).Code.ShouldBe("ResourceNotFoundException");
    }

    private async Task<(AppClientService Service, AppClient Client, string Secret)> ConfidentialClientAsync()
    {
        var pool = await fixture.AddPoolAsync();
        var service = fixture.Get<AppClientService>();
        var client = await service.CreateAsync(pool.Id, "server", generateSecret: true, new AppClientSettings(), Ct);
        return (service, client, service.RevealSecret(client)!);
    }
}
