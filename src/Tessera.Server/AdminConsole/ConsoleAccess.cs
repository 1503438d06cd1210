// SPDX-License-Identifier: Apache-2.0
using System.Net;
using Tessera.Server.Hosting;

namespace Tessera.Server.AdminConsole;

/// <summary>
/// Who may use <c>/console</c>. In start-dev: browsers on this machine only (a loopback connection, under a name that
/// is Tessera's own, never a page of another site), with no sign-in. In start: an administrator signed in through
/// the administration pool's hosted UI (<see cref="ConsoleSignIn"/>). Every POST must carry the console's CSRF token
/// and come from the console's own pages.
/// </summary>
internal static class ConsoleAccess
{
    public static async Task GateAsync(HttpContext context, RequestDelegate next)
    {
        var services = context.RequestServices;
        var browsers = services.GetRequiredService<BrowserAccess>();
        if (browsers.IsForeignBrowserRequest(context.Request))
        {
            await ConsolePage.ErrorAsync(context, 403, "Not allowed", "The console answers its own pages only, not requests another site's page caused.").ConfigureAwait(false);
            return;
        }

        if (services.GetRequiredService<TesseraRuntime>().IsDevelopment)
        {
            if (!IsLoopback(context.Connection.RemoteIpAddress))
            {
                await ConsolePage.ErrorAsync(context, 403, "Not allowed", "In start-dev the console answers browsers on this machine only.").ConfigureAwait(false);
                return;
            }
        }
        else if (!ConsoleSignIn.IsOpenPath(context.Request.Path) && !await services.GetRequiredService<ConsoleSignIn>().AuthenticateAsync(context).ConfigureAwait(false))
        {
            return;
        }

        if (HttpMethods.IsPost(context.Request.Method))
        {
            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false) : null;
            if (form is null || !ConsolePage.CsrfValid(context, form))
            {
                await ConsolePage.ErrorAsync(context, 403, "Form refused", "The form has expired or did not come from this console (CSRF token missing or invalid). Go back, reload the page and try again.").ConfigureAwait(false);
                return;
            }
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>A connection from this machine; the in-process test server has no address and is this process.</summary>
    private static bool IsLoopback(IPAddress? address) => address is null || IPAddress.IsLoopback(address);
}
