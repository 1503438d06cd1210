// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Core.HostedUi;
using Tessera.Core.Security;

namespace Tessera.Server.HostedUi;

/// <summary>
/// The layout of every hosted page: server-rendered, no script, labelled inputs, AWS's classic class names
/// (so a Cognito CSS file styles it unchanged), the customer's CSS after our defaults, and strict headers.
/// </summary>
internal static class HostedUiPage
{
    public const string CsrfCookie = "XSRF-TOKEN";
    public const string CsrfField = "_csrf";
    public const string SessionCookie = "tessera-session";

    private const string DefaultCss = """
        *,*::before,*::after{box-sizing:border-box}
        body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:16px;color:#1b1b1b;background:#f2f3f3}
        main{display:flex;justify-content:center;align-items:flex-start;min-height:100vh;padding:2rem 1rem}
        .modal-content{width:100%;max-width:26rem;background:#fff;border:1px solid #d5dbdb;border-radius:6px;overflow:hidden}
        .banner-customizable{padding:1.25rem;background-color:#fafafa;text-align:center}
        .logo-customizable{max-width:100%;max-height:100%}
        .modal-body{padding:1.25rem 1.5rem 1.5rem}
        h1{font-size:1.35rem;margin:0 0 1rem}
        .label-customizable{display:block;font-weight:600;margin:.75rem 0 .25rem}
        .label-customizable.mfaChoice{display:inline}
        fieldset{border:0;padding:0;margin:0}
        code{font-size:1.05rem;word-break:break-all}
        a{word-break:break-all}
        .inputField-customizable{display:block;width:100%;height:2.5rem;padding:.4rem .6rem;font-size:1rem;color:#1b1b1b;background-color:#fff;border:1px solid #6b7272;border-radius:4px}
        .inputField-customizable:focus{outline:3px solid #0a5fb4;outline-offset:1px;border-color:#0a5fb4}
        .submitButton-customizable{display:block;width:100%;height:2.6rem;margin:1.25rem 0 .5rem;font-size:1rem;font-weight:600;color:#fff;background-color:#0a5fb4;border:0;border-radius:4px;cursor:pointer}
        .submitButton-customizable:hover{background-color:#084a8c}
        .submitButton-customizable:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}
        .errorMessage-customizable{margin:0 0 1rem;padding:.6rem .75rem;color:#8b0000;background:#fdecea;border:1px solid #d13212;border-radius:4px}
        .textDescription-customizable{display:block;margin-top:1rem;font-size:.95rem}
        .redirect-customizable{color:#0a5fb4}
        .legalText-customizable{color:#545b64;font-size:.85rem}
        .idpButton-customizable{display:block;margin:0 0 .75rem;padding:.6rem;text-align:center;font-weight:600;color:#0a5fb4;border:1px solid #0a5fb4;border-radius:4px;text-decoration:none}
        """;

    /// <summary>
    /// The CSRF token to embed: the one already in the browser's cookie, or a new one to set, the same for every form of
    /// the page (the sign-in page has several; a second new cookie would void the first form's token).
    /// </summary>
    public static string CsrfToken(HttpContext context, string cookiePath)
    {
        if (context.Request.Cookies.TryGetValue(CsrfCookie, out var existing) && existing is { Length: 43 })
        {
            return existing;
        }

        if (context.Items.TryGetValue(CsrfCookie, out var issued) && issued is string same)
        {
            return same;
        }

        var token = RandomIds.OpaqueToken(32);
        context.Response.Cookies.Append(CsrfCookie, token, CookieOptions(context, cookiePath, null));
        context.Items[CsrfCookie] = token;
        return token;
    }

    /// <summary>Double-submit check: the form field must equal the cookie (both set by us; a cross-site form cannot read the cookie).</summary>
    public static bool CsrfValid(HttpContext context, IFormCollection form)
    {
        var cookie = context.Request.Cookies[CsrfCookie];
        var field = form[CsrfField].ToString();
        return !string.IsNullOrEmpty(cookie) && !string.IsNullOrEmpty(field)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(cookie), Encoding.UTF8.GetBytes(field));
    }

    /// <summary>
    /// The hosted UI's cookies. <c>Secure</c> when this request came over HTTPS, and also whenever the public URL
    /// is https: behind a proxy that terminates TLS the request reaches Kestrel as plain HTTP, yet the browser
    /// is on HTTPS and must never send the cookie over anything else.
    /// </summary>
    public static CookieOptions CookieOptions(HttpContext context, string path, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps
            || context.RequestServices.GetRequiredService<IOptions<TesseraOptions>>().Value.PublicUrl.Scheme == Uri.UriSchemeHttps,
        SameSite = SameSiteMode.Lax,
        Path = path,
        MaxAge = maxAge,
        IsEssential = true,
    };

    /// <summary>Writes a page with the security headers; <paramref name="formTargets"/> are origins a form may end up at (the callback after a sign-in redirect).</summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string body, UiCustomization? customization, string? logoUrl, params string[] formTargets)
        => WriteAsync(context, status, title, body, script: null, customization, logoUrl, formTargets);

    /// <summary>
    /// A page with one script of ours (the passkey page's call to navigator.credentials.get): inline, admitted by a
    /// nonce, never built from request data; every other page has none.
    /// </summary>
    public static async Task WriteAsync(HttpContext context, int status, string title, string body, string? script, UiCustomization? customization, string? logoUrl, string[] formTargets)
    {
        var nonce = RandomIds.OpaqueToken(16);
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append("</title>")
            .Append("<style nonce=\"").Append(nonce).Append("\">").Append(DefaultCss).Append("</style>");
        // Validated at SetUICustomization; checked again here because CSS stored by an older, looser check stays in the store.
        if (!string.IsNullOrEmpty(customization?.Css) && UiCssValidator.IsSafe(customization.Css))
        {
            html.Append("<style nonce=\"").Append(nonce).Append("\">").Append(customization.Css).Append("</style>");
        }

        html.Append("</head><body><main class=\"background-customizable\"><div class=\"modal-content background-customizable\">")
            .Append("<div class=\"banner-customizable\">");
        if (logoUrl is not null)
        {
            html.Append("<img class=\"logo-customizable\" alt=\"Logo\" src=\"").Append(Encode(logoUrl)).Append("\">");
        }

        html.Append("</div><div class=\"modal-body\">").Append(body).Append("</div></div></main>");
        if (script is not null)
        {
            html.Append("<script nonce=\"").Append(nonce).Append("\">").Append(script).Append("</script>");
        }

        html.Append("</body></html>");

        var origins = string.Join(' ', formTargets.Where(t => t is not null).Select(FormSource).Where(o => o is not null).Distinct(StringComparer.Ordinal));
        var headers = context.Response.Headers;
        var scripts = script is null ? string.Empty : $" script-src 'nonce-{nonce}';";
        headers.ContentSecurityPolicy = $"default-src 'none';{scripts} style-src 'nonce-{nonce}'; img-src 'self' data: {Origin(logoUrl)}; form-action 'self' {origins}; frame-ancestors 'none'; base-uri 'none'".Replace("  ", " ", StringComparison.Ordinal);
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html.ToString()).ConfigureAwait(false);
    }

    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);

    public static string ErrorBlock(string? message) => message is null
        ? string.Empty
        : $"<p id=\"errorMessage\" class=\"errorMessage-customizable\" role=\"alert\">{Encode(message)}</p>";

    public static string NoticeBlock(string? message) => message is null
        ? string.Empty
        : $"<p class=\"textDescription-customizable\" role=\"status\">{Encode(message)}</p>";

    public static string Field(string id, string name, string label, string type, string autocomplete, string? value = null)
        => $"<label class=\"label-customizable\" for=\"{Encode(id)}\">{Encode(label)}</label>"
            + $"<input id=\"{Encode(id)}\" name=\"{Encode(name)}\" type=\"{type}\" class=\"form-control inputField-customizable\" autocomplete=\"{autocomplete}\" autocapitalize=\"none\" spellcheck=\"false\" required value=\"{Encode(value)}\">";

    public static string Submit(string name, string label)
        => $"<input name=\"{name}\" type=\"submit\" value=\"{Encode(label)}\" class=\"btn btn-primary submitButton-customizable\">";

    public static string Hidden(string name, string value) => $"<input type=\"hidden\" name=\"{name}\" value=\"{Encode(value)}\">";

    /// <summary>
    /// The CSP source that lets a form's redirect reach a callback: its origin for http(s), its scheme (<c>myapp:</c>)
    /// for a native app's registered callback. Schemes that run or embed content are never allowed.
    /// </summary>
    private static string? FormSource(string uri)
        => Origin(uri) ?? (Uri.TryCreate(uri, UriKind.Absolute, out var u) && u.Scheme is not ("javascript" or "data" or "vbscript" or "blob" or "file" or "filesystem")
            ? u.Scheme + ":"
            : null);

    private static string? Origin(string? uri)
        => uri is not null && Uri.TryCreate(uri, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)
            ? u.GetLeftPart(UriPartial.Authority)
            : null;
}
