// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tessera.Core.Security;
using Tessera.Server.HostedUi;

namespace Tessera.Server.AdminConsole;

/// <summary>
/// The console's layout and form parts. Server-rendered like the hosted UI and with its rules: every value
/// HTML-encoded, a CSP that admits only our own style and script by a per-response nonce, the hosted UI's
/// double-submit CSRF token and cookie settings (scoped to <c>/console</c>), no caching, no framing.
/// </summary>
internal static class ConsolePage
{
    public const string Root = "/console";
    private const string FlashCookie = "tessera-console-flash";
    private const string CsrfItem = "tessera-console-csrf";

    private const string Css = """
        *,*::before,*::after{box-sizing:border-box}
        body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:15px;line-height:1.45;color:#1b1b1b;background:#f2f3f3}
        header{display:flex;align-items:center;gap:1.5rem;padding:.6rem 1.25rem;background:#232f3e;color:#fff}
        header a{color:#fff}
        header .brand{font-weight:700;font-size:1.1rem;text-decoration:none}
        header nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0}
        .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:#fff;color:#000;padding:.25rem .5rem;z-index:2}
        main{max-width:78rem;margin:0 auto;padding:1rem 1.25rem 3rem}
        h1{font-size:1.5rem;margin:.5rem 0 1rem}
        h2{font-size:1.15rem;margin:1.75rem 0 .6rem}
        a{color:#0a5fb4}
        a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #0a5fb4;outline-offset:2px}
        nav.tabs ul{display:flex;flex-wrap:wrap;gap:.25rem;list-style:none;margin:0 0 1rem;padding:0;border-bottom:1px solid #c4c9cc}
        nav.tabs a{display:block;padding:.45rem .8rem;text-decoration:none;border:1px solid transparent;border-bottom:0;border-radius:4px 4px 0 0}
        nav.tabs a[aria-current=page]{background:#fff;border-color:#c4c9cc;font-weight:600;color:#1b1b1b}
        section.card{background:#fff;border:1px solid #d5dbdb;border-radius:6px;padding:1rem 1.25rem;margin:0 0 1rem}
        table{border-collapse:collapse;width:100%;background:#fff}
        caption{text-align:left;font-weight:600;padding:.25rem 0 .5rem}
        th,td{border-bottom:1px solid #d5dbdb;padding:.4rem .5rem;text-align:left;vertical-align:top}
        th{background:#f7f8f8;font-weight:600}
        td code,dd code{word-break:break-all}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0}
        dl.facts dt{font-weight:600}dl.facts dd{margin:0;word-break:break-word}
        form.inline{display:inline}
        .row{display:flex;flex-wrap:wrap;gap:.75rem 1rem;align-items:flex-end}
        .field{display:flex;flex-direction:column;min-width:14rem}
        .field label,.check label,fieldset legend{font-weight:600;margin-bottom:.2rem}
        .hint{color:#545b64;font-size:.85rem}
        fieldset{border:1px solid #d5dbdb;border-radius:4px;padding:.5rem .75rem;margin:.5rem 0}
        input[type=text],input[type=password],input[type=email],input[type=number],input[type=url],select,textarea{font:inherit;padding:.35rem .5rem;border:1px solid #6b7272;border-radius:4px;background:#fff;color:#1b1b1b}
        textarea{width:100%;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem}
        button,.button{display:inline-block;font:inherit;font-weight:600;padding:.4rem .9rem;border-radius:4px;border:1px solid #0a5fb4;background:#0a5fb4;color:#fff;cursor:pointer;text-decoration:none}
        button.secondary,.button.secondary{background:#fff;color:#0a5fb4}
        button.danger{background:#fff;color:#b0180b;border-color:#b0180b}
        .actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
        .notice{padding:.6rem .75rem;margin:0 0 1rem;border-radius:4px;background:#e9f6ec;border:1px solid #1d8102}
        .error{padding:.6rem .75rem;margin:0 0 1rem;border-radius:4px;background:#fdecea;border:1px solid #d13212;color:#8b0000}
        .secret{padding:.75rem;margin:0 0 1rem;border-radius:4px;background:#fff8e1;border:1px solid #c77700}
        pre{background:#f7f8f8;border:1px solid #d5dbdb;border-radius:4px;padding:.6rem;overflow:auto;max-height:24rem;font-size:.85rem}
        .badge{display:inline-block;padding:0 .4rem;border-radius:3px;background:#eaeded;font-size:.85rem}
        .badge.off{background:#fdecea;color:#8b0000}
        """;

    /// <summary>The CSRF token for this response's forms (the hosted UI's double-submit cookie, at <c>/console</c>).</summary>
    public static string Csrf(HttpContext context)
    {
        // One token a response, however many forms the page has (each call would otherwise set a new cookie).
        if (context.Items.TryGetValue(CsrfItem, out var cached) && cached is string token)
        {
            return token;
        }

        token = HostedUiPage.CsrfToken(context, Root);
        context.Items[CsrfItem] = token;
        return token;
    }

    public static bool CsrfValid(HttpContext context, IFormCollection form) => HostedUiPage.CsrfValid(context, form);

    /// <summary>A message for the next page this browser shows (after a POST's redirect), in a short-lived cookie of the console.</summary>
    public static void Flash(HttpContext context, string message, bool error = false)
    {
        var text = message.Length > 600 ? message[..600] + "…" : message;
        context.Response.Cookies.Append(FlashCookie, (error ? "e:" : "n:") + Uri.EscapeDataString(text), HostedUiPage.CookieOptions(context, Root, TimeSpan.FromMinutes(1)));
    }

    /// <summary>Redirects after a POST (303, so a reload does not repeat it) with a message for the next page.</summary>
    public static void Done(HttpContext context, string location, string message, bool error = false)
    {
        Flash(context, message, error);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = location;
    }

    /// <summary>Writes a console page: the header, the flash message, <paramref name="body"/> and, when given, one script of ours.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string title, string body, string? script = null)
    {
        var nonce = RandomIds.OpaqueToken(16);
        var flash = string.Empty;
        if (context.Request.Cookies.TryGetValue(FlashCookie, out var stored) && stored is { Length: > 2 })
        {
            var text = Uri.UnescapeDataString(stored[2..]);
            flash = stored.StartsWith("e:", StringComparison.Ordinal) ? ErrorBlock(text) : $"<p class=\"notice\" role=\"status\">{Encode(text)}</p>";
            context.Response.Cookies.Delete(FlashCookie, HostedUiPage.CookieOptions(context, Root, null));
        }

        var dev = context.RequestServices.GetRequiredService<Hosting.TesseraRuntime>().IsDevelopment;
        var html = new StringBuilder(8192);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append(" · Tessera console</title>")
            .Append("<style nonce=\"").Append(nonce).Append("\">").Append(Css).Append("</style></head><body>")
            .Append("<a class=\"skip\" href=\"#content\">Skip to content</a>")
            .Append("<header><a class=\"brand\" href=\"").Append(Root).Append("\">Tessera console</a><nav aria-label=\"Console\"><ul>")
            .Append("<li><a href=\"").Append(Root).Append("\">User pools</a></li>")
            .Append("<li><a href=\"").Append(Root).Append("/identity-pools\">Identity pools</a></li>");
        if (dev)
        {
            html.Append("<li><a href=\"/_dev/inbox\">Dev inbox</a></li>");
        }

        if (ConsoleSignIn.SignedIn(context) is { } admin)
        {
            html.Append("<li>").Append(Encode(admin)).Append("</li><li><form class=\"inline\" method=\"post\" action=\"").Append(Root).Append("/sign-out\">")
                .Append(Hidden(HostedUiPage.CsrfField, Csrf(context))).Append("<button class=\"secondary\" type=\"submit\">Sign out</button></form></li>");
        }

        html.Append("</ul></nav></header><main id=\"content\">").Append(flash).Append(body).Append("</main>");
        if (script is not null)
        {
            html.Append("<script nonce=\"").Append(nonce).Append("\">").Append(script).Append("</script>");
        }

        html.Append("</body></html>");
        // same-origin, not the hosted UI's no-referrer: under no-referrer a browser sends "Origin: null" with the
        // console's own form posts, which ConsoleAccess could not tell from another site's.
        await HostedUiPage.WriteHtmlAsync(context, status, nonce, script is not null, "img-src 'self' data:; form-action 'self'", html.ToString(), "same-origin").ConfigureAwait(false);
    }

    public static Task ErrorAsync(HttpContext context, int status, string title, string message)
        => WriteAsync(context, status, title, $"<h1>{Encode(title)}</h1>{ErrorBlock(message)}<p><a href=\"{Root}\">Back to the user pools</a></p>");

    public static string Encode(string? text) => HostedUiPage.Encode(text);

    /// <summary>A path segment or query value, escaped for a URL and then for HTML.</summary>
    public static string Url(string value) => Uri.EscapeDataString(value);

    public static string ErrorBlock(string message) => $"<p class=\"error\" role=\"alert\">{Encode(message)}</p>";

    public static string Hidden(string name, string value) => HostedUiPage.Hidden(name, value);

    /// <summary>A POST form with the CSRF token; <paramref name="inner"/> is already HTML.</summary>
    public static string Form(HttpContext context, string action, string inner, string submit, string buttonClass = "", string formClass = "", string? label = null)
        => $"<form method=\"post\" action=\"{Encode(action)}\"{(formClass.Length > 0 ? $" class=\"{formClass}\"" : string.Empty)}{(label is null ? string.Empty : $" aria-label=\"{Encode(label)}\"")}>"
            + Hidden(HostedUiPage.CsrfField, Csrf(context)) + inner
            + $"<button type=\"submit\"{(buttonClass.Length > 0 ? $" class=\"{buttonClass}\"" : string.Empty)}>{Encode(submit)}</button></form>";

    /// <summary>
    /// The script of a page with a long-running form (<c>class="busy"</c>): on submit its button is disabled and says
    /// "Working…", and the form's hidden status (<see cref="Busy"/>) is shown and announced, until the answer arrives.
    /// </summary>
    public const string BusyScript = """
        for (const f of document.querySelectorAll('form.busy')) f.addEventListener('submit', () => {
          const b = f.querySelector('button[type=submit]'); b.disabled = true; b.textContent = 'Working…';
          const s = f.querySelector('.busy-status'); if (s) s.hidden = false;
        });
        """;

    /// <summary>A long-running form's status line, shown by <see cref="BusyScript"/> once it is submitted.</summary>
    public static string Busy(string message) => $"<p class=\"notice busy-status\" role=\"status\" hidden>{Encode(message)}</p>";

    /// <summary>A one-button form (enable, delete, remove).</summary>
    public static string Button(HttpContext context, string action, string submit, string buttonClass = "secondary", string hidden = "", string? label = null)
        => Form(context, action, hidden, submit, buttonClass, "inline", label);

    public static string Field(string id, string name, string label, string type = "text", string? value = null, bool required = false, string? hint = null, string autocomplete = "off")
        => $"<div class=\"field\"><label for=\"{id}\">{Encode(label)}</label>"
            + $"<input id=\"{id}\" name=\"{name}\" type=\"{type}\" value=\"{Encode(value)}\" autocomplete=\"{autocomplete}\" spellcheck=\"false\"{(required ? " required" : string.Empty)}{(hint is null ? string.Empty : $" aria-describedby=\"{id}-hint\"")}>"
            + (hint is null ? string.Empty : $"<span class=\"hint\" id=\"{id}-hint\">{Encode(hint)}</span>")
            + "</div>";

    public static string Check(string id, string name, string label, bool isChecked, string value = "true")
        => $"<div class=\"check\"><input id=\"{id}\" name=\"{name}\" type=\"checkbox\" value=\"{Encode(value)}\"{(isChecked ? " checked" : string.Empty)}> <label for=\"{id}\">{Encode(label)}</label></div>";

    public static string Select(string id, string name, string label, IEnumerable<(string Value, string Text)> options, string? selected)
        => $"<div class=\"field\"><label for=\"{id}\">{Encode(label)}</label><select id=\"{id}\" name=\"{name}\">"
            + string.Concat(options.Select(o => $"<option value=\"{Encode(o.Value)}\"{(o.Value == selected ? " selected" : string.Empty)}>{Encode(o.Text)}</option>"))
            + "</select></div>";

    public static string TextArea(string id, string name, string label, string value, int rows = 16, string? hint = null)
        => $"<div class=\"field\"><label for=\"{id}\">{Encode(label)}</label>"
            + (hint is null ? string.Empty : $"<span class=\"hint\" id=\"{id}-hint\">{Encode(hint)}</span>")
            + $"<textarea id=\"{id}\" name=\"{name}\" rows=\"{rows.ToString(CultureInfo.InvariantCulture)}\" spellcheck=\"false\"{(hint is null ? string.Empty : $" aria-describedby=\"{id}-hint\"")}>{Encode(value)}</textarea></div>";

    /// <summary>A table; <paramref name="rows"/> hold HTML cells.</summary>
    public static string Table(string caption, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string empty)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            return $"<p>{Encode(empty)}</p>";
        }

        var html = new StringBuilder("<table><caption>").Append(Encode(caption)).Append("</caption><thead><tr>");
        foreach (var header in headers)
        {
            html.Append("<th scope=\"col\">").Append(Encode(header)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in list)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append("<td>").Append(cell).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>Facts as a definition list; values are already HTML.</summary>
    public static string Facts(IEnumerable<(string Name, string Html)> facts)
        => "<dl class=\"facts\">" + string.Concat(facts.Select(f => $"<dt>{Encode(f.Name)}</dt><dd>{f.Html}</dd>")) + "</dl>";

    public static string Pretty(JsonElement value) => Encode(JsonSerializer.Serialize(value, PrettyOptions.Context.JsonElement));

    /// <summary>Indented JSON text (not encoded), for an editor's initial value.</summary>
    public static string Indented(System.Text.Json.Nodes.JsonNode value)
    {
        using var document = JsonDocument.Parse(value.ToJsonString());
        return JsonSerializer.Serialize(document.RootElement, PrettyOptions.Context.JsonElement);
    }

    /// <summary>A string member, or empty.</summary>
    public static string Str(JsonElement value, string name)
        => value.ValueKind == JsonValueKind.Object && value.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString() ?? string.Empty,
                JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
                _ => v.GetRawText(),
            }
            : string.Empty;

    public static IEnumerable<JsonElement> Items(JsonElement value, string name)
        => value.ValueKind == JsonValueKind.Object && value.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray()
            : [];

    public static JsonElement Member(JsonElement value, string name)
        => value.ValueKind == JsonValueKind.Object && value.TryGetProperty(name, out var v) ? v : default;

    /// <summary>Epoch seconds (the JSON protocol's timestamps) as a UTC date and time.</summary>
    public static string Time(JsonElement value, string name)
    {
        var member = Member(value, name);
        if (member.ValueKind != JsonValueKind.Number)
        {
            return string.Empty;
        }

        var at = DateTimeOffset.FromUnixTimeMilliseconds((long)(member.GetDouble() * 1000));
        return $"<time datetime=\"{at.ToString("O", CultureInfo.InvariantCulture)}\">{at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC</time>";
    }

    /// <summary>The tabs of a user pool's pages.</summary>
    public static string PoolTabs(string poolId, string current)
    {
        (string Key, string Path, string Text)[] tabs =
        [
            ("overview", string.Empty, "Overview and settings"),
            ("clients", "/clients", "App clients"),
            ("users", "/users", "Users"),
            ("groups", "/groups", "Groups"),
            ("branding", "/branding", "Domain and branding"),
            ("resource-servers", "/resource-servers", "Resource servers"),
        ];
        var html = new StringBuilder("<nav class=\"tabs\" aria-label=\"User pool\"><ul>");
        foreach (var tab in tabs)
        {
            html.Append("<li><a href=\"").Append(Root).Append("/pools/").Append(Url(poolId)).Append(tab.Path).Append('"')
                .Append(tab.Key == current ? " aria-current=\"page\"" : string.Empty).Append('>').Append(tab.Text).Append("</a></li>");
        }

        return html.Append("</ul></nav>").ToString();
    }

    public static string PoolLink(string poolId, string path = "") => $"{Root}/pools/{Url(poolId)}{path}";
}
