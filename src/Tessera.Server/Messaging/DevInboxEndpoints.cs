// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Serialization;
using Tessera.Core.Lifecycle;

namespace Tessera.Server.Messaging;

/// <summary>
/// <c>GET /_dev/inbox</c>: every message a pool would have sent, newest first, as a page a person reads or
/// (<c>?format=json</c>) for tests and scripts. Mapped only in start-dev.
/// </summary>
internal static class DevInboxEndpoints
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static void MapDevInbox(this WebApplication app)
    {
        app.MapGet("/_dev/inbox", async (HttpContext context, IInboxStore inbox) =>
        {
            var query = context.Request.Query;
            var poolId = query["poolId"].FirstOrDefault();
            var limit = int.TryParse(query["limit"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, MaxLimit) : DefaultLimit;
            var messages = await inbox.ListAsync(string.IsNullOrEmpty(poolId) ? null : poolId, limit, context.RequestAborted).ConfigureAwait(false);
            context.Response.Headers.CacheControl = "no-store";
            if (query["format"].FirstOrDefault() == "json")
            {
                var items = messages.Select(m => new DevInboxItem(m.Id, m.SentAt.ToString("O", CultureInfo.InvariantCulture), m.PoolId, m.Username, m.Medium, m.Destination, m.Subject, m.Body, m.Code, m.Purpose)).ToList();
                return Results.Json(new DevInboxDocument(items), DevInboxJsonContext.Default.DevInboxDocument);
            }

            return Results.Content(Render(messages, poolId), "text/html; charset=utf-8");
        });
    }

    private static string Render(IReadOnlyList<InboxMessage> messages, string? poolId)
    {
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Tessera development inbox</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2rem; color: #1b1b1b; background: #fff; line-height: 1.5; }
            table { border-collapse: collapse; width: 100%; }
            caption { text-align: left; font-weight: 600; padding-bottom: .5rem; }
            th, td { border-bottom: 1px solid #c4c4c4; padding: .5rem; text-align: left; vertical-align: top; }
            th { background: #f0f0f0; }
            .code { font-family: ui-monospace, monospace; font-size: 1.25rem; font-weight: 700; background: #ffe066; color: #1b1b1b; padding: 0 .25rem; letter-spacing: .1em; }
            .body { white-space: pre-wrap; }
            a { color: #0b57d0; }
            a:focus, a:hover { outline: 2px solid #0b57d0; }
            </style>
            </head>
            <body>
            <main>
            <h1>Development inbox</h1>
            <p>Every email and SMS message a user pool would have sent, newest first. This page exists only in <code>tessera start-dev</code>.
            Machine-readable: <a href="/_dev/inbox?format=json">JSON</a>. Reload the page to see new messages.</p>
            """);
        if (messages.Count == 0)
        {
            html.Append("<p>No messages yet. Sign up a user, or ask for a password reset, and the code appears here.</p>");
        }
        else
        {
            html.Append("<table><caption>")
                .Append(messages.Count).Append(messages.Count == 1 ? " message" : " messages")
                .Append(poolId is { Length: > 0 } ? " for pool " + Encode(poolId) : string.Empty)
                .Append("</caption><thead><tr><th scope=\"col\">Sent (UTC)</th><th scope=\"col\">To</th><th scope=\"col\">Code</th><th scope=\"col\">Message</th><th scope=\"col\">Pool and user</th></tr></thead><tbody>");
            foreach (var m in messages)
            {
                var body = Encode(m.Body);
                var code = m.Code is { Length: > 0 } c ? Encode(c) : null;
                if (code is not null)
                {
                    body = body.Replace(code, $"<mark class=\"code\">{code}</mark>", StringComparison.Ordinal);
                }

                html.Append("<tr><td><time datetime=\"").Append(m.SentAt.ToString("O", CultureInfo.InvariantCulture)).Append("\">")
                    .Append(m.SentAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append("</time></td>")
                    .Append("<td>").Append(m.Medium == "SMS" ? "SMS to " : "Email to ").Append(Encode(m.Destination)).Append("</td>")
                    .Append("<td>").Append(code is null ? "<span aria-label=\"no code\">—</span>" : $"<mark class=\"code\">{code}</mark>").Append("</td>")
                    .Append("<td>");
                if (m.Subject is { Length: > 0 } subject)
                {
                    html.Append("<strong>").Append(Encode(subject)).Append("</strong><br>");
                }

                html.Append("<span class=\"body\">").Append(body).Append("</span></td>")
                    .Append("<td>").Append(Encode(m.PoolId)).Append("<br>").Append(Encode(m.Username)).Append("<br><small>").Append(Encode(m.Purpose)).Append("</small></td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("</main></body></html>");
        return html.ToString();
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}

internal sealed record DevInboxItem(long Id, string SentAt, string PoolId, string Username, string Medium, string Destination, string? Subject, string Body, string? Code, string Purpose);

internal sealed record DevInboxDocument(IReadOnlyList<DevInboxItem> Messages);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DevInboxDocument))]
internal sealed partial class DevInboxJsonContext : JsonSerializerContext;
