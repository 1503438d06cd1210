// SPDX-License-Identifier: Apache-2.0
using System.Net;
using System.Text.RegularExpressions;
using OtpNet;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.OAuth;

/// <summary>The hosted UI's MFA pages: /mfa (TOTP, email, SMS), /selectMfa and /mfaSetup, and their refusals.</summary>
public sealed partial class HostedUiMfaTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private readonly TesseraHost host = shared.Host;

    [Fact]
    public async Task Totp_WrongCodeThenRightCode_RedirectsWithCodeAndTheCodeIsSingleUse()
    {
        var (flow, secret) = await TotpUserAsync();
        var browser = new Browser(flow);

        var page = await browser.LoginAsync();
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Html.ShouldContain("name=\"cognitoMfaForm\"");
        page.Html.ShouldContain("value=\"SOFTWARE_TOKEN_MFA\"");
        page.Html.ShouldContain("<label class=\"label-customizable\" for=\"authCode\">");
        var session = page.Field("session");

        var wrong = await browser.PostAsync("mfa", new() { ["challenge"] = "SOFTWARE_TOKEN_MFA", ["session"] = session, ["authCode"] = "000000" });
        wrong.Status.ShouldBe(HttpStatusCode.BadRequest);
        wrong.Html.ShouldContain("Invalid code or auth state for the user.");
        wrong.Html.ShouldContain("name=\"cognitoMfaForm\"");

        var code = NextTotp(secret);
        var done = await browser.PostAsync("mfa", new() { ["challenge"] = "SOFTWARE_TOKEN_MFA", ["session"] = session, ["authCode"] = code });
        done.Status.ShouldBe(HttpStatusCode.Redirect);
        done.Location!.ToString().ShouldStartWith(OAuthFlow.Callback + "?code=");
        OAuthFlow.QueryValue(done.Location, "state").ShouldBe("st-123");
        var (status, tokens) = await flow.ExchangeAsync(OAuthFlow.QueryValue(done.Location, "code")!);
        status.ShouldBe(200);
        tokens["id_token"].ShouldNotBeNull();

        var replay = await browser.PostAsync("mfa", new() { ["challenge"] = "SOFTWARE_TOKEN_MFA", ["session"] = session, ["authCode"] = code });
        replay.Status.ShouldBe(HttpStatusCode.BadRequest);
        replay.Location.ShouldBeNull();
        replay.Html.ShouldContain("Your software token has already been used once.");
    }

    [Fact]
    public async Task EmailOtp_CodeFromTheInbox_SignsInAndCannotBeReplayed()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        await host.CallAsync("SetUserPoolMfaConfig", new { UserPoolId = flow.PoolId, MfaConfiguration = "OPTIONAL", EmailMfaConfiguration = new { Message = "Sign-in code {####}", Subject = "Code" } });
        await host.CallAsync("AdminSetUserMFAPreference", new { UserPoolId = flow.PoolId, Username = "alice", EmailMfaSettings = new { Enabled = true } });
        var browser = new Browser(flow);

        var page = await browser.LoginAsync();
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Html.ShouldContain("We have sent a code by email to a***@e***.");
        page.Html.ShouldContain("value=\"EMAIL_OTP\"");
        var session = page.Field("session");
        var code = await host.LatestCodeAsync("alice@example.com");

        var wrong = await browser.PostAsync("mfa", new() { ["challenge"] = "EMAIL_OTP", ["session"] = session, ["authCode"] = code == "111111" ? "222222" : "111111" });
        wrong.Status.ShouldBe(HttpStatusCode.BadRequest);
        wrong.Html.ShouldContain("Invalid code or auth state for the user.");

        var done = await browser.PostAsync("mfa", new() { ["challenge"] = "EMAIL_OTP", ["session"] = session, ["authCode"] = code });
        done.Status.ShouldBe(HttpStatusCode.Redirect);
        done.Location!.ToString().ShouldStartWith(OAuthFlow.Callback + "?code=");

        var replay = await browser.PostAsync("mfa", new() { ["challenge"] = "EMAIL_OTP", ["session"] = session, ["authCode"] = code });
        replay.Status.ShouldBe(HttpStatusCode.BadRequest);
        replay.Html.ShouldContain("name=\"cognitoSignInForm\"");
        replay.Html.ShouldContain("Invalid code provided, please request a code again.");
    }

    [Fact]
    public async Task SmsMfa_CodeFromTheInbox_SignsIn()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        await host.CallAsync("AdminUpdateUserAttributes", new { UserPoolId = flow.PoolId, Username = "alice", UserAttributes = new[] { new { Name = "phone_number", Value = "+15555550142" } } });
        await host.CallAsync("SetUserPoolMfaConfig", new
        {
            UserPoolId = flow.PoolId,
            MfaConfiguration = "OPTIONAL",
            SmsMfaConfiguration = new { SmsAuthenticationMessage = "Code {####}", SmsConfiguration = new { SnsCallerArn = "arn:aws:iam::123456789012:role/sns", ExternalId = "x" } },
        });
        await host.CallAsync("AdminSetUserMFAPreference", new { UserPoolId = flow.PoolId, Username = "alice", SMSMfaSettings = new { Enabled = true } });
        var browser = new Browser(flow);

        var page = await browser.LoginAsync();
        page.Status.ShouldBe(HttpStatusCode.OK, page.Error);
        WebUtility.HtmlDecode(page.Html).ShouldContain("We have sent a code by SMS to +*******0142.");
        var done = await browser.PostAsync("mfa", new() { ["challenge"] = "SMS_MFA", ["session"] = page.Field("session"), ["authCode"] = await host.LatestCodeAsync("+15555550142") });
        done.Status.ShouldBe(HttpStatusCode.Redirect);
        done.Location!.ToString().ShouldStartWith(OAuthFlow.Callback + "?code=");
    }

    [Fact]
    public async Task SelectMfaType_ChoosesEmailThenSignsIn_AndRefusesAFactorNotOffered()
    {
        var (flow, _) = await TotpUserAsync(preferred: false);
        await host.CallAsync("SetUserPoolMfaConfig", new
        {
            UserPoolId = flow.PoolId,
            MfaConfiguration = "OPTIONAL",
            SoftwareTokenMfaConfiguration = new { Enabled = true },
            EmailMfaConfiguration = new { Message = "Sign-in code {####}", Subject = "Code" },
        });
        await host.CallAsync("AdminSetUserMFAPreference", new { UserPoolId = flow.PoolId, Username = "alice", EmailMfaSettings = new { Enabled = true } });
        var browser = new Browser(flow);

        var page = await browser.LoginAsync();
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Html.ShouldContain("name=\"cognitoSelectMfaForm\"");
        page.Html.ShouldContain("value=\"SOFTWARE_TOKEN_MFA\"");
        page.Html.ShouldContain("value=\"EMAIL_OTP\"");
        page.Html.ShouldContain("<label class=\"label-customizable mfaChoice\" for=\"mfaType1\">Email</label>");
        var session = page.Field("session");

        var refused = await browser.PostAsync("selectMfa", new() { ["session"] = session, ["choices"] = "SOFTWARE_TOKEN_MFA,EMAIL_OTP", ["mfaType"] = "SMS_MFA" });
        refused.Status.ShouldBe(HttpStatusCode.BadRequest);
        refused.Html.ShouldContain("Invalid ANSWER SMS_MFA");
        refused.Html.ShouldContain("name=\"cognitoSelectMfaForm\"");

        var chosen = await browser.PostAsync("selectMfa", new() { ["session"] = session, ["choices"] = "SOFTWARE_TOKEN_MFA,EMAIL_OTP", ["mfaType"] = "EMAIL_OTP" });
        chosen.Status.ShouldBe(HttpStatusCode.OK);
        chosen.Html.ShouldContain("value=\"EMAIL_OTP\"");
        var done = await browser.PostAsync("mfa", new() { ["challenge"] = "EMAIL_OTP", ["session"] = chosen.Field("session"), ["authCode"] = await host.LatestCodeAsync("alice@example.com") });
        done.Status.ShouldBe(HttpStatusCode.Redirect);
        done.Location!.ToString().ShouldStartWith(OAuthFlow.Callback + "?code=");
    }

    [Fact]
    public async Task MfaSetup_PoolRequiresMfa_ShowsTheSecretAndOtpauthUri_VerifiesTheFirstCode_ThenTotpIsRequired()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        await host.CallAsync("SetUserPoolMfaConfig", new { UserPoolId = flow.PoolId, SoftwareTokenMfaConfiguration = new { Enabled = true }, MfaConfiguration = "ON" });
        var browser = new Browser(flow);

        var page = await browser.LoginAsync();
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Html.ShouldContain("name=\"cognitoMfaSetupForm\"");
        var secret = SecretPattern().Match(page.Html).Groups[1].Value;
        secret.Length.ShouldBe(32);
        page.Html.ShouldContain($"otpauth://totp/");
        page.Html.ShouldContain($":alice?secret={secret}&amp;issuer=");
        page.Html.ShouldContain("<img id=\"totpQrCode\" alt=\"QR code of the secret key, to scan with the authenticator app\" src=\"data:image/png;base64,iVBOR");
        var session = page.Field("session");

        var wrong = await browser.PostAsync("mfaSetup", new() { ["session"] = session, ["authCode"] = "123" });
        wrong.Status.ShouldBe(HttpStatusCode.BadRequest);
        wrong.Html.ShouldContain("Code mismatch and fail enable Software Token MFA");
        SecretPattern().Match(wrong.Html).Groups[1].Value.ShouldBe(secret, "the page shown again keeps the secret the app already has");

        var done = await browser.PostAsync("mfaSetup", new() { ["session"] = session, ["authCode"] = new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp() });
        done.Status.ShouldBe(HttpStatusCode.Redirect);
        done.Location!.ToString().ShouldStartWith(OAuthFlow.Callback + "?code=");

        var user = await host.CallAsync("AdminGetUser", new { UserPoolId = flow.PoolId, Username = "alice" });
        user["PreferredMfaSetting"]!.GetValue<string>().ShouldBe("SOFTWARE_TOKEN_MFA");
        var again = await new Browser(flow).LoginAsync();
        again.Html.ShouldContain("value=\"SOFTWARE_TOKEN_MFA\"");
        again.Html.ShouldContain("name=\"cognitoMfaForm\"");
    }

    [Fact]
    public async Task MfaPage_WithoutCsrfToken_Forbidden()
    {
        var (flow, secret) = await TotpUserAsync();
        var browser = new Browser(flow);
        var page = await browser.LoginAsync();

        var response = await browser.PostAsync("mfa", new() { ["challenge"] = "SOFTWARE_TOKEN_MFA", ["session"] = page.Field("session"), ["authCode"] = NextTotp(secret) }, withCsrf: false);

        response.Status.ShouldBe(HttpStatusCode.Forbidden);
        response.Location.ShouldBeNull();
    }

    [Fact]
    public async Task MfaPage_ForgedOrMismatchedSession_BackToSignInWithoutRedirect()
    {
        var (flow, secret) = await TotpUserAsync();
        var browser = new Browser(flow);
        var page = await browser.LoginAsync();

        var forged = await browser.PostAsync("mfa", new() { ["challenge"] = "SOFTWARE_TOKEN_MFA", ["session"] = "bm90LWEtc2Vzc2lvbg", ["authCode"] = NextTotp(secret) });
        forged.Status.ShouldBe(HttpStatusCode.BadRequest);
        forged.Location.ShouldBeNull();
        forged.Html.ShouldContain("Invalid session for the user.");
        forged.Html.ShouldContain("name=\"cognitoSignInForm\"");

        // A TOTP session presented as an EMAIL_OTP answer is refused: the challenge is sealed into the session.
        var swapped = await browser.PostAsync("mfa", new() { ["challenge"] = "EMAIL_OTP", ["session"] = page.Field("session"), ["authCode"] = "123456" });
        swapped.Status.ShouldBe(HttpStatusCode.BadRequest);
        swapped.Location.ShouldBeNull();
        swapped.Html.ShouldContain("name=\"cognitoSignInForm\"");
    }

    [Fact]
    public async Task NewPasswordPage_UserWithMfa_ContinuesToTheCodePageInsteadOfSigningIn()
    {
        var flow = await OAuthFlow.CreateAsync(host);
        await host.CallAsync("AdminCreateUser", new
        {
            UserPoolId = flow.PoolId,
            Username = "tom",
            TemporaryPassword = "Temp-Pass-1",
            MessageAction = "SUPPRESS",
            UserAttributes = new[] { new { Name = "email", Value = "tom@example.com" }, new { Name = "email_verified", Value = "true" } },
        });
        await host.CallAsync("SetUserPoolMfaConfig", new { UserPoolId = flow.PoolId, MfaConfiguration = "OPTIONAL", EmailMfaConfiguration = new { Message = "Sign-in code {####}", Subject = "Code" } });
        await host.CallAsync("AdminSetUserMFAPreference", new { UserPoolId = flow.PoolId, Username = "tom", EmailMfaSettings = new { Enabled = true } });
        var browser = new Browser(flow);

        var page = await browser.LoginAsync("tom", "Temp-Pass-1");
        page.Html.ShouldContain("name=\"cognitoNewPasswordForm\"");
        var next = await browser.PostAsync("newPassword", new() { ["session"] = page.Field("session"), ["password"] = "Tom-Pass-12", ["confirmPassword"] = "Tom-Pass-12" });

        next.Status.ShouldBe(HttpStatusCode.OK);
        next.Location.ShouldBeNull();
        next.Html.ShouldContain("value=\"EMAIL_OTP\"");
    }

    /// <summary>An OAuth flow whose user alice has a verified authenticator app (enrolled through the API) in a pool with optional MFA.</summary>
    private async Task<(OAuthFlow Flow, string Secret)> TotpUserAsync(bool preferred = true)
    {
        var flow = await OAuthFlow.CreateAsync(host);
        var (apiClient, _) = await host.CreateClientAsync(flow.PoolId);
        var tokens = await host.SignInAsync(apiClient, "alice");
        var accessToken = tokens["AccessToken"]!.GetValue<string>();
        await host.CallAsync("SetUserPoolMfaConfig", new { UserPoolId = flow.PoolId, MfaConfiguration = "OPTIONAL", SoftwareTokenMfaConfiguration = new { Enabled = true } });
        var secret = (await host.CallAsync("AssociateSoftwareToken", new { AccessToken = accessToken }, sign: false))["SecretCode"]!.GetValue<string>();
        await host.CallAsync("VerifySoftwareToken", new { AccessToken = accessToken, UserCode = new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp() }, sign: false);
        await host.CallAsync("SetUserMFAPreference", new { AccessToken = accessToken, SoftwareTokenMfaSettings = new { Enabled = true, PreferredMfa = preferred } }, sign: false);
        return (flow, secret);
    }

    /// <summary>The next time step's code: the enrolment used the current one, and a step is accepted once.</summary>
    private static string NextTotp(string secret) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(30));

    [GeneratedRegex("<code id=\"totpSecret\">([A-Z2-7]+)</code>")]
    private static partial Regex SecretPattern();

    /// <summary>A browser without JavaScript: one CSRF cookie, forms posted with it, redirects not followed.</summary>
    private sealed partial class Browser(OAuthFlow flow)
    {
        private readonly string query = flow.AuthorizeQuery();
        private string cookie = string.Empty;
        private string csrf = string.Empty;

        public async Task<Page> LoginAsync(string username = "alice", string password = "Perm-Pass-1")
        {
            using var login = await flow.Host.Client.GetAsync($"{flow.Base}/login{query}", TestContext.Current.CancellationToken);
            var html = await login.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            cookie = login.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("XSRF-TOKEN=", StringComparison.Ordinal)).Split(';')[0];
            csrf = CsrfPattern().Match(html).Groups[1].Value;
            return await PostAsync("login", new() { ["username"] = username, ["password"] = password });
        }

        public async Task<Page> PostAsync(string path, Dictionary<string, string> fields, bool withCsrf = true)
        {
            if (withCsrf)
            {
                fields["_csrf"] = csrf;
            }

            using var post = new HttpRequestMessage(HttpMethod.Post, $"{flow.Base}/{path}{query}") { Content = new FormUrlEncodedContent(fields) };
            post.Headers.Add("Cookie", cookie);
            using var response = await flow.Host.Client.SendAsync(post, TestContext.Current.CancellationToken);
            return new Page(response.StatusCode, response.Headers.Location, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        [GeneratedRegex("name=\"_csrf\" value=\"([^\"]+)\"")]
        private static partial Regex CsrfPattern();
    }

    private sealed record Page(HttpStatusCode Status, Uri? Location, string Html)
    {
        /// <summary>The page's error message, to say why a step went elsewhere.</summary>
        public string Error => Regex.Match(Html, "id=\"errorMessage\"[^>]*>([^<]*)<").Groups[1].Value;

        public string Field(string name)
        {
            var match = Regex.Match(Html, $"name=\"{name}\" value=\"([^\"]*)\"");
            match.Success.ShouldBeTrue($"the page has a {name} field");
            return match.Groups[1].Value;
        }
    }
}
