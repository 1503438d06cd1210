// SPDX-License-Identifier: Apache-2.0
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Tessera.Server.Hosting;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.AdminConsole;

/// <summary>
/// The admin console's pages over HTTP: its security headers, its CSRF and cross-site refusals, and that what it
/// changes is what the Cognito API then answers (and the other way round).
/// </summary>
public sealed partial class ConsoleEndpointsTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private readonly TesseraHost host = shared.Host;

    [Fact]
    public async Task Console_Page_HasNonceCspAndNoFraming()
    {
        var browser = new ConsoleBrowser(host);

        var (status, html, response) = await browser.GetAsync("/console");

        status.ShouldBe(HttpStatusCode.OK);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        csp.ShouldStartWith("default-src 'none';");
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("form-action 'self'");
        csp.ShouldNotContain("unsafe-inline");
        var nonce = NoncePattern().Match(csp).Groups[1].Value;
        nonce.ShouldNotBeEmpty();
        html.ShouldContain($"<style nonce=\"{nonce}\">");
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        response.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("XSRF-TOKEN=", StringComparison.Ordinal) && c.Contains("path=/console", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.Ordinal) && c.Contains("samesite=lax", StringComparison.Ordinal));
        html.ShouldContain("<label for=\"pool-name\">Pool name</label>");
    }

    [Fact]
    public async Task CreatePool_WithoutCsrfToken_IsRefusedAndCreatesNothing()
    {
        var browser = new ConsoleBrowser(host);
        await browser.GetAsync("/console");
        var name = "nocsrf" + Guid.NewGuid().ToString("N")[..8];

        var (status, html, _) = await browser.PostAsync("/console/pools", new Dictionary<string, string> { ["name"] = name }, csrf: false);

        status.ShouldBe(HttpStatusCode.Forbidden);
        html.ShouldContain("CSRF");
        (await PoolNamesAsync()).ShouldNotContain(name);
    }

    [Fact]
    public async Task CreatePool_WithAnotherToken_IsRefused()
    {
        var browser = new ConsoleBrowser(host);
        await browser.GetAsync("/console");
        var name = "forged" + Guid.NewGuid().ToString("N")[..8];

        var (status, _, _) = await browser.PostAsync("/console/pools", new Dictionary<string, string> { ["name"] = name, ["_csrf"] = new string('A', 43) }, csrf: false);

        status.ShouldBe(HttpStatusCode.Forbidden);
        (await PoolNamesAsync()).ShouldNotContain(name);
    }

    [Fact]
    public async Task CreatePool_FromAnotherSite_IsRefused()
    {
        var browser = new ConsoleBrowser(host);
        await browser.GetAsync("/console");
        var name = "crosssite" + Guid.NewGuid().ToString("N")[..8];

        var (status, _, _) = await browser.PostAsync("/console/pools", new Dictionary<string, string> { ["name"] = name }, fetchSite: "cross-site");

        status.ShouldBe(HttpStatusCode.Forbidden);
        (await PoolNamesAsync()).ShouldNotContain(name);
    }

    [Fact]
    public async Task CreatePool_WithToken_IsVisibleThroughTheApi()
    {
        var browser = new ConsoleBrowser(host);
        await browser.GetAsync("/console");
        var name = "console" + Guid.NewGuid().ToString("N")[..8];

        var (status, _, response) = await browser.PostAsync("/console/pools", new Dictionary<string, string> { ["name"] = name, ["signIn"] = "email", ["mfa"] = "OFF", ["selfSignUp"] = "true" });

        status.ShouldBe(HttpStatusCode.SeeOther);
        var poolId = response.Headers.Location!.OriginalString.Split('/')[^1];
        var pool = (await host.CallAsync("DescribeUserPool", new { UserPoolId = poolId }))["UserPool"]!;
        pool["Name"]!.GetValue<string>().ShouldBe(name);
        pool["UsernameAttributes"]![0]!.GetValue<string>().ShouldBe("email");
        var (_, html, _) = await browser.FollowAsync(response);
        html.ShouldContain($"Created user pool {name}");
    }

    [Fact]
    public async Task CreatePool_InvalidName_ShowsTheApisValidationError()
    {
        var browser = new ConsoleBrowser(host);
        await browser.GetAsync("/console");

        var (_, _, response) = await browser.PostAsync("/console/pools", new Dictionary<string, string> { ["name"] = "bad/name" });
        var (_, html, _) = await browser.FollowAsync(response);

        html.ShouldContain("class=\"error\" role=\"alert\">InvalidParameterException: 1 validation error detected: Value &#x27;bad/name&#x27; at &#x27;poolName&#x27;");
    }

    [Fact]
    public async Task DeletePool_UnderDeletionProtection_ShowsTheServicesError()
    {
        var poolId = await host.CreatePoolAsync();
        var pool = (await host.CallAsync("DescribeUserPool", new { UserPoolId = poolId }))["UserPool"]!;
        await host.CallAsync("UpdateUserPool", new { UserPoolId = poolId, DeletionProtection = "ACTIVE" });
        var browser = new ConsoleBrowser(host);
        await browser.GetAsync($"/console/pools/{poolId}");

        var (_, _, response) = await browser.PostAsync($"/console/pools/{poolId}/delete", new Dictionary<string, string> { ["confirm"] = poolId });
        var (_, html, _) = await browser.FollowAsync(response);

        html.ShouldContain("deletion protection is activated");
        (await host.CallAsync("DescribeUserPool", new { UserPoolId = poolId }))["UserPool"]!["Name"]!.GetValue<string>().ShouldBe(pool["Name"]!.GetValue<string>());
    }

    [Fact]
    public async Task PoolSettings_SavedInTheConsole_KeepWhatTheFormDoesNotShow()
    {
        var poolId = await host.CreatePoolAsync();
        await host.CallAsync("UpdateUserPool", new { UserPoolId = poolId, UserPoolTags = new Dictionary<string, string> { ["team"] = "blue" }, AutoVerifiedAttributes = new[] { "email" } });
        var browser = new ConsoleBrowser(host);
        await browser.GetAsync($"/console/pools/{poolId}");

        var (status, _, _) = await browser.PostAsync($"/console/pools/{poolId}/settings", new Dictionary<string, string>
        {
            ["name"] = "renamed", ["mfa"] = "OFF", ["deletionProtection"] = "INACTIVE", ["minLength"] = "12", ["requireNumbers"] = "true", ["selfSignUp"] = "true",
        });

        status.ShouldBe(HttpStatusCode.SeeOther);
        var pool = (await host.CallAsync("DescribeUserPool", new { UserPoolId = poolId }))["UserPool"]!;
        pool["Name"]!.GetValue<string>().ShouldBe("renamed");
        pool["Policies"]!["PasswordPolicy"]!["MinimumLength"]!.GetValue<int>().ShouldBe(12);
        pool["Policies"]!["PasswordPolicy"]!["RequireUppercase"]!.GetValue<bool>().ShouldBeFalse();
        pool["UserPoolTags"]!["team"]!.GetValue<string>().ShouldBe("blue");
        pool["AutoVerifiedAttributes"]![0]!.GetValue<string>().ShouldBe("email");
    }

    [Fact]
    public async Task CreateClient_WithSecret_ShowsItOnceOnly()
    {
        var poolId = await host.CreatePoolAsync();
        await host.CallAsync("CreateUserPoolDomain", new { UserPoolId = poolId, Domain = "c" + Guid.NewGuid().ToString("N")[..10] });
        var browser = new ConsoleBrowser(host);
        await browser.GetAsync($"/console/pools/{poolId}/clients");

        var (status, html, _) = await browser.PostAsync($"/console/pools/{poolId}/clients", new Dictionary<string, string>
        {
            ["name"] = "backend", ["generateSecret"] = "true", ["callbackUrls"] = "https://app.example.com/callback", ["scopes"] = "openid", ["flows"] = "ALLOW_REFRESH_TOKEN_AUTH",
        });

        status.ShouldBe(HttpStatusCode.Created);
        var clientId = Regex.Match(html, "id=\"client-id-value\">([^<]+)<").Groups[1].Value;
        var secret = Regex.Match(html, "id=\"client-secret-value\">([^<]+)<").Groups[1].Value;
        var described = (await host.CallAsync("DescribeUserPoolClient", new { UserPoolId = poolId, ClientId = clientId }))["UserPoolClient"]!;
        described["ClientSecret"]!.GetValue<string>().ShouldBe(secret);
        html.ShouldContain("id=\"try-hosted-ui\"");
        html.ShouldContain($"/login?client_id={clientId}&amp;response_type=code&amp;scope=openid&amp;redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback");
        var (_, again, _) = await browser.GetAsync($"/console/pools/{poolId}/clients/{clientId}");
        again.ShouldNotContain(secret);
    }

    [Fact]
    public async Task Users_FilterPagingAndDisable_AreTheApis()
    {
        var poolId = await host.CreatePoolAsync();
        foreach (var name in new[] { "ann", "anna", "bob" })
        {
            await host.CallAsync("AdminCreateUser", new { UserPoolId = poolId, Username = name, MessageAction = "SUPPRESS", UserAttributes = new[] { new { Name = "email", Value = $"{name}@example.com" } } });
        }

        var browser = new ConsoleBrowser(host);
        var (_, filtered, _) = await browser.GetAsync($"/console/pools/{poolId}/users?filter={Uri.EscapeDataString("email ^= \"ann\"")}");
        filtered.ShouldContain("?u=ann\"");
        filtered.ShouldContain("?u=anna\"");
        filtered.ShouldNotContain("?u=bob\"");

        var (_, bad, _) = await browser.GetAsync($"/console/pools/{poolId}/users?filter={Uri.EscapeDataString("email =~ ann")}");
        bad.ShouldContain("InvalidParameterException");

        await browser.GetAsync($"/console/pools/{poolId}/user?u=bob");
        var (status, _, _) = await browser.PostAsync($"/console/pools/{poolId}/user/disable?u=bob", new Dictionary<string, string>());
        status.ShouldBe(HttpStatusCode.SeeOther);
        (await host.CallAsync("AdminGetUser", new { UserPoolId = poolId, Username = "bob" }))["Enabled"]!.GetValue<bool>().ShouldBeFalse();
        var (_, page, _) = await browser.GetAsync($"/console/pools/{poolId}/user?u=bob");
        page.ShouldContain("<span id=\"user-enabled\">no</span>", customMessage: Regex.Match(page, "role=\"alert\">([^<]+)").Value);
    }

    [Fact]
    public async Task UserPage_ShowsTheLastSignIn_OnceThreatProtectionIsOnInTheSettings()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        var browser = new ConsoleBrowser(host);
        var (_, before, _) = await browser.GetAsync($"/console/pools/{flow.PoolId}/user?u=alice");
        before.ShouldContain("<span id=\"user-last-sign-in\">not recorded (threat protection is off)</span>");
        before.ShouldContain("UserPoolAddOns AdvancedSecurityMode AUDIT or ENFORCED");

        await browser.GetAsync($"/console/pools/{flow.PoolId}");
        var (status, _, _) = await browser.PostAsync($"/console/pools/{flow.PoolId}/settings", new Dictionary<string, string>
        {
            ["name"] = "audited", ["mfa"] = "OFF", ["deletionProtection"] = "INACTIVE", ["minLength"] = "8", ["threatProtection"] = "AUDIT",
            ["requireUppercase"] = "true", ["requireLowercase"] = "true", ["requireNumbers"] = "true",
        });
        status.ShouldBe(HttpStatusCode.SeeOther);
        var pool = (await host.CallAsync("DescribeUserPool", new { UserPoolId = flow.PoolId }))["UserPool"]!;
        pool["UserPoolAddOns"]!["AdvancedSecurityMode"]!.GetValue<string>().ShouldBe("AUDIT");
        await flow.CodeAsync(flow.AuthorizeQuery());

        var (_, after, _) = await browser.GetAsync($"/console/pools/{flow.PoolId}/user?u=alice");

        var events = await host.CallAsync("AdminListUserAuthEvents", new { UserPoolId = flow.PoolId, Username = "alice" });
        var signIn = events["AuthEvents"]!.AsArray().First(e => e!["EventType"]!.GetValue<string>() == "SignIn")!;
        var at = DateTimeOffset.FromUnixTimeMilliseconds((long)(signIn["CreationDate"]!.GetValue<double>() * 1000));
        after.ShouldContain($"<span id=\"user-last-sign-in\"><time datetime=\"{at.ToString("O", System.Globalization.CultureInfo.InvariantCulture)}\">");
        after.ShouldContain("<caption>The last 10 events (AdminListUserAuthEvents), newest first</caption>");
        after.ShouldContain("<td>SignIn</td><td>Pass</td>");
    }

    [Fact]
    public async Task UsersList_SaysWhereThePageIs_AndDeletingAPoolShowsThatItIsWorking()
    {
        var poolId = await host.CreatePoolAsync();
        for (var i = 0; i < 27; i++)
        {
            await host.CallAsync("AdminCreateUser", new { UserPoolId = poolId, Username = $"user{i:D2}", MessageAction = "SUPPRESS" });
        }

        var browser = new ConsoleBrowser(host);
        var (_, first, _) = await browser.GetAsync($"/console/pools/{poolId}/users");
        first.ShouldContain("id=\"users-position\" role=\"status\">Page 1: users 1–25 of about 27</p>");
        var next = WebUtility.HtmlDecode(Regex.Match(first, "href=\"([^\"]+)\">Next page").Groups[1].Value);
        var (_, second, _) = await browser.GetAsync(next);
        second.ShouldContain(">Page 2: users 26–27 of about 27</p>");
        second.ShouldNotContain(">Next page<");

        var (_, overview, response) = await browser.GetAsync($"/console/pools/{poolId}");

        overview.ShouldContain("class=\"notice busy-status\" role=\"status\" hidden>Deleting ");
        overview.ShouldContain("27 users: a large pool takes a while.");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        var scriptNonce = Regex.Match(csp, "script-src 'nonce-([^']+)'").Groups[1].Value;
        scriptNonce.ShouldNotBeEmpty();
        overview.ShouldContain($"<script nonce=\"{scriptNonce}\">for (const f of document.querySelectorAll('form.busy'))");
        overview.ShouldContain("<form method=\"post\" action=\"/console/pools/" + poolId + "/delete\" class=\"busy\">");
    }

    [Fact]
    public async Task CreateUser_AndGroup_AreVisibleThroughTheApi()
    {
        var poolId = await host.CreatePoolAsync();
        await host.CallAsync("CreateGroup", new { UserPoolId = poolId, GroupName = "admins" });
        var browser = new ConsoleBrowser(host);
        await browser.GetAsync($"/console/pools/{poolId}/users");

        var (_, _, created) = await browser.PostAsync($"/console/pools/{poolId}/users", new Dictionary<string, string>
        {
            ["username"] = "carol", ["email"] = "carol@example.com", ["emailVerified"] = "true", ["temporaryPassword"] = "Temp-Pass-1", ["suppress"] = "true",
        });
        await browser.FollowAsync(created);
        await browser.PostAsync($"/console/pools/{poolId}/user/add-group?u=carol", new Dictionary<string, string> { ["group"] = "admins" });
        await browser.PostAsync($"/console/pools/{poolId}/user/attributes?u=carol", new Dictionary<string, string> { ["name"] = "given_name", ["value"] = "Carol" });

        var user = await host.CallAsync("AdminGetUser", new { UserPoolId = poolId, Username = "carol" });
        user["UserStatus"]!.GetValue<string>().ShouldBe("FORCE_CHANGE_PASSWORD");
        user["UserAttributes"]!.AsArray().ShouldContain(a => a!["Name"]!.GetValue<string>() == "given_name" && a["Value"]!.GetValue<string>() == "Carol");
        var groups = await host.CallAsync("AdminListGroupsForUser", new { UserPoolId = poolId, Username = "carol" });
        groups["Groups"]!.AsArray().Select(g => g!["GroupName"]!.GetValue<string>()).ShouldBe(["admins"]);
    }

    [Fact]
    public async Task Console_InStart_IsOffByDefault()
    {
        await using var production = await TesseraHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Tessera:PublicUrl"] = "https://id.example.com",
                ["Tessera:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["Tessera:Passwords:MemoryKiB"] = "19456",
                ["Tessera:Passwords:Passes"] = "2",
            },
            mode: TesseraMode.Production);

        using var response = await production.Client.GetAsync("/console");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<List<string>> PoolNamesAsync()
    {
        var pools = await host.CallAsync("ListUserPools", new { MaxResults = 60 });
        return [.. pools["UserPools"]!.AsArray().Select(p => p!["Name"]!.GetValue<string>())];
    }

    [GeneratedRegex("style-src 'nonce-([^']+)'")]
    private static partial Regex NoncePattern();
}
