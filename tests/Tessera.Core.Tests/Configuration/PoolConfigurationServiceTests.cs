// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Core.Clients;
using Tessera.Core.Configuration;
using Tessera.Core.Errors;
using Tessera.Core.Pools;

namespace Tessera.Core.Tests.Configuration;

/// <summary>The rules between requests for the configuration Tessera stores without acting on it.</summary>
public sealed class PoolConfigurationServiceTests : IAsyncLifetime
{
    private CoreFixture fixture = null!;

    public async ValueTask InitializeAsync() => fixture = await CoreFixture.CreateAsync();

    public async ValueTask DisposeAsync() => await fixture.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PoolConfigurationService Service => fixture.Get<PoolConfigurationService>();

    [Fact]
    public async Task SetRiskConfigurationAsync_WithoutThreatProtection_ThrowsUserPoolAddOnNotEnabled()
    {
        var pool = await fixture.AddPoolAsync();

        (await Should.ThrowAsync<CognitoException>(() => Service.SetRiskConfigurationAsync(pool.Id, null, Risk("BLOCK"), Ct))).Code.ShouldBe("UserPoolAddOnNotEnabledException");
    }

    [Fact]
    public async Task RiskConfiguration_ClientInheritsThePoolsUntilItHasItsOwn_AndIdsOnlyResetIt()
    {
        var (pool, client) = await ProtectedPoolAsync();
        await Service.SetRiskConfigurationAsync(pool.Id, null, Risk("BLOCK"), Ct);

        (await Service.RiskConfigurationAsync(pool.Id, client.ClientId, Ct)).ClientId.ShouldBeNull();
        var own = await Service.SetRiskConfigurationAsync(pool.Id, client.ClientId, Risk("NO_ACTION"), Ct);
        own.ClientId.ShouldBe(client.ClientId);
        own.Members.ToJsonString().ShouldBe(Risk("NO_ACTION").ToJsonString());

        var reset = await Service.SetRiskConfigurationAsync(pool.Id, client.ClientId, [], Ct);

        reset.ClientId.ShouldBeNull();
        reset.Members.ToJsonString().ShouldBe(Risk("BLOCK").ToJsonString());
    }

    [Fact]
    public async Task RiskConfigurationAsync_ClientOfAnotherPool_ThrowsResourceNotFound()
    {
        var (pool, _) = await ProtectedPoolAsync();
        var (_, stranger) = await ProtectedPoolAsync();

        (await Should.ThrowAsync<CognitoException>(() => Service.RiskConfigurationAsync(pool.Id, stranger.ClientId, Ct))).Code.ShouldBe("ResourceNotFoundException");
    }

    [Fact]
    public async Task Terms_OneOfEachNamePerClient_UpdateMerges_ListPages()
    {
        var (pool, client) = await ProtectedPoolAsync();
        var terms = await Service.CreateTermsAsync(pool.Id, client.ClientId, Terms("terms-of-use"), Ct);
        await Service.CreateTermsAsync(pool.Id, client.ClientId, Terms("privacy-policy"), Ct);

        (await Should.ThrowAsync<CognitoException>(() => Service.CreateTermsAsync(pool.Id, client.ClientId, Terms("privacy-policy"), Ct))).Code.ShouldBe("TermsExistsException");
        (await Should.ThrowAsync<CognitoException>(() => Service.UpdateTermsAsync(pool.Id, terms.Key, new JsonObject { ["TermsName"] = "privacy-policy" }, Ct))).Code.ShouldBe("TermsExistsException");
        (await Should.ThrowAsync<CognitoException>(() => Service.CreateTermsAsync(pool.Id, client.ClientId, new JsonObject { ["TermsName"] = "terms-of-use" }, Ct))).Code.ShouldBe("InvalidParameterException");

        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        var updated = await Service.UpdateTermsAsync(pool.Id, terms.Key, new JsonObject { ["Links"] = new JsonObject { ["cognito:default"] = "https://example.com/v2" } }, Ct);
        updated.Members["TermsName"]!.GetValue<string>().ShouldBe("terms-of-use");
        updated.Members["Links"]!["cognito:default"]!.GetValue<string>().ShouldBe("https://example.com/v2");
        updated.UpdatedAt.ShouldBeGreaterThan(updated.CreatedAt);

        var (first, next) = await Service.ListTermsAsync(pool.Id, 1, null, Ct);
        var (second, last) = await Service.ListTermsAsync(pool.Id, 1, next, Ct);
        first.Concat(second).Select(t => t.Key).Distinct().Count().ShouldBe(2);
        last.ShouldBeNull();
        (await Should.ThrowAsync<CognitoException>(() => Service.ListTermsAsync(pool.Id, 1, "junk", Ct))).Code.ShouldBe("InvalidParameterException");
    }

    [Fact]
    public async Task Branding_OnePerClient_UpdateKeepsWhatItOmits_CognitoValuesDropTheStyle()
    {
        var (pool, client) = await ProtectedPoolAsync();
        var style = new JsonObject { ["Settings"] = new JsonObject { ["components"] = new JsonObject { ["form"] = "x" } }, ["Assets"] = new JsonArray() };
        var branding = await Service.CreateBrandingAsync(pool.Id, client.ClientId, style, Ct);

        (await Should.ThrowAsync<CognitoException>(() => Service.CreateBrandingAsync(pool.Id, client.ClientId, [], Ct))).Code.ShouldBe("ManagedLoginBrandingExistsException");
        (await Should.ThrowAsync<CognitoException>(() => Service.UpdateBrandingAsync(pool.Id, branding.Key,
            new JsonObject { ["UseCognitoProvidedValues"] = true, ["Settings"] = new JsonObject() }, Ct))).Code.ShouldBe("InvalidParameterException");

        var kept = await Service.UpdateBrandingAsync(pool.Id, branding.Key, new JsonObject { ["Assets"] = new JsonArray(new JsonObject { ["Category"] = "FAVICON_ICO" }) }, Ct);
        kept.Members["Settings"]!.ToJsonString().ShouldBe(style["Settings"]!.ToJsonString());
        var reverted = await Service.UpdateBrandingAsync(pool.Id, branding.Key, new JsonObject { ["UseCognitoProvidedValues"] = true }, Ct);
        reverted.Members.ContainsKey("Settings").ShouldBeFalse();
        (await Service.BrandingByClientAsync(pool.Id, client.ClientId, Ct)).Key.ShouldBe(branding.Key);

        await Service.DeleteBrandingAsync(pool.Id, branding.Key, Ct);
        (await Should.ThrowAsync<CognitoException>(() => Service.BrandingAsync(pool.Id, branding.Key, Ct))).Code.ShouldBe("ResourceNotFoundException");
    }

    [Fact]
    public async Task DeletingTheClient_DeletesItsDocuments()
    {
        var (pool, client) = await ProtectedPoolAsync();
        var terms = await Service.CreateTermsAsync(pool.Id, client.ClientId, Terms("terms-of-use"), Ct);

        await fixture.Get<AppClientService>().DeleteAsync(pool.Id, client.ClientId, Ct);

        (await Should.ThrowAsync<CognitoException>(() => Service.TermsAsync(pool.Id, terms.Key, Ct))).Code.ShouldBe("ResourceNotFoundException");
    }

    private async Task<(UserPool Pool, AppClient Client)> ProtectedPoolAsync()
    {
        var addOns = JsonDocument.Parse("""{"AdvancedSecurityMode":"AUDIT"}""").RootElement.Clone();
        var pool = await fixture.AddPoolAsync(new UserPoolSettings { UserPoolAddOns = addOns });
        return (pool, await fixture.AddClientAsync(pool));
    }

    private static JsonObject Risk(string action) => new()
    {
        ["CompromisedCredentialsRiskConfiguration"] = new JsonObject { ["Actions"] = new JsonObject { ["EventAction"] = action } },
    };

    private static JsonObject Terms(string name) => new()
    {
        ["TermsName"] = name,
        ["TermsSource"] = "LINK",
        ["Enforcement"] = "NONE",
        ["Links"] = new JsonObject { ["cognito:default"] = "https://example.com/" + name },
    };
}
