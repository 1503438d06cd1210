// SPDX-License-Identifier: Apache-2.0
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Tessera.Core.Errors;
using Tessera.Server.Hosting;

namespace Tessera.Server.AdminConsole;

/// <summary>Maps <c>/console</c> when it is enabled (docs/console.md).</summary>
internal static class ConsoleEndpoints
{
    public static void AddConsole(this IServiceCollection services)
    {
        services.AddOptions<ConsoleOptions>().BindConfiguration("Tessera:Console");
        services.AddSingleton<ConsoleOperations>();
        services.AddSingleton<ConsoleSignIn>();
    }

    public static void UseConsole(this WebApplication app)
    {
        if (!IsEnabled(app))
        {
            return;
        }

        app.UseWhen(c => c.Request.Path.StartsWithSegments(ConsolePage.Root, StringComparison.Ordinal), console => console.Use(ConsoleAccess.GateAsync));
    }

    public static void MapConsole(this WebApplication app)
    {
        if (!IsEnabled(app))
        {
            return;
        }

        var console = app.MapGroup(ConsolePage.Root);
        ConsoleSignIn.Map(console);
        PoolPages.Map(console);
        ClientPages.Map(console);
        UserPages.Map(console);
        GroupPages.Map(console);
        BrandingPages.Map(console);
        ResourceServerPages.Map(console);
        IdentityPoolPages.Map(console);
    }

    /// <summary>
    /// Runs a POST's action and redirects to <paramref name="back"/> with its message, or with the operation's error
    /// (a client mistake is the API's own message, as the AWS CLI would print it).
    /// </summary>
    public static async Task ActAsync(HttpContext context, string back, Func<IFormCollection, ConsoleOperations, Task<Outcome>> action)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            var outcome = await action(form, context.RequestServices.GetRequiredService<ConsoleOperations>()).ConfigureAwait(false);
            ConsolePage.Done(context, outcome.Location ?? back, outcome.Message);
        }
        catch (CognitoException e) when (e.StatusCode < 500)
        {
            ConsolePage.Done(context, back, $"{e.Code}: {e.Message}", error: true);
        }
        catch (System.Text.Json.JsonException e)
        {
            ConsolePage.Done(context, back, $"The JSON could not be read: {e.Message}", error: true);
        }
    }

    /// <summary>Runs a GET page; an error the operations answer (a pool that is gone) becomes a page saying so.</summary>
    public static async Task PageAsync(HttpContext context, Func<ConsoleOperations, Task> page)
    {
        try
        {
            await page(context.RequestServices.GetRequiredService<ConsoleOperations>()).ConfigureAwait(false);
        }
        catch (CognitoException e) when (e.StatusCode < 500 && !context.Response.HasStarted)
        {
            await ConsolePage.ErrorAsync(context, e.Code.Contains("NotFound", StringComparison.Ordinal) ? 404 : 400, "Cannot show this page", $"{e.Code}: {e.Message}").ConfigureAwait(false);
        }
    }

    /// <summary>A list request: <paramref name="body"/> with the page's token from the query (<c>?token=</c>) as <paramref name="tokenMember"/>.</summary>
    public static JsonObject Paged(HttpContext context, JsonObject body, string tokenMember = "NextToken")
    {
        if (context.Request.Query["token"].ToString() is { Length: > 0 } token)
        {
            body[tokenMember] = token;
        }

        return body;
    }

    /// <summary>The "Next page" link of a list whose answer carries <paramref name="tokenMember"/>.</summary>
    public static string NextLink(System.Text.Json.JsonElement result, string path, string tokenMember = "NextToken")
        => ConsolePage.Str(result, tokenMember) is { Length: > 0 } next
            ? $"<p><a href=\"{path}{(path.Contains('?', StringComparison.Ordinal) ? "&amp;" : "?")}token={ConsolePage.Url(next)}\">Next page</a></p>"
            : string.Empty;

    /// <summary>A form's text field, or null when empty.</summary>
    public static string? Text(IFormCollection form, string name) => form[name].ToString() is { Length: > 0 } v ? v.Trim() : null;

    public static bool On(IFormCollection form, string name) => form[name].ToString() == "true";

    public static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)v)];

    /// <summary>The lines of a text area, trimmed, without blanks.</summary>
    public static IEnumerable<string> Lines(string? text)
        => (text ?? string.Empty).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);

    private static bool IsEnabled(WebApplication app)
        => app.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value.IsEnabled(app.Services.GetRequiredService<TesseraRuntime>().IsDevelopment);
}
