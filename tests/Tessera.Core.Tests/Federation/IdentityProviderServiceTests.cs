// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Tessera.Core.Clients;
using Tessera.Core.Errors;
using Tessera.Core.Federation;

namespace Tessera.Core.Tests.Federation;

public sealed class IdentityProviderServiceTests
{
    private const string Issuer = "https://idp.example.com";

    [Fact]
    public async Task Create_OidcWithIssuerOnly_DiscoversEndpointsAndSealsTheSecret()
    {
        await using var core = await CoreFixture.CreateAsync();
        core.Upstream.Discovery[Issuer] = new OidcDiscovery(Issuer, $"{Issuer}/auth", $"{Issuer}/token", $"{Issuer}/me", $"{Issuer}/jwks");
        var pool = await core.AddPoolAsync();
        var service = core.Get<IdentityProviderService>();

        await service.CreateAsync(pool.Id, "Corp", "OIDC", Oidc("s3cret"), new Dictionary<string, string> { ["email"] = "email" }, ["corp.example"], CancellationToken.None);

        var stored = (await core.Get<IIdentityProviderStore>().FindAsync(pool.Id, "Corp", CancellationToken.None))!;
        stored.Details.ShouldNotContainKey("client_secret");
        stored.Details["jwks_uri"].ShouldBe($"{Issuer}/jwks");
        Encoding.UTF8.GetString(stored.SealedSecrets!).ShouldNotContain("s3cret");
        service.DescribeDetails(stored)["client_secret"].ShouldBe("s3cret");
        stored.AttributeMapping["username"].ShouldBe("sub");
    }

    [Fact]
    public async Task Create_IssuerDown_IsInvalidParameterAndStoresNothing()
    {
        await using var core = await CoreFixture.CreateAsync();
        var pool = await core.AddPoolAsync();

        var error = await Should.ThrowAsync<CognitoException>(() => core.Get<IdentityProviderService>().CreateAsync(pool.Id, "Corp", "OIDC", Oidc("s"), null, null, CancellationToken.None));

        error.Code.ShouldBe("InvalidParameterException");
        (await core.Get<IIdentityProviderStore>().ListAsync(pool.Id, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Create_SameNameTwice_ThrowsDuplicateProvider()
    {
        await using var core = await CoreFixture.CreateAsync();
        var pool = await core.AddPoolAsync();
        var service = core.Get<IdentityProviderService>();
        await service.CreateAsync(pool.Id, "Google", "Google", Google(), null, null, CancellationToken.None);

        var error = await Should.ThrowAsync<CognitoException>(() => service.CreateAsync(pool.Id, "Google", "Google", Google(), null, null, CancellationToken.None));

        error.Code.ShouldBe("DuplicateProviderException");
        error.Message.ShouldBe($"Google already exists in user pool {pool.Id}");
    }

    [Fact]
    public async Task Create_IdentifierOfAnotherProvider_IsInvalidParameter()
    {
        await using var core = await CoreFixture.CreateAsync();
        var pool = await core.AddPoolAsync();
        var service = core.Get<IdentityProviderService>();
        await service.CreateAsync(pool.Id, "Google", "Google", Google(), null, ["example.com"], CancellationToken.None);

        (await Should.ThrowAsync<CognitoException>(() => service.CreateAsync(pool.Id, "Facebook", "Facebook", Google(), null, ["EXAMPLE.com"], CancellationToken.None)))
            .Code.ShouldBe("InvalidParameterException");
        (await service.GetByIdentifierAsync(pool.Id, "Example.COM", CancellationToken.None)).ProviderName.ShouldBe("Google");
        (await Should.ThrowAsync<CognitoException>(() => service.GetByIdentifierAsync(pool.Id, "other", CancellationToken.None))).Code.ShouldBe("ResourceNotFoundException");
    }

    [Fact]
    public async Task ClientSupportedIdentityProviders_MustExist_AndDeleteRemovesTheProviderFromClients()
    {
        await using var core = await CoreFixture.CreateAsync();
        var pool = await core.AddPoolAsync();
        var clients = core.Get<AppClientService>();
        var settings = new AppClientSettings { SupportedIdentityProviders = ["COGNITO", "Google"] };

        (await Should.ThrowAsync<CognitoException>(() => clients.CreateAsync(pool.Id, "web", false, null, settings, CancellationToken.None)))
            .Message.ShouldBe($"The provider Google does not exist for User Pool {pool.Id}");

        await core.Get<IdentityProviderService>().CreateAsync(pool.Id, "Google", "Google", Google(), null, null, CancellationToken.None);
        var client = await clients.CreateAsync(pool.Id, "web", false, null, settings, CancellationToken.None);
        await core.Get<IdentityProviderService>().DeleteAsync(pool.Id, "Google", CancellationToken.None);

        (await clients.GetAsync(pool.Id, client.ClientId, CancellationToken.None)).Settings.SupportedIdentityProviders.ShouldBe(["COGNITO"]);
    }

    [Fact]
    public async Task Update_KeepsOmittedMembersAndTheSecret()
    {
        await using var core = await CoreFixture.CreateAsync();
        var pool = await core.AddPoolAsync();
        var service = core.Get<IdentityProviderService>();
        await service.CreateAsync(pool.Id, "Google", "Google", Google(), new Dictionary<string, string> { ["email"] = "email" }, ["example.com"], CancellationToken.None);

        var details = Google();
        details.Remove("client_secret");
        details["authorize_scopes"] = "openid";
        var updated = await service.UpdateAsync(pool.Id, "Google", details, null, null, CancellationToken.None);

        updated.Details["authorize_scopes"].ShouldBe("openid");
        service.RevealSecret(updated, "client_secret").ShouldBe("s3cret");
        updated.AttributeMapping["email"].ShouldBe("email");
        updated.IdpIdentifiers.ShouldBe(["example.com"]);
    }

    [Fact]
    public async Task GetSigningCertificate_IsStableAndValidForTenYears()
    {
        await using var core = await CoreFixture.CreateAsync();
        var pool = await core.AddPoolAsync();
        var service = core.Get<IdentityProviderService>();

        var first = await service.GetSigningCertificateAsync(pool.Id, CancellationToken.None);
        var again = await service.GetSigningCertificateAsync(pool.Id, CancellationToken.None);

        again.ShouldBe(first);
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(first));
        (certificate.NotAfter - certificate.NotBefore).TotalDays.ShouldBeGreaterThan(3650);
    }

    private static Dictionary<string, string> Oidc(string secret) => new()
    {
        ["client_id"] = "tessera",
        ["client_secret"] = secret,
        ["authorize_scopes"] = "openid email",
        ["attributes_request_method"] = "GET",
        ["oidc_issuer"] = Issuer,
    };

    private static Dictionary<string, string> Google() => new()
    {
        ["client_id"] = "id.apps.googleusercontent.com",
        ["client_secret"] = "s3cret",
        ["authorize_scopes"] = "email profile openid",
    };
}
