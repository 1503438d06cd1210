// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.HostedUi;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.OAuth;

public sealed class HostedUiOperationsTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private readonly TesseraHost host = shared.Host;

    [Fact]
    public async Task UserPoolDomain_CreateDescribeDelete_RoundTrips()
    {
        var pool = await host.CreatePoolAsync();
        var domain = "dom" + Guid.NewGuid().ToString("N")[..8];
        await host.CallAsync("CreateUserPoolDomain", new { UserPoolId = pool, Domain = domain });

        var described = await host.CallAsync("DescribeUserPoolDomain", new { Domain = domain });
        described["DomainDescription"]!["UserPoolId"]!.GetValue<string>().ShouldBe(pool);
        described["DomainDescription"]!["Status"]!.GetValue<string>().ShouldBe("ACTIVE");
        var userPool = await host.CallAsync("DescribeUserPool", new { UserPoolId = pool });
        userPool["UserPool"]!["Domain"]!.GetValue<string>().ShouldBe(domain);
        userPool["UserPool"]!["CustomDomain"].ShouldBeNull();

        var taken = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("CreateUserPoolDomain", new { UserPoolId = pool, Domain = domain }));
        taken.Type.ShouldBe("InvalidParameterException");

        await host.CallAsync("DeleteUserPoolDomain", new { UserPoolId = pool, Domain = domain });
        (await host.CallAsync("DescribeUserPoolDomain", new { Domain = domain }))["DomainDescription"]!.AsObject().Count.ShouldBe(0);
        (await host.CallAsync("DescribeUserPool", new { UserPoolId = pool }))["UserPool"]!["Domain"].ShouldBeNull();
    }

    [Fact]
    public async Task DescribeUserPool_WithDomains_FillsDomainAndCustomDomain()
    {
        var pool = await host.CreatePoolAsync();
        (await host.CallAsync("DescribeUserPool", new { UserPoolId = pool }))["UserPool"]!["Domain"].ShouldBeNull();

        var prefix = "dom" + Guid.NewGuid().ToString("N")[..8];
        // The botocore DomainType pattern admits no dots, so the custom domain here is a single label.
        var custom = "custom" + Guid.NewGuid().ToString("N")[..8];
        await host.CallAsync("CreateUserPoolDomain", new { UserPoolId = pool, Domain = prefix });
        await host.CallAsync("CreateUserPoolDomain", new { UserPoolId = pool, Domain = custom, CustomDomainConfig = new { CertificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/abc" } });

        var described = (await host.CallAsync("DescribeUserPool", new { UserPoolId = pool }))["UserPool"]!;
        described["Domain"]!.GetValue<string>().ShouldBe(prefix);
        described["CustomDomain"]!.GetValue<string>().ShouldBe(custom);
    }

    [Fact]
    public async Task UserPoolClient_CustomScopeNoResourceServerDefines_ScopeDoesNotExist()
    {
        var pool = await host.CreatePoolAsync();
        await host.CallAsync("CreateResourceServer", new { UserPoolId = pool, Identifier = "orders", Name = "Orders", Scopes = new[] { new { ScopeName = "read", ScopeDescription = "r" } } });
        object Client(params string[] scopes) => new
        {
            UserPoolId = pool,
            ClientName = "m2m",
            GenerateSecret = true,
            AllowedOAuthFlowsUserPoolClient = true,
            AllowedOAuthFlows = new[] { "client_credentials" },
            AllowedOAuthScopes = scopes,
        };

        var created = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("CreateUserPoolClient", Client("orders/read", "orders/write")));
        created.Type.ShouldBe("ScopeDoesNotExistException");
        created.AwsMessage.ShouldBe("Invalid scope requested: orders/write");
        created.Status.ShouldBe(400);

        var clientId = (await host.CallAsync("CreateUserPoolClient", Client("orders/read")))["UserPoolClient"]!["ClientId"]!.GetValue<string>();
        var updated = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("UpdateUserPoolClient", new
        {
            UserPoolId = pool,
            ClientId = clientId,
            AllowedOAuthFlowsUserPoolClient = true,
            AllowedOAuthFlows = new[] { "client_credentials" },
            AllowedOAuthScopes = new[] { "Cognito" },
        }));
        updated.Type.ShouldBe("ScopeDoesNotExistException");
        updated.AwsMessage.ShouldBe("Invalid scope requested: Cognito");
        var kept = await host.CallAsync("DescribeUserPoolClient", new { UserPoolId = pool, ClientId = clientId });
        kept["UserPoolClient"]!["AllowedOAuthScopes"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(["orders/read"]);
    }

    [Fact]
    public async Task ResourceServer_CreateListUpdateDelete_RoundTrips()
    {
        var pool = await host.CreatePoolAsync();
        await host.CallAsync("CreateResourceServer", new { UserPoolId = pool, Identifier = "orders", Name = "Orders", Scopes = new[] { new { ScopeName = "read", ScopeDescription = "r" } } });
        var listed = await host.CallAsync("ListResourceServers", new { UserPoolId = pool, MaxResults = 10 });
        listed["ResourceServers"]!.AsArray().Count.ShouldBe(1);

        var updated = await host.CallAsync("UpdateResourceServer", new { UserPoolId = pool, Identifier = "orders", Name = "Orders 2" });
        updated["ResourceServer"]!["Name"]!.GetValue<string>().ShouldBe("Orders 2");
        updated["ResourceServer"]!["Scopes"]!.AsArray().Count.ShouldBe(0);

        await host.CallAsync("DeleteResourceServer", new { UserPoolId = pool, Identifier = "orders" });
        var gone = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("DescribeResourceServer", new { UserPoolId = pool, Identifier = "orders" }));
        gone.Type.ShouldBe("ResourceNotFoundException");
    }

    [Fact]
    public async Task SetUICustomization_AllowedClasses_StoredAndReturnedForClientsWithout()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        const string css = ".submitButton-customizable { background-color: #ff6600; } .banner-customizable { padding: 1px 2px 3px 4px; background-color: teal; }";
        await host.CallAsync("SetUICustomization", new { UserPoolId = flow.PoolId, ClientId = "ALL", CSS = css });

        var got = await host.CallAsync("GetUICustomization", new { UserPoolId = flow.PoolId, ClientId = flow.ClientId });
        got["UICustomization"]!["CSS"]!.GetValue<string>().ShouldBe(css);
        var page = await host.Client.GetStringAsync($"{flow.Base}/login{flow.AuthorizeQuery()}", TestContext.Current.CancellationToken);
        page.ShouldContain("#ff6600");
    }

    [Theory]
    [InlineData("body { color: red; }")]
    [InlineData(".submitButton-customizable { position: fixed; }")]
    [InlineData("@import url(https://evil.example.com/x.css);")]
    [InlineData(".label-customizable { font-weight: 700; } </style><script>alert(1)</script>")]
    [InlineData("/* </style><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example.com\"> */ .label-customizable { font-weight: 700; }")]
    [InlineData(".label-customizable { font-weight: 700; } /* unclosed")]
    public async Task SetUICustomization_DisallowedCss_InvalidParameter(string css)
    {
        var flow = await OAuthFlow.CreateAsync(host);
        var error = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("SetUICustomization", new { UserPoolId = flow.PoolId, CSS = css }));
        error.Type.ShouldBe("InvalidParameterException");
    }

    [Fact]
    public async Task Login_CssStoredByTheOlderLooserCheck_IsNotRendered()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        const string stored = "/* </style><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example.com\"> */ .label-customizable { font-weight: 700; }";
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var now = TimeProvider.System.GetUtcNow();
            await scope.ServiceProvider.GetRequiredService<IUiCustomizationStore>().SaveAsync(
                new UiCustomization { PoolId = flow.PoolId, ClientId = UiCustomization.AllClients, Css = stored, CreatedAt = now, UpdatedAt = now, Version = 1 },
                TestContext.Current.CancellationToken);
        }

        var page = await host.Client.GetStringAsync($"{flow.Base}/login{flow.AuthorizeQuery()}", TestContext.Current.CancellationToken);

        page.ShouldContain("<form");
        page.ShouldNotContain("http-equiv");
        page.ShouldNotContain("font-weight: 700");
    }

    [Fact]
    public async Task SetUICustomization_PoolWithoutDomain_InvalidParameter()
    {
        var pool = await host.CreatePoolAsync();
        var error = await Should.ThrowAsync<AwsErrorException>(() => host.CallAsync("SetUICustomization", new { UserPoolId = pool, CSS = ".label-customizable { font-weight: 400; }" }));
        error.Type.ShouldBe("InvalidParameterException");
    }
}
