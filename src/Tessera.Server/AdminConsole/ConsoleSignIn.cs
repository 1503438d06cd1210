// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Options;

namespace Tessera.Server.AdminConsole;

/// <summary>
/// Sign-in to the console in <c>start</c>: the console is an OAuth client of this Tessera (an app client of the
/// administration pool, <see cref="ConsoleOptions.AdminPoolId"/>), signing its administrators in through that
/// pool's hosted UI.
/// </summary>
internal sealed class ConsoleSignIn(IOptions<ConsoleOptions> options)
{
    private const string AdminItem = "tessera-console-admin";

    /// <summary>The signed-in administrator's name for this request, or null (start-dev has none).</summary>
    public static string? SignedIn(HttpContext context) => context.Items.TryGetValue(AdminItem, out var v) ? v as string : null;

    /// <summary>The console's paths that answer before sign-in: the start of the sign-in and its callback.</summary>
    public static bool IsOpenPath(PathString path) => path.Equals(ConsolePage.Root + "/sign-in", StringComparison.Ordinal) || path.Equals(ConsolePage.Root + "/callback", StringComparison.Ordinal);

    /// <summary>Whether the request comes from a signed-in administrator; when it does not, the answer has been written.</summary>
    public async Task<bool> AuthenticateAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(options.Value.AdminPoolId) || string.IsNullOrEmpty(options.Value.AdminClientId))
        {
            await ConsolePage.ErrorAsync(context, 403, "Console sign-in is not configured", "In start the console signs administrators in through an administration pool: run tessera console bootstrap-admin and set Tessera:Console:AdminPoolId and Tessera:Console:AdminClientId as it prints (docs/console.md).").ConfigureAwait(false);
            return false;
        }

        await ConsolePage.ErrorAsync(context, 401, "Sign-in required", "Sign in to the console.").ConfigureAwait(false);
        return false;
    }
}
