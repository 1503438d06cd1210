// SPDX-License-Identifier: Apache-2.0
using System.Net;
using System.Text.RegularExpressions;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.AdminConsole;

/// <summary>A browser for the console's pages over the test server: keeps its cookies, reads a form's CSRF token, posts forms.</summary>
internal sealed partial class ConsoleBrowser(TesseraHost host)
{
    private readonly Dictionary<string, string> cookies = new(StringComparer.Ordinal);

    public string? LastCsrf { get; private set; }

    /// <summary>Sets a cookie as another page (or a hand-edited cookie jar) would.</summary>
    public void SetCookie(string name, string value) => cookies[name] = value;

    public async Task<(HttpStatusCode Status, string Html, HttpResponseMessage Response)> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request);
    }

    /// <summary>Posts a form with the CSRF token of the last page (unless <paramref name="csrf"/> is false).</summary>
    public async Task<(HttpStatusCode Status, string Html, HttpResponseMessage Response)> PostAsync(string path, IDictionary<string, string> fields, bool csrf = true, string? fetchSite = "same-origin")
    {
        var values = new Dictionary<string, string>(fields);
        if (csrf)
        {
            values["_csrf"] = LastCsrf ?? throw new InvalidOperationException("No page with a form was read yet.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(values) };
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        return await SendAsync(request);
    }

    private async Task<(HttpStatusCode Status, string Html, HttpResponseMessage Response)> SendAsync(HttpRequestMessage request)
    {
        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await host.Client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
        {
            foreach (var cookie in set)
            {
                var pair = cookie.Split(';')[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..eq], pair[(eq + 1)..]);
                if (value.Length == 0 || cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    cookies.Remove(name);
                }
                else
                {
                    cookies[name] = value;
                }
            }
        }

        var html = await response.Content.ReadAsStringAsync();
        if (CsrfPattern().Match(html) is { Success: true } match)
        {
            LastCsrf = match.Groups[1].Value;
        }

        return (response.StatusCode, html, response);
    }

    /// <summary>Follows a POST's 303 to the page it names.</summary>
    public async Task<(HttpStatusCode Status, string Html, HttpResponseMessage Response)> FollowAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        return await GetAsync(response.Headers.Location!.OriginalString);
    }

    [GeneratedRegex("name=\"_csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfPattern();
}
