// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.CognitoIdp;

public sealed class PoolAndClientAdministrationTests(TesseraHostFixture fixture) : IClassFixture<TesseraHostFixture>
{
    private readonly TesseraHost host = fixture.Host;

    [Fact]
    public async Task UpdateUserPool_OmittedMembers_ResetOrKeepAsAws()
    {
        var pool = await host.CreatePoolAsync(new
        {
            AutoVerifiedAttributes = new[] { "email" },
            MfaConfiguration = "OFF",
            DeletionProtection = "ACTIVE",
            Policies = new { PasswordPolicy = new { MinimumLength = 12, RequireSymbols = false } },
            UserPoolTags = new Dictionary<string, string> { ["team"] = "a" },
            EmailVerificationSubject = "Your code",
            AliasAttributes = new[] { "email" },
        });

        await host.CallAsync("UpdateUserPool", new { UserPoolId = pool, PoolName = "renamed", SmsAuthenticationMessage = "Code {####}" });

        var described = (await host.CallAsync("DescribeUserPool", new { UserPoolId = pool }))["UserPool"]!;
        described["Name"]!.GetValue<string>().ShouldBe("renamed");
        described["SmsAuthenticationMessage"]!.GetValue<string>().ShouldBe("Code {####}");
        // Reset to the defaults when omitted.
        described["AutoVerifiedAttributes"].ShouldBeNull();
        described["UserPoolTags"]!.AsObject().Count.ShouldBe(0);
        // Kept when omitted.
        described["EmailVerificationSubject"]!.GetValue<string>().ShouldBe("Your code", "it mirrors the kept VerificationMessageTemplate.EmailSubject");
        described["DeletionProtection"]!.GetValue<string>().ShouldBe("ACTIVE");
        described["Policies"]!["PasswordPolicy"]!["MinimumLength"]!.GetValue<int>().ShouldBe(12);
        described["Policies"]!["PasswordPolicy"]!["RequireSymbols"]!.GetValue<bool>().ShouldBeFalse();
        described["AliasAttributes"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["email"]);
        described["LastModifiedDate"]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(described["CreationDate"]!.GetValue<double>());
    }

    [Fact]
    public async Task UpdateUserPool_NewPasswordPolicy_IsEnforced()
    {
        var pool = await host.CreatePoolAsync();
        await host.CallAsync("UpdateUserPool", new { UserPoolId = pool, Policies = new { PasswordPolicy = new { MinimumLength = 20 } } });
        await host.CallAsync("AdminCreateUser", new { UserPoolId = pool, Username = "alice", MessageAction = "SUPPRESS" });

        var error = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("AdminSetUserPassword", new { UserPoolId = pool, Username = "alice", Password = "Short-Pass-1", Permanent = true }));

        error.Type.ShouldBe("InvalidPasswordException");
        error.AwsMessage.ShouldBe("Password did not conform with policy: Password not long enough");
    }

    [Fact]
    public async Task UpdateUserPool_UnknownPool_ThrowsResourceNotFound()
    {
        var error = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("UpdateUserPool", new { UserPoolId = "us-east-1_nothere" }));
        error.Type.ShouldBe("ResourceNotFoundException");
        error.AwsMessage.ShouldBe("User pool us-east-1_nothere does not exist.");
    }

    [Fact]
    public async Task DeleteUserPool_DeletesPoolAndItsUsers()
    {
        var pool = await host.CreatePoolAsync();
        await host.CallAsync("AdminCreateUser", new { UserPoolId = pool, Username = "alice", MessageAction = "SUPPRESS" });

        await host.CallAsync("DeleteUserPool", new { UserPoolId = pool });

        var error = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("DescribeUserPool", new { UserPoolId = pool }));
        error.Type.ShouldBe("ResourceNotFoundException");
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("DeleteUserPool", new { UserPoolId = pool }))).Type.ShouldBe("ResourceNotFoundException");
    }

    [Fact]
    public async Task DeleteUserPool_DeletionProtectionActive_ThrowsInvalidParameterUntilInactivated()
    {
        var pool = await host.CreatePoolAsync(new { DeletionProtection = "ACTIVE" });

        var error = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("DeleteUserPool", new { UserPoolId = pool }));
        error.Type.ShouldBe("InvalidParameterException");
        error.AwsMessage.ShouldContain("deletion protection is activated");

        await host.CallAsync("UpdateUserPool", new { UserPoolId = pool, DeletionProtection = "INACTIVE" });
        await host.CallAsync("DeleteUserPool", new { UserPoolId = pool });
    }

    [Fact]
    public async Task ListUserPools_PagesThroughEveryPoolWithOpaqueTokens()
    {
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await host.CreatePoolAsync());
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await host.CallAsync("ListUserPools", token is null ? new { MaxResults = 2 } : new { MaxResults = 2, NextToken = token });
            var pools = page["UserPools"]!.AsArray();
            pools.Count.ShouldBeLessThanOrEqualTo(2);
            foreach (var p in pools.Where(p => created.Contains(p!["Id"]!.GetValue<string>())))
            {
                p!["Name"]!.GetValue<string>().ShouldStartWith("pool-");
                p["LambdaConfig"].ShouldBeOfType<JsonObject>();
                p["CreationDate"]!.GetValue<double>().ShouldBeGreaterThan(0);
                seen.Add(p["Id"]!.GetValue<string>());
            }

            token = page["NextToken"]?.GetValue<string>();
            token?.ShouldNotContain("us-east-1_");
            pages++;
        }
        while (token is not null);

        // Other tests share this server, so their pools are in the list too.
        seen.ShouldBe(created.Order(StringComparer.Ordinal).ToList());
        pages.ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task ListUserPools_MaxResultsMissingOrOutOfRange_ThrowsInvalidParameter()
    {
        var missing = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("ListUserPools", new { }));
        missing.Type.ShouldBe("InvalidParameterException");
        missing.AwsMessage.ShouldContain("axResults");

        var tooMany = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("ListUserPools", new { MaxResults = 61 }));
        tooMany.Type.ShouldBe("InvalidParameterException");
        tooMany.AwsMessage.ShouldContain("Member must have value less than or equal to 60");
    }

    [Fact]
    public async Task ListUserPools_ForgedToken_ThrowsInvalidParameter()
    {
        await host.CreatePoolAsync();
        var error = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("ListUserPools", new { MaxResults = 10, NextToken = "not-a-token" }));
        error.Type.ShouldBe("InvalidParameterException");
    }

    [Fact]
    public async Task UpdateUserPoolClient_ReplacesConfigurationAndKeepsSecret()
    {
        var pool = await host.CreatePoolAsync();
        var created = (await host.CallAsync("CreateUserPoolClient", new
        {
            UserPoolId = pool,
            ClientName = "web",
            GenerateSecret = true,
            ExplicitAuthFlows = new[] { "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH" },
            AccessTokenValidity = 2,
            PreventUserExistenceErrors = "ENABLED",
        }))["UserPoolClient"]!;
        var clientId = created["ClientId"]!.GetValue<string>();

        var updated = (await host.CallAsync("UpdateUserPoolClient", new { UserPoolId = pool, ClientId = clientId, ClientName = "web-2", RefreshTokenValidity = 5 }))["UserPoolClient"]!;

        updated["ClientName"]!.GetValue<string>().ShouldBe("web-2");
        updated["ClientSecret"]!.GetValue<string>().ShouldBe(created["ClientSecret"]!.GetValue<string>());
        updated["RefreshTokenValidity"]!.GetValue<int>().ShouldBe(5);
        // Omitted settings return to their defaults, as the API reference says.
        updated["AccessTokenValidity"].ShouldBeNull();
        updated["PreventUserExistenceErrors"]!.GetValue<string>().ShouldBe("LEGACY");
        updated["ExplicitAuthFlows"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldContain("ALLOW_USER_SRP_AUTH");
        var described = (await host.CallAsync("DescribeUserPoolClient", new { UserPoolId = pool, ClientId = clientId }))["UserPoolClient"]!;
        described["ClientName"]!.GetValue<string>().ShouldBe("web-2");
    }

    [Fact]
    public async Task UpdateUserPoolClient_UnknownClient_ThrowsResourceNotFound()
    {
        var pool = await host.CreatePoolAsync();
        var error = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("UpdateUserPoolClient", new { UserPoolId = pool, ClientId = "1example23456789" }));
        error.Type.ShouldBe("ResourceNotFoundException");
        error.AwsMessage.ShouldBe("User pool client 1example23456789 does not exist.");
    }

    [Fact]
    public async Task UpdateUserPoolClient_InvalidOAuthFlows_ThrowsInvalidOAuthFlow()
    {
        var pool = await host.CreatePoolAsync();
        var (client, _) = await host.CreateClientAsync(pool);
        var error = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("UpdateUserPoolClient", new
        {
            UserPoolId = pool,
            ClientId = client,
            AllowedOAuthFlows = new[] { "client_credentials", "code" },
            AllowedOAuthFlowsUserPoolClient = true,
            AllowedOAuthScopes = new[] { "openid" },
            CallbackURLs = new[] { "https://example.com/cb" },
        }));
        error.Type.ShouldBe("InvalidOAuthFlowException");
    }

    [Fact]
    public async Task ListUserPoolClients_PagesDescriptions()
    {
        var pool = await host.CreatePoolAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await host.CreateClientAsync(pool)).ClientId);
        }

        var first = await host.CallAsync("ListUserPoolClients", new { UserPoolId = pool, MaxResults = 2 });
        var second = await host.CallAsync("ListUserPoolClients", new { UserPoolId = pool, MaxResults = 2, NextToken = first["NextToken"]!.GetValue<string>() });

        var all = first["UserPoolClients"]!.AsArray().Concat(second["UserPoolClients"]!.AsArray()).ToList();
        all.Select(c => c!["ClientId"]!.GetValue<string>()).ShouldBe(ids.Order(StringComparer.Ordinal).ToList());
        all.ShouldAllBe(c => c!["UserPoolId"]!.GetValue<string>() == pool && c["ClientName"]!.GetValue<string>() == "client");
        all.ShouldAllBe(c => c!.AsObject().Count == 3);
        second["NextToken"].ShouldBeNull();

        var withoutMax = await host.CallAsync("ListUserPoolClients", new { UserPoolId = pool });
        withoutMax["UserPoolClients"]!.AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task ListUserPoolClients_UnknownPoolOrBadToken_Throws()
    {
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("ListUserPoolClients", new { UserPoolId = "us-east-1_nothere" }))).Type.ShouldBe("ResourceNotFoundException");
        var pool = await host.CreatePoolAsync();
        // A token from another list (pools) is not a client-list token.
        await host.CreatePoolAsync();
        var poolsToken = (await host.CallAsync("ListUserPools", new { MaxResults = 1 }))["NextToken"]!.GetValue<string>();
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("ListUserPoolClients", new { UserPoolId = pool, NextToken = poolsToken }))).Type.ShouldBe("InvalidParameterException");
    }

    [Fact]
    public async Task DeleteUserPoolClient_RemovesClientAndItsSignIns()
    {
        var pool = await host.CreatePoolAsync();
        var (client, _) = await host.CreateClientAsync(pool);

        await host.CallAsync("DeleteUserPoolClient", new { UserPoolId = pool, ClientId = client });

        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("DescribeUserPoolClient", new { UserPoolId = pool, ClientId = client }))).Type.ShouldBe("ResourceNotFoundException");
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("DeleteUserPoolClient", new { UserPoolId = pool, ClientId = client }))).Type.ShouldBe("ResourceNotFoundException");
        var signIn = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId = client,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "x", ["PASSWORD"] = "y" },
        }, sign: false));
        signIn.Type.ShouldBe("ResourceNotFoundException");
    }

    [Fact]
    public async Task DeleteUserPoolClient_ClientOfAnotherPool_ThrowsResourceNotFound()
    {
        var pool = await host.CreatePoolAsync();
        var other = await host.CreatePoolAsync();
        var (client, _) = await host.CreateClientAsync(other);
        (await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("DeleteUserPoolClient", new { UserPoolId = pool, ClientId = client }))).Type.ShouldBe("ResourceNotFoundException");
    }
}
