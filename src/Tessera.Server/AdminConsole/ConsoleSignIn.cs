// SPDX-License-Identifier: Apache-2.0
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.Errors;
using Tessera.Core.OAuth;
using Tessera.Core.Security;
using Tessera.Core.Tokens;
using Tessera.Server.HostedUi;

namespace Tessera.Server.AdminConsole;

/// <summary>
/// Sign-in to the console in <c>start</c>: the console is an OAuth client of this Tessera (a public app client of the
/// administration pool, <see cref="ConsoleOptions.AdminPoolId"/>), signing its administrators in through that pool's
/// hosted UI with the authorization code grant and PKCE. Every user of the administration pool is an administrator
/// (the pool is dedicated to the console: <c>tessera console bootstrap-admin</c> makes it with self sign-up off).
/// The session is the access token the code was redeemed for, in an HttpOnly cookie of <c>/console</c> with the
/// hosted UI's cookie rules; every request checks it as Tessera's own operations check an access token (signature,
/// expiry, session not ended, user enabled) and that it is the administration client's, so disabling an
/// administrator or signing them out everywhere ends their console session at once.
/// </summary>
internal sealed class ConsoleSignIn(IOptions<ConsoleOptions> options, IOptions<TesseraOptions> tessera)
{
    private const string AdminItem = "tessera-console-admin";
    private const string SessionCookie = "tessera-console-session";
    private const string PendingCookie = "tessera-console-sign-in";
    private const string SignInPath = ConsolePage.Root + "/sign-in";
    private const string CallbackPath = ConsolePage.Root + "/callback";

    /// <summary>The signed-in administrator's name for this request, or null (start-dev has none).</summary>
    public static string? SignedIn(HttpContext context) => context.Items.TryGetValue(AdminItem, out var v) ? v as string : null;

    /// <summary>The console's paths that answer before sign-in: the start of the sign-in and its callback.</summary>
    public static bool IsOpenPath(PathString path) => path.Equals(SignInPath, StringComparison.Ordinal) || path.Equals(CallbackPath, StringComparison.Ordinal);

    /// <summary>The redirect URI the administration client must allow: <c>{PublicUrl}/console/callback</c>.</summary>
    public static string CallbackUrl(Uri publicUrl) => PublicBase(publicUrl) + CallbackPath;

    /// <summary>The sign-out URL the administration client must allow: <c>{PublicUrl}/console</c>.</summary>
    public static string SignedOutUrl(Uri publicUrl) => PublicBase(publicUrl) + ConsolePage.Root;

    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/sign-in", (HttpContext context) => context.RequestServices.GetRequiredService<ConsoleSignIn>().StartAsync(context));
        console.MapGet("/callback", (HttpContext context) => context.RequestServices.GetRequiredService<ConsoleSignIn>().CallbackAsync(context));
        console.MapPost("/sign-out", (HttpContext context) => context.RequestServices.GetRequiredService<ConsoleSignIn>().SignOutAsync(context));
    }

    /// <summary>Whether the request comes from a signed-in administrator; when it does not, the answer has been written.</summary>
    public async Task<bool> AuthenticateAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!await ConfiguredAsync(context).ConfigureAwait(false))
        {
            return false;
        }

        if (context.Request.Cookies.TryGetValue(SessionCookie, out var token) && await AdministratorAsync(context, token).ConfigureAwait(false) is { } admin)
        {
            context.Items[AdminItem] = admin;
            return true;
        }

        if (token is not null)
        {
            context.Response.Cookies.Delete(SessionCookie, HostedUiPage.CookieOptions(context, ConsolePage.Root, null));
        }

        if (HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Redirect($"{SignInPath}?return={Uri.EscapeDataString(context.Request.Path + context.Request.QueryString)}");
            return false;
        }

        await ConsolePage.ErrorAsync(context, 401, "Sign-in required", "Your console session has ended: sign in again and repeat the change.").ConfigureAwait(false);
        return false;
    }

    /// <summary><c>GET /console/sign-in</c>: to the administration pool's hosted UI, with a new state and PKCE verifier kept in a cookie.</summary>
    private async Task StartAsync(HttpContext context)
    {
        if (!await ConfiguredAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var domain = await AdminDomainAsync(context).ConfigureAwait(false);
        if (domain is null)
        {
            await ConsolePage.ErrorAsync(context, 403, "Console sign-in is not configured", $"The administration pool {options.Value.AdminPoolId} has no domain for its hosted UI: run tessera console bootstrap-admin again (docs/console.md).").ConfigureAwait(false);
            return;
        }

        var state = RandomIds.OpaqueToken(32);
        var verifier = RandomIds.OpaqueToken(32);
        var back = SafeReturn(context.Request.Query["return"].ToString());
        context.Response.Cookies.Append(PendingCookie, $"{state}.{verifier}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(back))}", HostedUiPage.CookieOptions(context, ConsolePage.Root, TimeSpan.FromMinutes(10)));
        var challenge = RandomIds.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var publicUrl = tessera.Value.PublicUrl;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Redirect($"{PublicBase(publicUrl)}/auth/{Uri.EscapeDataString(domain)}/oauth2/authorize?response_type=code"
            + $"&client_id={Uri.EscapeDataString(options.Value.AdminClientId!)}&redirect_uri={Uri.EscapeDataString(CallbackUrl(publicUrl))}"
            + $"&scope=openid&state={state}&code_challenge={challenge}&code_challenge_method={Pkce.S256}");
    }

    /// <summary><c>GET /console/callback</c>: checks the state, redeems the code with the verifier in process, and keeps the access token as the session.</summary>
    private async Task CallbackAsync(HttpContext context)
    {
        if (!await ConfiguredAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var query = context.Request.Query;
        var pending = context.Request.Cookies.TryGetValue(PendingCookie, out var p) ? (p ?? string.Empty).Split('.') : [];
        context.Response.Cookies.Delete(PendingCookie, HostedUiPage.CookieOptions(context, ConsolePage.Root, null));
        if (pending.Length != 3 || !FixedTimeEquals(pending[0], query["state"].ToString()))
        {
            await ConsolePage.ErrorAsync(context, 400, "Sign-in failed", "This sign-in was not started by this browser, or it took too long. Start again from the console.").ConfigureAwait(false);
            return;
        }

        if (query["error"].ToString() is { Length: > 0 } error)
        {
            await ConsolePage.ErrorAsync(context, 400, "Sign-in failed", $"The hosted UI answered {error}: {query["error_description"]}").ConfigureAwait(false);
            return;
        }

        string admin;
        OAuthTokens tokens;
        try
        {
            var oauth = context.RequestServices.GetRequiredService<OAuthTokenService>();
            var client = await oauth.AuthenticateClientAsync(options.Value.AdminPoolId!, new ClientAuthentication(options.Value.AdminClientId, null, false), context.RequestAborted).ConfigureAwait(false);
            tokens = await oauth.RedeemCodeAsync(client, query["code"].ToString(), CallbackUrl(tessera.Value.PublicUrl), pending[1], context.RequestAborted).ConfigureAwait(false);
            admin = await AdministratorAsync(context, tokens.AccessToken).ConfigureAwait(false)
                ?? throw new OAuthException("access_denied", "The token is not one of the administration client's.");
        }
        catch (OAuthException e)
        {
            await ConsolePage.ErrorAsync(context, 400, "Sign-in failed", $"{e.Error}: {e.Message}").ConfigureAwait(false);
            return;
        }

        context.Response.Cookies.Append(SessionCookie, tokens.AccessToken, HostedUiPage.CookieOptions(context, ConsolePage.Root, TimeSpan.FromSeconds(tokens.ExpiresIn)));
        ConsolePage.Done(context, SafeReturn(Base64Url.IsValid(pending[2]) ? Encoding.UTF8.GetString(Base64Url.DecodeFromChars(pending[2])) : string.Empty), $"Signed in as {admin}.");
    }

    /// <summary><c>POST /console/sign-out</c>: forgets the session and ends the hosted UI's too (its logout endpoint, back to the console).</summary>
    private async Task SignOutAsync(HttpContext context)
    {
        context.Response.Cookies.Delete(SessionCookie, HostedUiPage.CookieOptions(context, ConsolePage.Root, null));
        var publicUrl = tessera.Value.PublicUrl;
        var domain = string.IsNullOrEmpty(options.Value.AdminPoolId) ? null : await AdminDomainAsync(context).ConfigureAwait(false);
        var location = domain is null
            ? ConsolePage.Root
            : $"{PublicBase(publicUrl)}/auth/{Uri.EscapeDataString(domain)}/logout?client_id={Uri.EscapeDataString(options.Value.AdminClientId!)}&logout_uri={Uri.EscapeDataString(SignedOutUrl(publicUrl))}";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = location;
    }

    private async Task<bool> ConfiguredAsync(HttpContext context)
    {
        if (!string.IsNullOrEmpty(options.Value.AdminPoolId) && !string.IsNullOrEmpty(options.Value.AdminClientId))
        {
            return true;
        }

        await ConsolePage.ErrorAsync(context, 403, "Console sign-in is not configured", "In start the console signs administrators in through an administration pool: run tessera console bootstrap-admin and set Tessera:Console:AdminPoolId and Tessera:Console:AdminClientId as it prints (docs/console.md).").ConfigureAwait(false);
        return false;
    }

    /// <summary>The user name an access token of the administration client names, or null when it is not one (or no longer valid).</summary>
    private async Task<string?> AdministratorAsync(HttpContext context, string? token)
    {
        try
        {
            var user = await context.RequestServices.GetRequiredService<AccessTokenValidator>().ValidateAsync(token, context.RequestAborted).ConfigureAwait(false);
            return user.User.PoolId == options.Value.AdminPoolId && user.ClientId == options.Value.AdminClientId ? user.User.Username : null;
        }
        catch (CognitoException)
        {
            return null;
        }
    }

    /// <summary>The administration pool's domain, through DescribeUserPool as the rest of the console reads a pool.</summary>
    private async Task<string?> AdminDomainAsync(HttpContext context)
    {
        try
        {
            var described = await context.RequestServices.GetRequiredService<ConsoleOperations>()
                .IdpAsync(context, "DescribeUserPool", new JsonObject { ["UserPoolId"] = options.Value.AdminPoolId }).ConfigureAwait(false);
            return ConsolePage.Str(ConsolePage.Member(described, "UserPool"), "Domain") is { Length: > 0 } domain ? domain : null;
        }
        catch (CognitoException)
        {
            return null;
        }
    }

    /// <summary>Where to go after the sign-in: a console path only (never another site, nor <c>//host</c>).</summary>
    private static string SafeReturn(string back)
        => back.StartsWith(ConsolePage.Root, StringComparison.Ordinal) && !back.StartsWith(SignInPath, StringComparison.Ordinal)
            && !back.Contains('\\', StringComparison.Ordinal) && (back.Length == ConsolePage.Root.Length || back[ConsolePage.Root.Length] is '/' or '?')
            ? back
            : ConsolePage.Root;

    private static string PublicBase(Uri publicUrl) => publicUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');

    private static bool FixedTimeEquals(string expected, string presented)
        => presented.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(presented));
}
