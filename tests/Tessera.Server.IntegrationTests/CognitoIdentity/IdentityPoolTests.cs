// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tessera.Core.Users;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.CognitoIdentity;

/// <summary>
/// Identity pools end to end in process: the scenario with the .NET STS client (AWSSDK.SecurityToken),
/// token checks that need a clock or the store (expiry, ServerSideTokenCheck), and role mappings.
/// </summary>
public sealed class IdentityPoolTests : IAsyncLifetime
{
    private const string AuthRole = "arn:aws:iam::000000000000:role/reader";
    private const string GuestRole = "arn:aws:iam::000000000000:role/guest";
    private const string AdminRole = "arn:aws:iam::000000000000:role/admins";
    private readonly FakeTimeProvider time = new(TimeProvider.System.GetUtcNow());
    private TesseraHost host = null!;
    private string poolId = null!;
    private string clientId = null!;

    public async ValueTask InitializeAsync()
    {
        host = await TesseraHost.StartAsync(time: time);
        poolId = await host.CreatePoolAsync();
        (clientId, _) = await host.CreateClientAsync(poolId);
        await host.CreateConfirmedUserAsync(poolId, clientId, "alice", "Perm-Pass-1");
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private string Provider => $"cognito-idp.us-east-1.amazonaws.com/{poolId}";

    [Fact]
    public async Task GetCallerIdentity_DotNetSdkWithIdentityPoolCredentials_AnswersTheAssumedRole()
    {
        var identityPoolId = await CreateIdentityPoolAsync();
        var logins = new Dictionary<string, string> { [Provider] = await SignInAsync() };
        var identityId = (await IdentityAsync("GetId", new { IdentityPoolId = identityPoolId, Logins = logins }))["IdentityId"]!.GetValue<string>();
        var credentials = (await IdentityAsync("GetCredentialsForIdentity", new { IdentityId = identityId, Logins = logins }))["Credentials"]!;

        using var sts = Sts(FromResponse(credentials));
        var me = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), TestContext.Current.CancellationToken);

        me.Account.ShouldBe("000000000000");
        me.Arn.ShouldBe("arn:aws:sts::000000000000:assumed-role/reader/CognitoIdentityCredentials");
        me.UserId.ShouldMatch("^AROA[A-Z2-7]{17}:CognitoIdentityCredentials$");
    }

    [Fact]
    public async Task GetCallerIdentity_DotNetSdkWithTheAdminKey_AnswersTheAccountRoot()
    {
        using var sts = Sts(new BasicAWSCredentials(TesseraHost.AccessKeyId, TesseraHost.SecretAccessKey));
        var me = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), TestContext.Current.CancellationToken);
        me.Arn.ShouldBe("arn:aws:iam::000000000000:root");

        using var wrong = Sts(new BasicAWSCredentials(TesseraHost.AccessKeyId, "not-the-secret"));
        var error = await Should.ThrowAsync<AmazonSecurityTokenServiceException>(() => wrong.GetCallerIdentityAsync(new GetCallerIdentityRequest(), TestContext.Current.CancellationToken));
        error.ErrorCode.ShouldBe("SignatureDoesNotMatch");
        error.StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AssumeRole_AdminKey_IssuesCredentialsThatTheyCannotUseToAssumeFurther()
    {
        using var admin = Sts(new BasicAWSCredentials(TesseraHost.AccessKeyId, TesseraHost.SecretAccessKey));
        var assumed = await admin.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = AuthRole, RoleSessionName = "batch-job", DurationSeconds = 900 }, TestContext.Current.CancellationToken);
        assumed.AssumedRoleUser.Arn.ShouldBe("arn:aws:sts::000000000000:assumed-role/reader/batch-job");
        assumed.Credentials.AccessKeyId.ShouldStartWith("ASIA");
        ((assumed.Credentials.Expiration!.Value.ToUniversalTime() - time.GetUtcNow().UtcDateTime).TotalSeconds).ShouldBeInRange(890, 900);

        using var role = Sts(new SessionAWSCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken));
        (await role.GetCallerIdentityAsync(new GetCallerIdentityRequest(), TestContext.Current.CancellationToken)).UserId.ShouldBe(assumed.AssumedRoleUser.AssumedRoleId);
        var error = await Should.ThrowAsync<AmazonSecurityTokenServiceException>(() => role.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = AdminRole, RoleSessionName = "escalate" }, TestContext.Current.CancellationToken));
        error.ErrorCode.ShouldBe("AccessDenied");
    }

    [Fact]
    public async Task GetId_ExpiredIdToken_ThrowsTokenExpired()
    {
        var identityPoolId = await CreateIdentityPoolAsync();
        var token = await SignInAsync();
        time.Advance(TimeSpan.FromHours(2));

        var error = await Should.ThrowAsync<AwsErrorException>(() => IdentityAsync("GetId", new { IdentityPoolId = identityPoolId, Logins = new Dictionary<string, string> { [Provider] = token } }));
        error.Type.ShouldBe("NotAuthorizedException");
        error.AwsMessage.ShouldMatch(@"^Invalid login token\. Token expired: \d+ >= \d+$");
    }

    [Fact]
    public async Task GetCredentialsForIdentity_ServerSideTokenCheckAfterSignOut_ThrowsRevoked()
    {
        var identityPoolId = await CreateIdentityPoolAsync(serverSideTokenCheck: true);
        var logins = new Dictionary<string, string> { [Provider] = await SignInAsync() };
        var identityId = (await IdentityAsync("GetId", new { IdentityPoolId = identityPoolId, Logins = logins }))["IdentityId"]!.GetValue<string>();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Tessera.Core.Lifecycle.SessionRevocation>().AdminSignOutAsync(poolId, "alice", TestContext.Current.CancellationToken);
        }

        var error = await Should.ThrowAsync<AwsErrorException>(() => IdentityAsync("GetCredentialsForIdentity", new { IdentityId = identityId, Logins = logins }));
        error.Type.ShouldBe("NotAuthorizedException");
        error.AwsMessage.ShouldBe("Invalid login token. Token has been revoked.");
    }

    [Fact]
    public async Task GetCredentialsForIdentity_RulesMapping_ChoosesTheMatchingRole()
    {
        var identityPoolId = await CreateIdentityPoolAsync(roleMappings: new JsonObject
        {
            [$"{Provider}:{clientId}"] = new JsonObject
            {
                ["Type"] = "Rules",
                ["AmbiguousRoleResolution"] = "AuthenticatedRole",
                ["RulesConfiguration"] = new JsonObject
                {
                    ["Rules"] = new JsonArray(new JsonObject { ["Claim"] = "cognito:username", ["MatchType"] = "Equals", ["Value"] = "alice", ["RoleARN"] = AdminRole }),
                },
            },
        });

        (await AssumedRoleAsync(identityPoolId)).ShouldBe("admins");
    }

    [Fact]
    public async Task GetCredentialsForIdentity_TokenMappingWithoutRolesInTheToken_FallsBackAsConfigured()
    {
        var denying = await CreateIdentityPoolAsync(roleMappings: new JsonObject
        {
            [Provider] = new JsonObject { ["Type"] = "Token", ["AmbiguousRoleResolution"] = "Deny" },
        });
        var error = await Should.ThrowAsync<AwsErrorException>(() => AssumedRoleAsync(denying));
        error.Type.ShouldBe("NotAuthorizedException");

        var lenient = await CreateIdentityPoolAsync(roleMappings: new JsonObject
        {
            [Provider] = new JsonObject { ["Type"] = "Token", ["AmbiguousRoleResolution"] = "AuthenticatedRole" },
        });
        (await AssumedRoleAsync(lenient)).ShouldBe("reader");
    }

    [Fact]
    public async Task GetCredentialsForIdentity_GuestWithoutUnauthenticatedRole_ThrowsInvalidIdentityPoolConfiguration()
    {
        var created = await IdentityAsync("CreateIdentityPool", new { IdentityPoolName = "guests", AllowUnauthenticatedIdentities = true }, sign: true);
        var identityPoolId = created["IdentityPoolId"]!.GetValue<string>();
        var identityId = (await IdentityAsync("GetId", new { IdentityPoolId = identityPoolId }))["IdentityId"]!.GetValue<string>();

        var error = await Should.ThrowAsync<AwsErrorException>(() => IdentityAsync("GetCredentialsForIdentity", new { IdentityId = identityId }));
        error.Type.ShouldBe("InvalidIdentityPoolConfigurationException");
        error.AwsMessage.ShouldBe("Invalid identity pool configuration. Check assigned IAM roles for this pool.");
    }

    [Fact]
    public async Task GetId_LocalIssuerProviderName_MapsToTheSameIdentity()
    {
        var identityPoolId = await CreateIdentityPoolAsync();
        var token = await SignInAsync();
        var aws = await IdentityAsync("GetId", new { IdentityPoolId = identityPoolId, Logins = new Dictionary<string, string> { [Provider] = token } });
        var local = await IdentityAsync("GetId", new { IdentityPoolId = identityPoolId, Logins = new Dictionary<string, string> { [$"localhost:9229/{poolId}"] = token } });
        local["IdentityId"]!.GetValue<string>().ShouldBe(aws["IdentityId"]!.GetValue<string>());
    }

    /// <summary>The Credentials member of GetCredentialsForIdentity, as the SDK takes them.</summary>
    private static SessionAWSCredentials FromResponse(JsonNode credentials)
        => new(credentials["AccessKeyId"]!.GetValue<string>(), credentials["SecretKey"]!.GetValue<string>(), credentials["SessionToken"]!.GetValue<string>());

    private AmazonSecurityTokenServiceClient Sts(AWSCredentials credentials)
        => new(credentials, new AmazonSecurityTokenServiceConfig { ServiceURL = "http://localhost", AuthenticationRegion = "us-east-1", MaxErrorRetry = 0, HttpClientFactory = new TestServerClientFactory(host) });

    private async Task<string> AssumedRoleAsync(string identityPoolId)
    {
        var logins = new Dictionary<string, string> { [Provider] = await SignInAsync() };
        var identityId = (await IdentityAsync("GetId", new { IdentityPoolId = identityPoolId, Logins = logins }))["IdentityId"]!.GetValue<string>();
        var credentials = (await IdentityAsync("GetCredentialsForIdentity", new { IdentityId = identityId, Logins = logins }))["Credentials"]!;
        using var sts = Sts(FromResponse(credentials));
        var arn = (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), TestContext.Current.CancellationToken)).Arn;
        return arn.Split('/')[1];
    }

    private async Task<string> CreateIdentityPoolAsync(bool serverSideTokenCheck = false, JsonObject? roleMappings = null)
    {
        var created = await IdentityAsync("CreateIdentityPool", new
        {
            IdentityPoolName = "blog",
            AllowUnauthenticatedIdentities = false,
            CognitoIdentityProviders = new[] { new { ProviderName = Provider, ClientId = clientId, ServerSideTokenCheck = serverSideTokenCheck } },
        }, sign: true);
        var identityPoolId = created["IdentityPoolId"]!.GetValue<string>();
        var roles = new JsonObject
        {
            ["IdentityPoolId"] = identityPoolId,
            ["Roles"] = new JsonObject { ["authenticated"] = AuthRole, ["unauthenticated"] = GuestRole },
        };
        if (roleMappings is not null)
        {
            roles["RoleMappings"] = roleMappings;
        }

        await IdentityAsync("SetIdentityPoolRoles", roles, sign: true);
        return identityPoolId;
    }

    private async Task<string> SignInAsync()
    {
        var result = await host.CallAsync("InitiateAuth", new
        {
            ClientId = clientId,
            AuthFlow = "USER_PASSWORD_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "alice", ["PASSWORD"] = "Perm-Pass-1" },
        }, sign: false);
        return result["AuthenticationResult"]!["IdToken"]!.GetValue<string>();
    }

    private Task<JsonObject> IdentityAsync(string operation, object body, bool sign = false)
        => host.CallServiceAsync("AWSCognitoIdentityService", "cognito-identity", operation, body, sign);

    /// <summary>Hands the AWS SDK a client of the test server, so its requests reach Tessera in process.</summary>
    private sealed class TestServerClientFactory(TesseraHost host) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig)
        {
            var server = (Microsoft.AspNetCore.TestHost.TestServer)host.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>();
            return new HttpClient(new PlainUriHandler { InnerHandler = server.CreateHandler() }) { BaseAddress = server.BaseAddress };
        }

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }

    /// <summary>
    /// The SDK builds URIs that skip canonicalisation, which the test server cannot read; the same URI,
    /// parsed normally, is what a socket would carry anyway.
    /// </summary>
    private sealed class PlainUriHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri(request.RequestUri!.OriginalString);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
