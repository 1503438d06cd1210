// SPDX-License-Identifier: Apache-2.0
using System.Text.Json;
using Tessera.Core.Federation;
using Tessera.Core.Groups;
using Tessera.Core.Pools;
using Tessera.Core.Triggers;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Federation;

public sealed class FederatedUsersTests
{
    [Fact]
    public async Task SignIn_FirstTime_CreatesExternalProviderUserWithMappedAttributesAndIdentities()
    {
        await using var core = await CoreFixture.CreateAsync();
        var pool = await core.AddPoolAsync();

        var user = await core.Get<FederatedUsers>().SignInAsync(pool, Corp(pool), Claims("u-1", "ada@example.com"), null, CancellationToken.None);

        user.Username.ShouldBe("Corp_u-1");
        user.Status.ShouldBe("EXTERNAL_PROVIDER");
        user.GetAttribute("email").ShouldBe("ada@example.com");
        user.GetAttribute("email_verified").ShouldBe("true");
        using var identities = JsonDocument.Parse(user.GetAttribute("identities")!);
        var identity = identities.RootElement[0];
        identity.GetProperty("userId").GetString().ShouldBe("u-1");
        identity.GetProperty("providerName").GetString().ShouldBe("Corp");
        identity.GetProperty("providerType").GetString().ShouldBe("OIDC");
        identity.GetProperty("primary").GetBoolean().ShouldBeTrue();
        (await core.ReloadAsync(user)).Username.ShouldBe("Corp_u-1");
    }

    [Fact]
    public async Task SignIn_Again_SameUserWithAttributesMappedAnew()
    {
        await using var core = await CoreFixture.CreateAsync();
        var pool = await core.AddPoolAsync();
        var users = core.Get<FederatedUsers>();
        var first = await users.SignInAsync(pool, Corp(pool), Claims("u-1", "ada@example.com"), null, CancellationToken.None);

        var again = await users.SignInAsync(pool, Corp(pool), Claims("u-1", "ada@new.example"), null, CancellationToken.None);

        again.Id.ShouldBe(first.Id);
        (await core.ReloadAsync(first)).GetAttribute("email").ShouldBe("ada@new.example");
    }

    [Fact]
    public async Task SignIn_RequiredAttributeNotMapped_IsRefusedAndCreatesNobody()
    {
        await using var core = await CoreFixture.CreateAsync();
        var pool = await core.AddPoolAsync(SchemaAttributeRules.WithSchema(new UserPoolSettings(), [new() { Name = "family_name", AttributeDataType = "String", Required = true }]));

        var error = await Should.ThrowAsync<FederationException>(() => core.Get<FederatedUsers>().SignInAsync(pool, Corp(pool), Claims("u-1", "ada@example.com"), null, CancellationToken.None));

        error.Message.ShouldContain("family_name");
        (await core.Get<IUserStore>().FindByNormalizedUsernameAsync(pool.Id, "corp_u-1", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task SignIn_LinkedUpstreamIdentity_IsTheNativeUser()
    {
        await using var core = await CoreFixture.CreateAsync();
        var pool = await core.AddPoolAsync();
        var native = await core.AddUserAsync(pool, "ada");
        await core.Get<IIdentityProviderStore>().TryAddLinkAsync(
            new ProviderLink { PoolId = pool.Id, ProviderName = "Corp", AttributeName = ProviderLink.SubjectAttribute, AttributeValue = "u-1", UserId = native.Id },
            CancellationToken.None);

        var user = await core.Get<FederatedUsers>().SignInAsync(pool, Corp(pool), Claims("u-1", "ada@example.com"), null, CancellationToken.None);

        user.Id.ShouldBe(native.Id);
        user.Status.ShouldBe(UserStatus.Confirmed);
        user.GetAttribute("identities")!.ShouldContain("\"userId\":\"u-1\"");
        (await core.Get<IUserStore>().FindByNormalizedUsernameAsync(pool.Id, "corp_u-1", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task SignIn_FirstTime_RunsExternalProviderTriggersAndJoinsTheProviderGroup()
    {
        await using var core = await CoreFixture.CreateAsync();
        var pool = await core.AddPoolAsync(Triggers());
        var sources = new List<(string Source, string User, string? Client)>();
        core.Lambda = (_, e) =>
        {
            sources.Add((e["triggerSource"]!.GetValue<string>(), e["userName"]!.GetValue<string>(), e["callerContext"]?["clientId"]?.GetValue<string>()));
            return e;
        };

        var user = await core.Get<FederatedUsers>().SignInAsync(pool, Corp(pool), Claims("u-1", "ada@example.com"), "client-1", CancellationToken.None);
        _ = await core.Get<FederatedUsers>().SignInAsync(pool, Corp(pool), Claims("u-1", "ada@example.com"), "client-1", CancellationToken.None);

        sources.ShouldBe([("PreSignUp_ExternalProvider", "Corp_u-1", "client-1"), ("PostConfirmation_ConfirmSignUp", "Corp_u-1", "client-1")]);
        (await core.Get<IGroupStore>().ListForUserAsync(pool.Id, user.Id, CancellationToken.None)).Select(g => g.GroupName).ShouldBe([$"{pool.Id}_Corp"]);
    }

    [Fact]
    public async Task SignIn_PreSignUpRefuses_NoUserIsCreated()
    {
        await using var core = await CoreFixture.CreateAsync();
        var pool = await core.AddPoolAsync(Triggers());
        core.Lambda = (_, _) => throw TriggerErrors.FunctionFailed("PreSignUp", "not from Corp");

        var error = await Should.ThrowAsync<FederationException>(() => core.Get<FederatedUsers>().SignInAsync(pool, Corp(pool), Claims("u-1", "ada@example.com"), null, CancellationToken.None));

        error.Message.ShouldContain("not from Corp");
        (await core.Get<IUserStore>().FindByNormalizedUsernameAsync(pool.Id, "corp_u-1", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task SignIn_DisabledUser_IsRefused()
    {
        await using var core = await CoreFixture.CreateAsync();
        var pool = await core.AddPoolAsync();
        var users = core.Get<FederatedUsers>();
        var user = await users.SignInAsync(pool, Corp(pool), Claims("u-1", "ada@example.com"), null, CancellationToken.None);
        await core.Get<UserDirectory>().UpdateAsync(user, u => u.Enabled = false, CancellationToken.None);

        (await Should.ThrowAsync<FederationException>(() => users.SignInAsync(pool, Corp(pool), Claims("u-1", "ada@example.com"), null, CancellationToken.None)))
            .Message.ShouldBe("User is disabled.");
    }

    [Fact]
    public void Map_ValueOutsideTheSchema_IsRefused()
    {
        var pool = new UserPool { Id = "us-east-1_x", Name = "x" };
        var provider = Corp(pool);
        provider.AttributeMapping["birthdate"] = "birthdate";
        Should.Throw<FederationException>(() => FederatedUsers.Map(pool, provider, new Dictionary<string, string> { ["sub"] = "u", ["birthdate"] = "too long a birthdate" }));
    }

    [Fact]
    public void IdentitiesClaim_WritesPrimaryAndDateCreatedAsStrings()
    {
        var attribute = FederatedIdentities.With(null, Corp(new UserPool { Id = "us-east-1_x", Name = "x" }), "u-1", DateTimeOffset.FromUnixTimeMilliseconds(1642699117273));
        var claim = (Dictionary<string, object?>)FederatedIdentities.Claim(attribute).Single();
        claim["primary"].ShouldBe("true");
        claim["dateCreated"].ShouldBe("1642699117273");
        claim["issuer"].ShouldBeNull();
        FederatedIdentities.Without(attribute, "Corp", "u-1").ShouldBeNull();
    }

    private static UserPoolSettings Triggers()
    {
        const string Function = "arn:aws:lambda:us-east-1:000000000000:function:triggers";
        return new UserPoolSettings { LambdaConfig = JsonSerializer.SerializeToElement(new { PreSignUp = Function, PostConfirmation = Function }) };
    }

    private static IdentityProvider Corp(UserPool pool) => new()
    {
        PoolId = pool.Id,
        ProviderName = "Corp",
        ProviderType = ProviderTypes.Oidc,
        AttributeMapping = new() { ["username"] = "sub", ["email"] = "email", ["email_verified"] = "email_verified" },
    };

    private static Dictionary<string, string> Claims(string sub, string email) => new() { ["sub"] = sub, ["email"] = email, ["email_verified"] = "true" };
}
