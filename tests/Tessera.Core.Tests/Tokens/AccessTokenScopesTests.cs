// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Tokens;

namespace Tessera.Core.Tests.Tokens;

/// <summary>
/// What an access token's scopes open: the user-pool API needs aws.cognito.signin.user.admin (API reference,
/// every operation authorised by an access token), userInfo needs openid and answers by scope (developer guide,
/// "The user attributes endpoint").
/// </summary>
public sealed class AccessTokenScopesTests
{
    private const string AdminScope = TokenIssuer.AdminScope;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(AdminScope)]
    [InlineData("openid " + AdminScope)]
    [InlineData("openid email profile " + AdminScope + " orders/read")]
    public void RequireUserPoolApi_WithTheAdminScope_Passes(string scopes)
        => Should.NotThrow(() => AccessTokenScopes.RequireUserPoolApi(Split(scopes)));

    [Theory]
    [InlineData("")]
    [InlineData("openid")]
    [InlineData("openid email phone profile")]
    [InlineData("orders/read")]
    [InlineData("aws.cognito.signin.user")]
    [InlineData("AWS.COGNITO.SIGNIN.USER.ADMIN")]
    public void RequireUserPoolApi_WithoutTheAdminScope_ThrowsNotAuthorized(string scopes)
    {
        var error = Should.Throw<CognitoException>(() => AccessTokenScopes.RequireUserPoolApi(Split(scopes)));
        error.Code.ShouldBe("NotAuthorizedException");
        error.Message.ShouldBe("Access Token does not have required scopes");
        error.StatusCode.ShouldBe(400);
    }

    [Theory]
    [InlineData("openid", true)]
    [InlineData("openid email", true)]
    [InlineData("email openid " + AdminScope, true)]
    [InlineData(AdminScope, false)]
    [InlineData("email profile phone", false)]
    [InlineData("", false)]
    [InlineData("OpenID", false)]
    public void OpensUserInfo_OnlyWithOpenId(string scopes, bool opens)
        => AccessTokenScopes.OpensUserInfo(Split(scopes)).ShouldBe(opens);

    [Theory]
    [InlineData("openid")]
    [InlineData("openid " + AdminScope)]
    [InlineData("openid orders/read")]
    public void UserInfoReleases_OpenIdAlone_EveryAttribute(string scopes)
    {
        foreach (var attribute in new[] { "sub", "email", "email_verified", "phone_number", "given_name", "address", "custom:team" })
        {
            AccessTokenScopes.UserInfoReleases(Split(scopes), attribute).ShouldBeTrue(attribute);
        }
    }

    [Theory]
    [InlineData("openid email", "sub email email_verified", "phone_number phone_number_verified given_name address custom:team")]
    [InlineData("openid phone", "sub phone_number phone_number_verified", "email email_verified given_name address custom:team")]
    [InlineData("openid profile", "sub name family_name given_name middle_name nickname preferred_username profile picture website gender birthdate zoneinfo locale updated_at custom:team", "email email_verified phone_number phone_number_verified address")]
    [InlineData("openid email phone " + AdminScope, "sub email email_verified phone_number phone_number_verified", "given_name address custom:team")]
    public void UserInfoReleases_StandardScopes_OnlyTheirAttributes(string scopes, string released, string withheld)
    {
        foreach (var attribute in Split(released))
        {
            AccessTokenScopes.UserInfoReleases(Split(scopes), attribute).ShouldBeTrue(attribute);
        }

        foreach (var attribute in Split(withheld))
        {
            AccessTokenScopes.UserInfoReleases(Split(scopes), attribute).ShouldBeFalse(attribute);
        }
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("openid email", "Access Token does not have required scopes")]
    [InlineData("openid " + AdminScope, null)]
    public async Task ValidateForUserPoolApiAsync_IssuedTokens_NeedTheAdminScope(string? sessionScopes, string? refusal)
    {
        await using var core = await CoreFixture.CreateAsync();
        var pool = await core.AddPoolAsync(new UserPoolSettings(), signingKeys: true);
        var user = await core.AddUserAsync(pool, "alice");
        var client = await core.AddClientAsync(pool);
        // A null session scope is a sign-in through the user-pools API (InitiateAuth), which grants the admin scope.
        var session = await core.StartSessionAsync(user, client, core.Time.GetUtcNow(), sessionScopes);
        var tokens = await core.Get<TokenIssuer>().IssueAsync(user, client, session, withRefreshToken: false, generation: null, knownGroups: null, Ct);
        var validator = core.Get<AccessTokenValidator>();

        (await validator.ValidateAsync(tokens.AccessToken, Ct)).User.Id.ShouldBe(user.Id);
        if (refusal is null)
        {
            (await validator.ValidateForUserPoolApiAsync(tokens.AccessToken, Ct)).User.Id.ShouldBe(user.Id);
        }
        else
        {
            (await Should.ThrowAsync<CognitoException>(() => validator.ValidateForUserPoolApiAsync(tokens.AccessToken, Ct))).Message.ShouldBe(refusal);
        }
    }

    private static string[] Split(string scopes) => scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
