// SPDX-License-Identifier: Apache-2.0
using System.Net;
using System.Security.Cryptography;
using Tessera.Server.AdminConsole;
using Tessera.Server.Hosting;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.AdminConsole;

/// <summary>
/// The console in <c>start</c>: <c>tessera console bootstrap-admin</c>'s pool, client, domain and administrator, then a
/// sign-in through that pool's hosted UI (authorization code and PKCE) before any page answers.
/// </summary>
public sealed class ConsoleSignInTests(ConsoleSignInTests.AdminHost admin) : IClassFixture<ConsoleSignInTests.AdminHost>
{
    private const string PublicUrl = "https://id.example.com";
    private readonly TesseraHost host = admin.Host;
    private readonly string poolId = admin.PoolId;
    private readonly string clientId = admin.ClientId;
    private readonly string bootstrapOutput = admin.BootstrapOutput;

    /// <summary>A production host whose console is configured with what bootstrap-admin made on its store before it started.</summary>
    public sealed class AdminHost : IAsyncLifetime
    {
        private readonly string directory = TesseraHost.NewDirectory();
        private readonly string masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        public TesseraHost Host { get; private set; } = null!;

        public string PoolId { get; private set; } = string.Empty;

        public string ClientId { get; private set; } = string.Empty;

        public string BootstrapOutput { get; private set; } = string.Empty;

        public async ValueTask InitializeAsync()
        {
            await using (var first = await TesseraHost.StartAsync(Settings(), directory, mode: TesseraMode.Production))
            {
                using var output = new StringWriter();
                (await ConsoleBootstrap.RunAsync(first.Services, new ConsoleBootstrapRequest("root", "Admin-Pass-1", "root@example.com"), output, CancellationToken.None)).ShouldBeTrue();
                BootstrapOutput = output.ToString();
                var settings = BootstrapOutput.Split('\n').Single(l => l.Contains("Tessera__Console__AdminPoolId=", StringComparison.Ordinal)).Trim().Split(' ');
                PoolId = settings.Single(s => s.StartsWith("Tessera__Console__AdminPoolId=", StringComparison.Ordinal)).Split('=')[1];
                ClientId = settings.Single(s => s.StartsWith("Tessera__Console__AdminClientId=", StringComparison.Ordinal)).Split('=')[1];
            }

            var configured = Settings();
            configured["Tessera:Console:Enabled"] = "true";
            configured["Tessera:Console:AdminPoolId"] = PoolId;
            configured["Tessera:Console:AdminClientId"] = ClientId;
            Host = await TesseraHost.StartAsync(configured, directory, mode: TesseraMode.Production);
        }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            TesseraHost.DeleteDirectory(directory);
        }

        private Dictionary<string, string?> Settings() => new()
        {
            ["Tessera:PublicUrl"] = PublicUrl,
            ["Tessera:MasterKey"] = masterKey,
            ["Tessera:Passwords:MemoryKiB"] = "19456",
            ["Tessera:Passwords:Passes"] = "2",
        };
    }

    [Fact]
    public async Task Bootstrap_MadeThePoolClientDomainAndAdministrator_AndIsIdempotent()
    {
        bootstrapOutput.ShouldContain($"Administration pool  tessera-console  {poolId}  (created)");
        bootstrapOutput.ShouldContain($"App client           tessera-console  {clientId}  (created; callback {PublicUrl}/console/callback)");
        bootstrapOutput.ShouldContain("Domain               tessera-console  (created;");
        bootstrapOutput.ShouldContain("Administrator        root  (created)");
        var pool = await host.CallAsync("DescribeUserPool", new { UserPoolId = poolId });
        pool["UserPool"]!["AdminCreateUserConfig"]!["AllowAdminCreateUserOnly"]!.GetValue<bool>().ShouldBeTrue();
        pool["UserPool"]!["Domain"]!.GetValue<string>().ShouldBe("tessera-console");
        var client = await host.CallAsync("DescribeUserPoolClient", new { UserPoolId = poolId, ClientId = clientId });
        client["UserPoolClient"]!["CallbackURLs"]!.AsArray().Select(u => u!.GetValue<string>()).ShouldBe([$"{PublicUrl}/console/callback"]);
        client["UserPoolClient"]!["ClientSecret"].ShouldBeNull();

        using var again = new StringWriter();
        (await ConsoleBootstrap.RunAsync(host.Services, new ConsoleBootstrapRequest("root", null, null), again, TestContext.Current.CancellationToken)).ShouldBeTrue();

        again.ToString().ShouldContain($"Administration pool  tessera-console  {poolId}  (exists)");
        again.ToString().ShouldContain($"tessera-console  {clientId}  (exists;");
        again.ToString().ShouldContain("Administrator        root  (exists; password unchanged)");
        (await host.CallAsync("ListUserPools", new { MaxResults = 60 }))["UserPools"]!.AsArray().Count(p => p!["Name"]!.GetValue<string>() == "tessera-console").ShouldBe(1);
    }

    [Theory]
    [InlineData("/console")]
    [InlineData("/console/pools/us-east-1_abc/users")]
    [InlineData("/console/identity-pools")]
    public async Task Page_WithoutSignIn_RedirectsToSignIn(string path)
    {
        var browser = new ConsoleBrowser(host);

        var (status, html, response) = await browser.GetAsync(path);

        status.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/console/sign-in?return=" + Uri.EscapeDataString(path));
        html.ShouldBeEmpty();
    }

    [Fact]
    public async Task Post_WithoutSignIn_IsRefusedAndCreatesNothing()
    {
        var browser = new ConsoleBrowser(host);

        var (status, _, _) = await browser.PostAsync("/console/pools", new Dictionary<string, string> { ["name"] = "intruder", ["_csrf"] = new string('A', 43) }, csrf: false);

        status.ShouldBe(HttpStatusCode.Unauthorized);
        (await host.CallAsync("ListUserPools", new { MaxResults = 60 }))["UserPools"]!.AsArray().ShouldNotContain(p => p!["Name"]!.GetValue<string>() == "intruder");
    }

    [Fact]
    public async Task ForgedSessionCookie_IsNotASession()
    {
        var browser = new ConsoleBrowser(host);
        browser.SetCookie("tessera-console-session", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");

        var (status, _, _) = await browser.GetAsync("/console");

        status.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task SignIn_ThroughTheHostedUi_LandsOnTheConsole_AndDisablingTheAdministratorEndsIt()
    {
        // Every user of the administration pool is an administrator (docs/console.md).
        await host.CallAsync("AdminCreateUser", new { UserPoolId = poolId, Username = "ops", MessageAction = "SUPPRESS" });
        await host.CallAsync("AdminSetUserPassword", new { UserPoolId = poolId, Username = "ops", Password = "Ops-Pass-12", Permanent = true });
        var browser = new ConsoleBrowser(host);

        var page = await SignInAsync(browser, "/console/identity-pools", "ops", "Ops-Pass-12");

        page.ShouldContain("<title>Identity pools · Tessera console");
        page.ShouldContain("Signed in as ops.");
        page.ShouldContain("<li>ops</li>");
        var (status, html, _) = await browser.GetAsync("/console");
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("tessera-console");

        await host.CallAsync("AdminDisableUser", new { UserPoolId = poolId, Username = "ops" });

        (status, _, _) = await browser.GetAsync("/console");
        status.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task UserOfAnotherPool_CannotSignInToTheConsole()
    {
        // The session must be the administration client's token: another pool's user, with their own hosted UI, is refused.
        var flow = await OAuthFlow.CreateAsync(host);
        var code = await flow.CodeAsync(flow.AuthorizeQuery());
        var (_, tokens) = await flow.ExchangeAsync(code);
        var browser = new ConsoleBrowser(host);
        browser.SetCookie("tessera-console-session", tokens["access_token"]!.GetValue<string>());

        var (status, _, _) = await browser.GetAsync("/console");

        status.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Callback_WithAnotherState_IsRefused()
    {
        var browser = new ConsoleBrowser(host);
        var (_, _, start) = await browser.GetAsync("/console/sign-in");
        start.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var (status, html, _) = await browser.GetAsync("/console/callback?code=abc&state=forged");

        status.ShouldBe(HttpStatusCode.BadRequest);
        html.ShouldContain("Sign-in failed");
    }

    /// <summary>From a console page through the hosted UI's sign-in form and back; returns the page landed on.</summary>
    private static async Task<string> SignInAsync(ConsoleBrowser browser, string path, string username, string password)
    {
        var (_, _, first) = await browser.GetAsync(path);
        var (_, _, signIn) = await browser.GetAsync(first.Headers.Location!.OriginalString);
        var authorize = signIn.Headers.Location!;
        authorize.GetLeftPart(UriPartial.Authority).ShouldBe(PublicUrl);
        authorize.AbsolutePath.ShouldBe("/auth/tessera-console/oauth2/authorize");
        OAuthFlow.QueryValue(authorize, "code_challenge_method").ShouldBe("S256");
        var (_, _, login) = await browser.GetAsync(authorize.PathAndQuery);
        var loginPath = login.Headers.Location!.OriginalString;
        var (status, _, _) = await browser.GetAsync(loginPath);
        status.ShouldBe(HttpStatusCode.OK);
        var (_, _, posted) = await browser.PostAsync(loginPath, new Dictionary<string, string> { ["username"] = username, ["password"] = password });
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var callback = posted.Headers.Location!;
        callback.GetLeftPart(UriPartial.Path).ShouldBe($"{PublicUrl}/console/callback");
        var (_, _, landed) = await browser.GetAsync(callback.PathAndQuery);
        landed.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        landed.Headers.Location!.OriginalString.ShouldBe(path);
        var (_, html, _) = await browser.GetAsync(path);
        return html;
    }
}
