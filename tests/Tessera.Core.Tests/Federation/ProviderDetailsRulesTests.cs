// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Federation;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Federation;

public sealed class ProviderDetailsRulesTests
{
    private static readonly Dictionary<string, string> NoSecrets = [];
    private static readonly FederationOptions Options = new();

    [Theory]
    [InlineData("Corp", "Google")]
    [InlineData("Facebook", "OIDC")]
    [InlineData("COGNITO", "SAML")]
    public void CheckName_SocialNameAndTypeDiffer_ThrowsAwsMessage(string name, string type)
        => Should.Throw<CognitoException>(() => ProviderDetailsRules.CheckName(name, type)).Message.ShouldBe($"Provider {name} cannot be of type {type}.");

    [Theory]
    [InlineData("_corp")]
    [InlineData("co_rp")]
    [InlineData("a b c")]
    [InlineData("ab")]
    public void CheckName_OutsideProviderNameTypeV2_IsInvalidParameter(string name)
        => Should.Throw<CognitoException>(() => ProviderDetailsRules.CheckName(name, "OIDC")).Code.ShouldBe("InvalidParameterException");

    [Fact]
    public void CheckName_UnknownType_IsInvalidParameter()
        => Should.Throw<CognitoException>(() => ProviderDetailsRules.CheckName("Corp", "Twitter")).Message.ShouldContain("enum value set");

    [Fact]
    public void Check_Google_SealsTheSecretAndAddsAwsEndpoints()
    {
        var (details, secrets) = ProviderDetailsRules.Check(ProviderTypes.Google, new Dictionary<string, string>
        {
            ["client_id"] = "id.apps.googleusercontent.com",
            ["client_secret"] = "s3cret",
            ["authorize_scopes"] = "email profile openid",
            ["token_request_method"] = "ignored: Describe computes it",
        }, NoSecrets, Options);

        secrets.ShouldBe(new Dictionary<string, string> { ["client_secret"] = "s3cret" });
        details.ShouldNotContainKey("client_secret");
        details["authorize_url"].ShouldBe("https://accounts.google.com/o/oauth2/v2/auth");
        details["token_url"].ShouldBe("https://www.googleapis.com/oauth2/v4/token");
        details["oidc_issuer"].ShouldBe("https://accounts.google.com");
        details["token_request_method"].ShouldBe("POST");
    }

    [Fact]
    public void Check_SocialEndpoints_OperatorOverridesWin()
    {
        var options = new FederationOptions();
        options.Endpoints["Google"] = new() { ["authorize_url"] = "http://127.0.0.1:5000/auth" };
        var (details, _) = ProviderDetailsRules.Check(ProviderTypes.Google, new Dictionary<string, string>
        {
            ["client_id"] = "id",
            ["client_secret"] = "s",
            ["authorize_scopes"] = "openid",
        }, NoSecrets, options);
        details["authorize_url"].ShouldBe("http://127.0.0.1:5000/auth");
    }

    [Fact]
    public void Check_FacebookApiVersion_ShapesItsEndpoints()
    {
        var (details, _) = ProviderDetailsRules.Check(ProviderTypes.Facebook, new Dictionary<string, string>
        {
            ["client_id"] = "id",
            ["client_secret"] = "s",
            ["authorize_scopes"] = "public_profile, email",
            ["api_version"] = "v18.0",
        }, NoSecrets, Options);
        details["authorize_url"].ShouldBe("https://www.facebook.com/v18.0/dialog/oauth");
        details["token_request_method"].ShouldBe("GET");
    }

    [Fact]
    public void Check_SocialWithoutSecret_ThrowsAwsMessage()
        => Should.Throw<CognitoException>(() => ProviderDetailsRules.Check(ProviderTypes.LoginWithAmazon, new Dictionary<string, string>
        {
            ["client_id"] = "id",
            ["authorize_scopes"] = "profile",
        }, NoSecrets, Options)).Message.ShouldBe("client_id, client_secret and authorize_scopes are all required idp details");

    [Fact]
    public void Check_Apple_PrivateKeyIsSealed()
    {
        var (details, secrets) = ProviderDetailsRules.Check(ProviderTypes.SignInWithApple, new Dictionary<string, string>
        {
            ["client_id"] = "com.example",
            ["team_id"] = "T",
            ["key_id"] = "K",
            ["private_key"] = "PEM",
            ["authorize_scopes"] = "email name",
        }, NoSecrets, Options);
        secrets.Keys.ShouldBe(["private_key"]);
        details["team_id"].ShouldBe("T");
    }

    [Fact]
    public void Check_UpdateWithoutSecret_KeepsTheSealedOne()
    {
        var (_, secrets) = ProviderDetailsRules.Check(ProviderTypes.Oidc, Oidc(), new Dictionary<string, string> { ["client_secret"] = "old" }, Options);
        secrets["client_secret"].ShouldBe("old");
    }

    [Fact]
    public void Check_Oidc_RequiresIssuerAndMethod()
    {
        var details = Oidc();
        details.Remove("attributes_request_method");
        Should.Throw<CognitoException>(() => ProviderDetailsRules.Check(ProviderTypes.Oidc, details, NoSecrets, Options))
            .Message.ShouldBe("client_id, attributes_request_method, oidc_issuer and authorize_scopes are all required idp details");
    }

    [Theory]
    [InlineData("attributes_request_method", "PUT")]
    [InlineData("authorize_url", "javascript:alert(1)")]
    [InlineData("oidc_issuer", "idp.example.com")]
    public void Check_OidcBadValue_IsInvalidParameter(string key, string value)
    {
        var details = Oidc();
        details[key] = value;
        Should.Throw<CognitoException>(() => ProviderDetailsRules.Check(ProviderTypes.Oidc, details, NoSecrets, Options)).Code.ShouldBe("InvalidParameterException");
    }

    [Fact]
    public void NeedsDiscovery_OidcWithoutEndpoints_IsTrue()
    {
        var (details, _) = ProviderDetailsRules.Check(ProviderTypes.Oidc, Oidc(), NoSecrets, Options);
        ProviderDetailsRules.NeedsDiscovery(ProviderTypes.Oidc, details).ShouldBeTrue();
        ProviderDetailsRules.ApplyDiscovery(details, new OidcDiscovery("https://idp.example.com/", "https://idp.example.com/auth", "https://idp.example.com/token", "https://idp.example.com/me", "https://idp.example.com/jwks"));
        details["token_url"].ShouldBe("https://idp.example.com/token");
        details["attributes_url"].ShouldBe("https://idp.example.com/me");
        ProviderDetailsRules.NeedsDiscovery(ProviderTypes.Oidc, details).ShouldBeFalse();
    }

    [Fact]
    public void ApplyDiscovery_IssuerMismatch_IsRefused()
    {
        var (details, _) = ProviderDetailsRules.Check(ProviderTypes.Oidc, Oidc(), NoSecrets, Options);
        Should.Throw<CognitoException>(() => ProviderDetailsRules.ApplyDiscovery(details, new OidcDiscovery("https://evil.example.com", "https://a", "https://t", null, "https://j")))
            .Code.ShouldBe("InvalidParameterException");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("https://idp/metadata", "<x/>")]
    public void Check_SamlNeedsExactlyOneMetadataSource(string? url, string? file)
    {
        var details = new Dictionary<string, string>();
        if (url is not null)
        {
            details["MetadataURL"] = url;
        }

        if (file is not null)
        {
            details["MetadataFile"] = file;
        }

        Should.Throw<CognitoException>(() => ProviderDetailsRules.Check(ProviderTypes.Saml, details, NoSecrets, Options)).Code.ShouldBe("InvalidParameterException");
    }

    [Fact]
    public void CheckAttributeMapping_AddsTheTypesUserIdAndRefusesSub()
    {
        var schema = UserPoolSchema.Of(new UserPoolSettings());
        ProviderDetailsRules.CheckAttributeMapping(ProviderTypes.Facebook, new Dictionary<string, string> { ["email"] = "email" }, schema)
            .ShouldBe(new Dictionary<string, string> { ["email"] = "email", ["username"] = "id" }, ignoreOrder: true);
        ProviderDetailsRules.CheckAttributeMapping(ProviderTypes.Saml, null, schema).ShouldBeEmpty();
        Should.Throw<CognitoException>(() => ProviderDetailsRules.CheckAttributeMapping(ProviderTypes.Oidc, new Dictionary<string, string> { ["sub"] = "sub" }, schema));
        Should.Throw<CognitoException>(() => ProviderDetailsRules.CheckAttributeMapping(ProviderTypes.Oidc, new Dictionary<string, string> { ["custom:nope"] = "x" }, schema));
    }

    [Fact]
    public void CheckIdpIdentifiers_PatternAndDuplicates()
    {
        ProviderDetailsRules.CheckIdpIdentifiers(["example.com", "corp"]).Count.ShouldBe(2);
        Should.Throw<CognitoException>(() => ProviderDetailsRules.CheckIdpIdentifiers(["a/b"]));
        Should.Throw<CognitoException>(() => ProviderDetailsRules.CheckIdpIdentifiers(["Corp", "corp"]));
    }

    private static Dictionary<string, string> Oidc() => new()
    {
        ["client_id"] = "tessera",
        ["authorize_scopes"] = "openid email",
        ["attributes_request_method"] = "GET",
        ["oidc_issuer"] = "https://idp.example.com",
    };
}
