// SPDX-License-Identifier: Apache-2.0
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tessera.Server.IntegrationTests.Infrastructure;

/// <summary>A pool with a domain, an OAuth client and a user, and a browser-less walk through /login.</summary>
public sealed partial class OAuthFlow
{
    public const string Callback = "https://app.example.com/callback";
    public const string LogoutUrl = "https://app.example.com/signed-out";

    private OAuthFlow(TesseraHost host, string poolId, string domain, string clientId, string? secret)
    {
        Host = host;
        PoolId = poolId;
        Domain = domain;
        ClientId = clientId;
        Secret = secret;
    }

    public TesseraHost Host { get; }
    public string PoolId { get; }
    public string Domain { get; }
    public string ClientId { get; }
    public string? Secret { get; }
    public string Base => $"/auth/{Domain}";

    public static async Task<OAuthFlow> CreateAsync(TesseraHost host, bool secret = false, string[]? scopes = null)
    {
        var pool = await host.CreatePoolAsync();
        var domain = "d" + Guid.NewGuid().ToString("N")[..10];
        await host.CallAsync("CreateUserPoolDomain", new { UserPoolId = pool, Domain = domain });
        var client = await CreateClientAsync(host, pool, secret, scopes ?? ["openid", "email", "profile"]);
        var (setupClient, _) = await host.CreateClientAsync(pool);
        await host.CreateConfirmedUserAsync(pool, setupClient, "alice", "Perm-Pass-1", ("email", "alice@example.com"), ("email_verified", "true"));
        return new OAuthFlow(host, pool, domain, client.ClientId, client.Secret);
    }

    public static async Task<(string ClientId, string? Secret)> CreateClientAsync(TesseraHost host, string pool, bool secret, string[] scopes, string[]? flows = null, string callback = Callback)
    {
        var result = await host.CallAsync("CreateUserPoolClient", new
        {
            UserPoolId = pool,
            ClientName = "web",
            GenerateSecret = secret,
            AllowedOAuthFlowsUserPoolClient = true,
            AllowedOAuthFlows = flows ?? ["code"],
            AllowedOAuthScopes = scopes,
            CallbackURLs = new[] { callback },
            LogoutURLs = new[] { LogoutUrl },
            SupportedIdentityProviders = new[] { "COGNITO" },
        });
        var client = result["UserPoolClient"]!;
        return (client[nameof(ClientId)]!.GetValue<string>(), client["ClientSecret"]?.GetValue<string>());
    }

    public string AuthorizeQuery(string? clientId = null, string redirectUri = Callback, string? scope = "openid email", string? state = "st-123", string? nonce = "n-456", string? challenge = null, string? method = null)
    {
        var parts = new List<string> { "response_type=code", "client_id=" + (clientId ?? ClientId), "redirect_uri=" + Uri.EscapeDataString(redirectUri) };
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("scope", scope);
        Add("state", state);
        Add("nonce", nonce);
        Add("code_challenge", challenge);
        Add("code_challenge_method", method);
        return "?" + string.Join('&', parts);
    }

    /// <summary>Opens /login, posts the credentials with the CSRF token and returns the final response (302 to the callback on success).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string query, string username = "alice", string password = "Perm-Pass-1", bool withCsrf = true)
    {
        using var page = await Host.Client.GetAsync($"{Base}/login{query}", TestContext.Current.CancellationToken);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var cookie = page.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("XSRF-TOKEN=", StringComparison.Ordinal)).Split(';')[0];
        var csrf = CsrfField().Match(html).Groups[1].Value;
        var fields = new Dictionary<string, string> { ["username"] = username, ["password"] = password };
        if (withCsrf)
        {
            fields["_csrf"] = csrf;
        }

        var post = new HttpRequestMessage(HttpMethod.Post, $"{Base}/login{query}") { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", cookie);
        return await Host.Client.SendAsync(post, TestContext.Current.CancellationToken);
    }

    public async Task<string> CodeAsync(string query)
    {
        using var response = await SignInAsync(query);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return QueryValue(response.Headers.Location!, "code")!;
    }

    public async Task<(int Status, JsonObject Body)> TokenAsync(Dictionary<string, string> form, string? basic = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Base}/oauth2/token") { Content = new FormUrlEncodedContent(form) };
        if (basic is not null)
        {
            request.Headers.Add("Authorization", "Basic " + basic);
        }

        using var response = await Host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    public Task<(int Status, JsonObject Body)> ExchangeAsync(string code, string? verifier = null, string redirectUri = Callback, string? clientId = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = clientId ?? ClientId,
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
        };
        if (verifier is not null)
        {
            form["code_verifier"] = verifier;
        }

        return TokenAsync(form);
    }

    public static string? QueryValue(Uri uri, string name)
    {
        var query = uri.IsAbsoluteUri ? uri.Query : uri.OriginalString[(uri.OriginalString.IndexOf('?', StringComparison.Ordinal) is var i && i >= 0 ? i : uri.OriginalString.Length)..];
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && Uri.UnescapeDataString(pair[..eq]) == name)
            {
                return Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }

        return null;
    }

    [GeneratedRegex("name=\"_csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
