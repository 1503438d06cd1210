// SPDX-License-Identifier: Apache-2.0
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.OAuth;

/// <summary>
/// The hosted UI's cookies behind a proxy that terminates TLS: the request reaches Tessera as plain HTTP
/// while the browser is on the https public URL, so the cookies must still be Secure.
/// </summary>
public sealed class HostedUiCookieTests
{
    [Theory]
    [InlineData("https://id.example.com", true)]
    [InlineData("http://localhost:9229", false)]
    public async Task SignIn_OverPlainHttp_CookiesAreSecureWhenThePublicUrlIsHttps(string publicUrl, bool secure)
    {
        await using var host = await TesseraHost.StartAsync(new Dictionary<string, string?> { ["Tessera:PublicUrl"] = publicUrl });
        var flow = await OAuthFlow.CreateAsync(host);

        using var signIn = await flow.SignInAsync(flow.AuthorizeQuery());
        using var login = await host.Client.GetAsync($"{flow.Base}/login{flow.AuthorizeQuery()}", TestContext.Current.CancellationToken);

        var cookies = signIn.Headers.GetValues("Set-Cookie").Concat(login.Headers.GetValues("Set-Cookie")).ToList();
        cookies.ShouldContain(c => c.StartsWith("tessera-session=", StringComparison.Ordinal));
        cookies.ShouldContain(c => c.StartsWith("XSRF-TOKEN=", StringComparison.Ordinal));
        foreach (var cookie in cookies)
        {
            cookie.Split(';', StringSplitOptions.TrimEntries).Contains("secure", StringComparer.OrdinalIgnoreCase).ShouldBe(secure, cookie);
        }
    }
}
