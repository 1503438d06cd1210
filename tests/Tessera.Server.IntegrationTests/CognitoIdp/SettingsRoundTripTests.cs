// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Tessera.Server.AwsJson;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.CognitoIdp;

/// <summary>
/// Every member of the Create and Update requests of user pools, app clients and identity pools, as the botocore
/// models list them, goes in and comes back out of Describe as it was sent (issue 12, item 5). The members are
/// walked from the models, so a member the model gains fails <see cref="EveryModelMember_HasASampleOrAReason"/>
/// until it has a sample, and a member the server drops between request, store and response fails the round trip.
/// </summary>
public sealed class SettingsRoundTripTests(TesseraHostFixture fixture) : IClassFixture<TesseraHostFixture>
{
    private const string Arn = "arn:aws:iam::123456789012:role/tessera";
    private readonly TesseraHost host = fixture.Host;

    /// <summary>Members that name the resource or ask for an action instead of describing a setting.</summary>
    private static readonly Dictionary<string, string> NotSettings = new(StringComparer.Ordinal)
    {
        ["UserPoolId"] = "names the pool",
        ["ClientId"] = "names the client",
        ["IdentityPoolId"] = "names the identity pool",
        ["GenerateSecret"] = "asks for a secret; the ClientSecret sample proves a secret is kept and returned",
    };

    /// <summary>Input members that Describe returns under another name.</summary>
    private static readonly Dictionary<string, string> OutputName = new(StringComparer.Ordinal)
    {
        ["PoolName"] = "Name",
        ["Schema"] = "SchemaAttributes",
    };

    private static JsonObject CreatePool() => Json(new
    {
        PoolName = "roundtrip",
        Policies = new
        {
            PasswordPolicy = new { MinimumLength = 10, RequireUppercase = true, RequireLowercase = false, RequireNumbers = true, RequireSymbols = false, PasswordHistorySize = 3, TemporaryPasswordValidityDays = 5 },
            SignInPolicy = new { AllowedFirstAuthFactors = new[] { "PASSWORD" } },
        },
        DeletionProtection = "INACTIVE",
        LambdaConfig = new { PreSignUp = "arn:aws:lambda:us-east-1:123456789012:function:pre" },
        AutoVerifiedAttributes = new[] { "email" },
        AliasAttributes = new[] { "phone_number" },
        SmsVerificationMessage = "Code {####}",
        EmailVerificationMessage = "Your code {####}",
        EmailVerificationSubject = "Code",
        VerificationMessageTemplate = new { SmsMessage = "Code {####}", EmailMessage = "Your code {####}", EmailSubject = "Code", DefaultEmailOption = "CONFIRM_WITH_CODE" },
        SmsAuthenticationMessage = "Auth {####}",
        MfaConfiguration = "OPTIONAL",
        UserAttributeUpdateSettings = new { AttributesRequireVerificationBeforeUpdate = new[] { "email" } },
        DeviceConfiguration = new { ChallengeRequiredOnNewDevice = true, DeviceOnlyRememberedOnUserPrompt = true },
        EmailConfiguration = new { EmailSendingAccount = "DEVELOPER", SourceArn = "arn:aws:ses:us-east-1:123456789012:identity/a@example.com", From = "a@example.com" },
        SmsConfiguration = new { SnsCallerArn = Arn, ExternalId = "x", SnsRegion = "us-east-1" },
        UserPoolTags = new Dictionary<string, string> { ["team"] = "a" },
        AdminCreateUserConfig = new { AllowAdminCreateUserOnly = true, UnusedAccountValidityDays = 3, InviteMessageTemplate = new { SMSMessage = "Hi {username} {####}", EmailMessage = "Hi {username} {####}", EmailSubject = "Welcome" } },
        Schema = new[] { new { Name = "email", AttributeDataType = "String", Mutable = true, Required = true, StringAttributeConstraints = new { MinLength = "5", MaxLength = "100" } } },
        UserPoolAddOns = new { AdvancedSecurityMode = "AUDIT" },
        UsernameConfiguration = new { CaseSensitive = false },
        AccountRecoverySetting = new { RecoveryMechanisms = new[] { new { Priority = 1, Name = "verified_email" } } },
        UserPoolTier = "PLUS",
        KeyConfiguration = new { KeyType = "AWS_OWNED_KEY" },
        IssuerConfiguration = new { Type = "UPDATED" },
    });

    /// <summary>AliasAttributes and UsernameAttributes exclude each other, so the second goes in a pool of its own.</summary>
    private static JsonObject CreatePoolWithUsernameAttributes() => Json(new { PoolName = "roundtrip-email", UsernameAttributes = new[] { "email" } });

    private static JsonObject UpdatePool() => Json(new
    {
        PoolName = "roundtrip-updated",
        Policies = new
        {
            PasswordPolicy = new { MinimumLength = 12, RequireUppercase = false, RequireLowercase = true, RequireNumbers = false, RequireSymbols = true, PasswordHistorySize = 5, TemporaryPasswordValidityDays = 2 },
            SignInPolicy = new { AllowedFirstAuthFactors = new[] { "PASSWORD", "EMAIL_OTP" } },
        },
        DeletionProtection = "INACTIVE",
        LambdaConfig = new { PostConfirmation = "arn:aws:lambda:us-east-1:123456789012:function:post" },
        AutoVerifiedAttributes = new[] { "phone_number" },
        SmsVerificationMessage = "Your SMS code {####}",
        EmailVerificationMessage = "Here is {####}",
        EmailVerificationSubject = "Verify",
        VerificationMessageTemplate = new { SmsMessage = "Your SMS code {####}", EmailMessage = "Here is {####}", EmailSubject = "Verify", DefaultEmailOption = "CONFIRM_WITH_CODE" },
        SmsAuthenticationMessage = "Sign in {####}",
        UserAttributeUpdateSettings = new { AttributesRequireVerificationBeforeUpdate = new[] { "phone_number" } },
        MfaConfiguration = "ON",
        DeviceConfiguration = new { ChallengeRequiredOnNewDevice = false, DeviceOnlyRememberedOnUserPrompt = true },
        EmailConfiguration = new { EmailSendingAccount = "COGNITO_DEFAULT", ReplyToEmailAddress = "reply@example.com" },
        SmsConfiguration = new { SnsCallerArn = Arn, ExternalId = "y", SnsRegion = "eu-west-1" },
        UserPoolTags = new Dictionary<string, string> { ["team"] = "b", ["env"] = "test" },
        AdminCreateUserConfig = new { AllowAdminCreateUserOnly = false, UnusedAccountValidityDays = 9 },
        UserPoolAddOns = new { AdvancedSecurityMode = "ENFORCED" },
        AccountRecoverySetting = new { RecoveryMechanisms = new[] { new { Priority = 1, Name = "verified_phone_number" }, new { Priority = 2, Name = "verified_email" } } },
        UserPoolTier = "ESSENTIALS",
        KeyConfiguration = new { KeyType = "CUSTOMER_MANAGED_KEY", KmsKeyArn = "arn:aws:kms:us-east-1:123456789012:key/mrk-1234" },
        IssuerConfiguration = new { Type = "ORIGINAL" },
    });

    private static JsonObject CreateClient() => Json(new
    {
        ClientName = "roundtrip",
        ClientSecret = "chosen_secret_value_0123456789",
        RefreshTokenValidity = 10,
        AccessTokenValidity = 2,
        IdTokenValidity = 3,
        TokenValidityUnits = new { AccessToken = "hours", IdToken = "hours", RefreshToken = "days" },
        ReadAttributes = new[] { "email", "name" },
        WriteAttributes = new[] { "email", "name" },
        ExplicitAuthFlows = new[] { "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH" },
        SupportedIdentityProviders = new[] { "COGNITO" },
        CallbackURLs = new[] { "https://app.example.com/cb" },
        LogoutURLs = new[] { "https://app.example.com/out" },
        DefaultRedirectURI = "https://app.example.com/cb",
        AllowedOAuthFlows = new[] { "code" },
        AllowedOAuthScopes = new[] { "openid", "email" },
        AllowedOAuthFlowsUserPoolClient = true,
        AnalyticsConfiguration = new { ApplicationId = "0123456789abcdef", RoleArn = Arn, ExternalId = "x", UserDataShared = true },
        PreventUserExistenceErrors = "ENABLED",
        EnableTokenRevocation = false,
        EnablePropagateAdditionalUserContextData = true,
        AuthSessionValidity = 10,
        RefreshTokenRotation = new { Feature = "ENABLED", RetryGracePeriodSeconds = 30 },
    });

    private static JsonObject UpdateClient() => Json(new
    {
        ClientName = "roundtrip-updated",
        RefreshTokenValidity = 20,
        AccessTokenValidity = 30,
        IdTokenValidity = 40,
        TokenValidityUnits = new { AccessToken = "minutes", IdToken = "minutes", RefreshToken = "hours" },
        ReadAttributes = new[] { "email" },
        WriteAttributes = new[] { "name" },
        ExplicitAuthFlows = new[] { "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH" },
        SupportedIdentityProviders = new[] { "COGNITO" },
        CallbackURLs = new[] { "https://app.example.com/cb2" },
        LogoutURLs = new[] { "https://app.example.com/out2" },
        DefaultRedirectURI = "https://app.example.com/cb2",
        AllowedOAuthFlows = new[] { "code", "implicit" },
        AllowedOAuthScopes = new[] { "openid", "profile" },
        AllowedOAuthFlowsUserPoolClient = true,
        AnalyticsConfiguration = new { ApplicationArn = "arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc", UserDataShared = false },
        PreventUserExistenceErrors = "LEGACY",
        EnableTokenRevocation = true,
        EnablePropagateAdditionalUserContextData = false,
        AuthSessionValidity = 5,
        RefreshTokenRotation = new { Feature = "DISABLED" },
    });

    private static JsonObject CreateIdentityPool() => Json(new
    {
        IdentityPoolName = "roundtrip",
        AllowUnauthenticatedIdentities = true,
        AllowClassicFlow = true,
        SupportedLoginProviders = new Dictionary<string, string> { ["graph.facebook.com"] = "123" },
        DeveloperProviderName = "login.example",
        OpenIdConnectProviderARNs = new[] { "arn:aws:iam::123456789012:oidc-provider/example.com" },
        CognitoIdentityProviders = new[] { new { ProviderName = "cognito-idp.us-east-1.amazonaws.com/us-east-1_abc", ClientId = "abc123", ServerSideTokenCheck = true } },
        SamlProviderARNs = new[] { "arn:aws:iam::123456789012:saml-provider/corp" },
        IdentityPoolTags = new Dictionary<string, string> { ["team"] = "a" },
    });

    private static JsonObject UpdateIdentityPool() => Json(new
    {
        IdentityPoolName = "roundtrip_updated",
        AllowUnauthenticatedIdentities = false,
        AllowClassicFlow = false,
        SupportedLoginProviders = new Dictionary<string, string> { ["accounts.google.com"] = "456" },
        DeveloperProviderName = "login.example",
        OpenIdConnectProviderARNs = new[] { "arn:aws:iam::123456789012:oidc-provider/other.example.com" },
        CognitoIdentityProviders = new[] { new { ProviderName = "cognito-idp.us-east-1.amazonaws.com/us-east-1_def", ClientId = "def456", ServerSideTokenCheck = false } },
        SamlProviderARNs = new[] { "arn:aws:iam::123456789012:saml-provider/other" },
        IdentityPoolTags = new Dictionary<string, string> { ["team"] = "b" },
    });

    public static TheoryData<string, string, string[]> Requests => new()
    {
        { "cognito-idp", "CreateUserPoolRequest", ["CreatePool", "CreatePoolWithUsernameAttributes"] },
        { "cognito-idp", "UpdateUserPoolRequest", ["UpdatePool"] },
        { "cognito-idp", "CreateUserPoolClientRequest", ["CreateClient"] },
        { "cognito-idp", "UpdateUserPoolClientRequest", ["UpdateClient"] },
        { "cognito-identity", "CreateIdentityPoolInput", ["CreateIdentityPool"] },
        { "cognito-identity", "IdentityPool", ["UpdateIdentityPool"] },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void EveryModelMember_HasASampleOrAReason(string service, string shape, string[] samples)
    {
        var sent = samples.SelectMany(s => Sample(s).Select(p => p.Key)).ToHashSet(StringComparer.Ordinal);

        var missing = ServiceModel.Load(service).Shapes[shape].MemberShapes.Keys.Where(m => !sent.Contains(m) && !NotSettings.ContainsKey(m)).ToList();

        missing.ShouldBeEmpty($"{shape} members with no sample in {nameof(SettingsRoundTripTests)}: add one, so the member is proven to round-trip");
    }

    [Fact]
    public async Task UserPool_CreateThenUpdate_DescribeReturnsEveryMemberSent()
    {
        foreach (var create in new[] { CreatePool(), CreatePoolWithUsernameAttributes() })
        {
            var created = (await host.CallAsync("CreateUserPool", create))["UserPool"]!.AsObject();
            ShouldCarry(created, create, "CreateUserPool");
            ShouldCarry(await DescribePoolAsync(created["Id"]!.GetValue<string>()), create, "DescribeUserPool after CreateUserPool");
        }

        var poolId = (await host.CallAsync("CreateUserPool", CreatePool()))["UserPool"]!["Id"]!.GetValue<string>();
        var update = UpdatePool();
        update["UserPoolId"] = poolId;
        await host.CallAsync("UpdateUserPool", update);
        ShouldCarry(await DescribePoolAsync(poolId), update, "DescribeUserPool after UpdateUserPool");
    }

    [Fact]
    public async Task UserPoolClient_CreateThenUpdate_DescribeReturnsEveryMemberSent()
    {
        var poolId = await host.CreatePoolAsync();
        var create = CreateClient();
        create["UserPoolId"] = poolId;
        var created = (await host.CallAsync("CreateUserPoolClient", create))["UserPoolClient"]!.AsObject();
        ShouldCarry(created, create, "CreateUserPoolClient");
        var clientId = created["ClientId"]!.GetValue<string>();
        ShouldCarry(await DescribeClientAsync(poolId, clientId), create, "DescribeUserPoolClient after CreateUserPoolClient");

        var update = UpdateClient();
        update["UserPoolId"] = poolId;
        update["ClientId"] = clientId;
        ShouldCarry((await host.CallAsync("UpdateUserPoolClient", update))["UserPoolClient"]!.AsObject(), update, "UpdateUserPoolClient");
        ShouldCarry(await DescribeClientAsync(poolId, clientId), update, "DescribeUserPoolClient after UpdateUserPoolClient");
    }

    [Fact]
    public async Task IdentityPool_CreateThenUpdate_DescribeReturnsEveryMemberSent()
    {
        var create = CreateIdentityPool();
        var created = await host.CallServiceAsync("AWSCognitoIdentityService", "cognito-identity", "CreateIdentityPool", create);
        ShouldCarry(created, create, "CreateIdentityPool");
        var id = created["IdentityPoolId"]!.GetValue<string>();
        ShouldCarry(await DescribeIdentityPoolAsync(id), create, "DescribeIdentityPool after CreateIdentityPool");

        var update = UpdateIdentityPool();
        update["IdentityPoolId"] = id;
        ShouldCarry(await host.CallServiceAsync("AWSCognitoIdentityService", "cognito-identity", "UpdateIdentityPool", update), update, "UpdateIdentityPool");
        ShouldCarry(await DescribeIdentityPoolAsync(id), update, "DescribeIdentityPool after UpdateIdentityPool");
    }

    /// <summary>The check is not vacuous: a member left out, or changed, is reported.</summary>
    [Fact]
    public void Missing_DroppedOrChangedMember_IsReported()
    {
        var sent = Json(new { A = 1, B = new { C = new[] { "x", "y" } }, D = new[] { new { E = "e" } } });

        Missing(Json(new { A = 1, B = new { C = new[] { "y", "x" } }, D = new[] { new { E = "e", F = "extra" } } }), sent).ShouldBeEmpty();
        Missing(Json(new { A = 1, D = new[] { new { E = "e" } } }), sent).ShouldBe(["B"]);
        Missing(Json(new { A = 2, B = new { C = new[] { "x" } }, D = new[] { new { E = "other" } } }), sent).ShouldBe(["A", "B", "D"]);
    }

    private static void ShouldCarry(JsonObject described, JsonObject sent, string where)
        => Missing(described, sent).ShouldBeEmpty($"{where} dropped or changed these members; the response was {described.ToJsonString()}");

    /// <summary>The members of <paramref name="sent"/> that <paramref name="described"/> does not hold with the same value.</summary>
    private static List<string> Missing(JsonObject described, JsonObject sent)
        => sent.Where(m => !NotSettings.ContainsKey(m.Key) && !Holds(described[OutputName.GetValueOrDefault(m.Key, m.Key)], m.Value)).Select(m => m.Key).ToList();

    /// <summary>
    /// Whether <paramref name="actual"/> holds everything in <paramref name="expected"/>: objects member by member
    /// (the server may add defaults), lists element by element in any order, scalars equal.
    /// </summary>
    private static bool Holds(JsonNode? actual, JsonNode? expected) => expected switch
    {
        null => actual is null,
        JsonObject o => actual is JsonObject a && o.All(m => Holds(a[m.Key], m.Value)),
        JsonArray list => actual is JsonArray a && (list.Any(e => e is JsonObject) || a.Count == list.Count) && list.All(e => a.Any(x => Holds(x, e))),
        JsonValue v => actual is JsonValue a && Scalar(a) == Scalar(v),
        _ => false,
    };

    private static string Scalar(JsonValue value)
        => value.TryGetValue<double>(out var number) ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : value.ToJsonString();

    private static JsonObject Sample(string name) => name switch
    {
        "CreatePool" => CreatePool(),
        "CreatePoolWithUsernameAttributes" => CreatePoolWithUsernameAttributes(),
        "UpdatePool" => UpdatePool(),
        "CreateClient" => CreateClient(),
        "UpdateClient" => UpdateClient(),
        "CreateIdentityPool" => CreateIdentityPool(),
        "UpdateIdentityPool" => UpdateIdentityPool(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static JsonObject Json(object value) => System.Text.Json.JsonSerializer.SerializeToNode(value)!.AsObject();

    private async Task<JsonObject> DescribePoolAsync(string poolId)
        => (await host.CallAsync("DescribeUserPool", new { UserPoolId = poolId }))["UserPool"]!.AsObject();

    private async Task<JsonObject> DescribeClientAsync(string poolId, string clientId)
        => (await host.CallAsync("DescribeUserPoolClient", new { UserPoolId = poolId, ClientId = clientId }))["UserPoolClient"]!.AsObject();

    private Task<JsonObject> DescribeIdentityPoolAsync(string id)
        => host.CallServiceAsync("AWSCognitoIdentityService", "cognito-identity", "DescribeIdentityPool", new { IdentityPoolId = id });
}
