// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Federation;
using Tessera.Core.Pools;

namespace Tessera.Core.Tests.Federation;

public sealed class ProviderLinkingTests
{
    [Fact]
    public async Task Link_ThenFirstSignIn_IsTheNativeUser_AndDisableUnlinks()
    {
        await using var core = await CoreFixture.CreateAsync();
        var (pool, provider) = await PoolWithCorpAsync(core);
        var native = await core.AddUserAsync(pool, "ada");
        var linking = core.Get<ProviderLinking>();

        await linking.LinkAsync(pool.Id, new UserIdentity("Cognito", null, "ada"), new UserIdentity("Corp", "Cognito_Subject", "u-1"), CancellationToken.None);
        var signedIn = await core.Get<FederatedUsers>().SignInAsync(pool, provider, Claims("u-1"), null, CancellationToken.None);
        signedIn.Id.ShouldBe(native.Id);

        await linking.UnlinkAsync(pool.Id, new UserIdentity("Corp", "Cognito_Subject", "u-1"), CancellationToken.None);
        (await core.ReloadAsync(native)).GetAttribute("identities").ShouldBeNull();
        var own = await core.Get<FederatedUsers>().SignInAsync(pool, provider, Claims("u-1"), null, CancellationToken.None);
        own.Username.ShouldBe("Corp_u-1");
    }

    [Fact]
    public async Task Unlink_CognitoUser_RemovesEveryLinkAndItsIdentities()
    {
        await using var core = await CoreFixture.CreateAsync();
        var (pool, provider) = await PoolWithCorpAsync(core);
        var native = await core.AddUserAsync(pool, "ada");
        var linking = core.Get<ProviderLinking>();
        var users = core.Get<FederatedUsers>();
        await linking.LinkAsync(pool.Id, new UserIdentity("Cognito", null, "ada"), new UserIdentity("Corp", "Cognito_Subject", "u-1"), CancellationToken.None);
        await linking.LinkAsync(pool.Id, new UserIdentity("Cognito", null, "ada"), new UserIdentity("Corp", "Cognito_Subject", "u-2"), CancellationToken.None);
        (await users.SignInAsync(pool, provider, Claims("u-1"), null, CancellationToken.None)).Id.ShouldBe(native.Id);
        (await core.ReloadAsync(native)).GetAttribute("identities").ShouldNotBeNull();

        await linking.UnlinkAsync(pool.Id, new UserIdentity("Cognito", "Cognito_Subject", "ada"), CancellationToken.None);

        var disabled = await core.ReloadAsync(native);
        disabled.GetAttribute("identities").ShouldBeNull();
        disabled.PasswordSignInDisabled.ShouldBeTrue();
        (await users.SignInAsync(pool, provider, Claims("u-1"), null, CancellationToken.None)).Username.ShouldBe("Corp_u-1");
        (await users.SignInAsync(pool, provider, Claims("u-2"), null, CancellationToken.None)).Username.ShouldBe("Corp_u-2");
    }

    [Theory]
    [InlineData("nobody", "Cognito_Subject", "UserNotFoundException")]
    [InlineData("ada", "email", "InvalidParameterException")]
    public async Task Unlink_CognitoUserUnknownOrNotBySubject_Refused(string username, string attribute, string code)
    {
        await using var core = await CoreFixture.CreateAsync();
        var (pool, _) = await PoolWithCorpAsync(core);
        await core.AddUserAsync(pool, "ada");

        (await Should.ThrowAsync<CognitoException>(() => core.Get<ProviderLinking>().UnlinkAsync(pool.Id, new UserIdentity("Cognito", attribute, username), CancellationToken.None)))
            .Code.ShouldBe(code);
    }

    [Fact]
    public async Task Link_OnAMappedAttribute_BecomesASubjectLinkAtSignIn()
    {
        await using var core = await CoreFixture.CreateAsync();
        var (pool, provider) = await PoolWithCorpAsync(core);
        var native = await core.AddUserAsync(pool, "ada");

        await core.Get<ProviderLinking>().LinkAsync(pool.Id, new UserIdentity("Cognito", null, "ada"), new UserIdentity("Corp", "email", "ada@corp.example"), CancellationToken.None);
        (await core.Get<FederatedUsers>().SignInAsync(pool, provider, Claims("u-7"), null, CancellationToken.None)).Id.ShouldBe(native.Id);

        var store = core.Get<IIdentityProviderStore>();
        (await store.FindLinkAsync(pool.Id, "Corp", "email", "ada@corp.example", CancellationToken.None)).ShouldBeNull();
        (await store.FindLinkAsync(pool.Id, "Corp", "Cognito_Subject", "u-7", CancellationToken.None))!.UserId.ShouldBe(native.Id);
    }

    [Fact]
    public async Task Link_SourceThatAlreadySignedIn_IsRefusedAsAMerge()
    {
        await using var core = await CoreFixture.CreateAsync();
        var (pool, provider) = await PoolWithCorpAsync(core);
        await core.AddUserAsync(pool, "ada");
        await core.Get<FederatedUsers>().SignInAsync(pool, provider, Claims("u-1"), null, CancellationToken.None);

        (await Should.ThrowAsync<CognitoException>(() => core.Get<ProviderLinking>().LinkAsync(
            pool.Id, new UserIdentity("Cognito", null, "ada"), new UserIdentity("Corp", "Cognito_Subject", "u-1"), CancellationToken.None)))
            .Message.ShouldBe("Merging is not currently supported, provide a SourceUser that has not been used to sign into the user pool.");
    }

    [Fact]
    public async Task Link_Rules_UnknownUserOrProvider_LinkedElsewhere_TooMany_Social()
    {
        await using var core = await CoreFixture.CreateAsync();
        var (pool, _) = await PoolWithCorpAsync(core);
        await core.AddUserAsync(pool, "ada");
        await core.AddUserAsync(pool, "bob");
        var linking = core.Get<ProviderLinking>();
        var ada = new UserIdentity("Cognito", null, "ada");

        (await Should.ThrowAsync<CognitoException>(() => linking.LinkAsync(pool.Id, new UserIdentity("Cognito", null, "nobody"), new UserIdentity("Corp", null, "u-1"), CancellationToken.None)))
            .Code.ShouldBe("UserNotFoundException");
        (await Should.ThrowAsync<CognitoException>(() => linking.LinkAsync(pool.Id, ada, new UserIdentity("Nope", null, "u-1"), CancellationToken.None)))
            .Code.ShouldBe("InvalidParameterException");
        (await Should.ThrowAsync<CognitoException>(() => linking.LinkAsync(pool.Id, ada, new UserIdentity("Corp", "custom:unmapped", "x"), CancellationToken.None)))
            .Code.ShouldBe("InvalidParameterException");

        await linking.LinkAsync(pool.Id, ada, new UserIdentity("Corp", null, "u-1"), CancellationToken.None);
        await linking.LinkAsync(pool.Id, ada, new UserIdentity("Corp", null, "u-1"), CancellationToken.None);
        (await Should.ThrowAsync<CognitoException>(() => linking.LinkAsync(pool.Id, new UserIdentity("Cognito", null, "bob"), new UserIdentity("Corp", null, "u-1"), CancellationToken.None)))
            .Code.ShouldBe("AliasExistsException");

        for (var i = 2; i <= ProviderLinking.MaxLinksPerUser; i++)
        {
            await linking.LinkAsync(pool.Id, ada, new UserIdentity("Corp", null, $"u-{i}"), CancellationToken.None);
        }

        (await Should.ThrowAsync<CognitoException>(() => linking.LinkAsync(pool.Id, ada, new UserIdentity("Corp", null, "u-9"), CancellationToken.None)))
            .Code.ShouldBe("LimitExceededException");

        await core.Get<IIdentityProviderStore>().TryAddAsync(new IdentityProvider { PoolId = pool.Id, ProviderName = "Google", ProviderType = "Google" }, CancellationToken.None);
        (await Should.ThrowAsync<CognitoException>(() => linking.LinkAsync(pool.Id, new UserIdentity("Cognito", null, "bob"), new UserIdentity("Google", "email", "x"), CancellationToken.None)))
            .Message.ShouldBe("ProviderAttributeName must be Cognito_Subject for Google.");
    }

    [Fact]
    public async Task Unlink_UnknownLink_IsUserNotFound()
    {
        await using var core = await CoreFixture.CreateAsync();
        var (pool, _) = await PoolWithCorpAsync(core);
        (await Should.ThrowAsync<CognitoException>(() => core.Get<ProviderLinking>().UnlinkAsync(pool.Id, new UserIdentity("Corp", "Cognito_Subject", "u-1"), CancellationToken.None)))
            .Code.ShouldBe("UserNotFoundException");
    }

    private static async Task<(UserPool Pool, IdentityProvider Provider)> PoolWithCorpAsync(CoreFixture core)
    {
        var pool = await core.AddPoolAsync();
        var provider = new IdentityProvider
        {
            PoolId = pool.Id,
            ProviderName = "Corp",
            ProviderType = ProviderTypes.Oidc,
            AttributeMapping = new() { ["username"] = "sub", ["email"] = "email" },
        };
        await core.Get<IIdentityProviderStore>().TryAddAsync(provider, CancellationToken.None);
        return (pool, provider);
    }

    private static Dictionary<string, string> Claims(string sub) => new() { ["sub"] = sub, ["email"] = "ada@corp.example" };
}
