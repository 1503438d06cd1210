// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Options;
using Tessera.Core.HostedUi;
using Tessera.Core.OAuth;

namespace Tessera.Server.OAuth;

/// <summary>Where the hosted UI is configured to answer for a custom domain: <c>Tessera:CustomDomains:{host} = {domain}</c>.</summary>
internal sealed class CustomDomainOptions
{
    public Dictionary<string, string> Hosts { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// DESIGN.md §2: the hosted UI and OAuth endpoints live at <c>/auth/{domain}/…</c>; a request whose Host is
/// <c>{domain}.auth.&lt;anything&gt;</c> or a configured custom domain is served the same pages at the bare paths, those of
/// <see cref="HostedUiRoutes"/>.
/// </summary>
internal static class HostedUiRouting
{
    public const string PrefixItem = "tessera.hostedui.prefix";

    /// <summary>Rewrites host-routed requests onto <c>/auth/{domain}</c>; must run before routing.</summary>
    public static IApplicationBuilder UseHostedUiHosts(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (HostedUiRoutes.Paths.Contains(path) && DomainFromHost(context) is { } domain)
        {
            context.Items[PrefixItem] = string.Empty;
            context.Request.Path = $"/auth/{domain}{path}";
        }

        await next(context).ConfigureAwait(false);
    });

    /// <summary>The path prefix the browser sees: empty on a domain host, <c>/auth/{domain}</c> otherwise.</summary>
    public static string Prefix(HttpContext context, string domain)
        => context.Items.TryGetValue(PrefixItem, out var p) && p is string prefix ? prefix : $"/auth/{domain}";

    /// <summary>The domain and pool a request is for, or null when the domain does not exist.</summary>
    public static async Task<UserPoolDomain?> ResolveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var name = context.GetRouteValue("domain") as string;
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var services = context.RequestServices;
        return await services.GetRequiredService<OAuthLookupCache>()
            .DomainAsync(name, ct => services.GetRequiredService<IUserPoolDomainStore>().FindAsync(name, ct), cancellationToken).ConfigureAwait(false);
    }

    private static string? DomainFromHost(HttpContext context)
    {
        var host = context.Request.Host.Host;
        var custom = context.RequestServices.GetRequiredService<IOptions<CustomDomainOptions>>().Value;
        if (custom.Hosts.TryGetValue(host, out var mapped))
        {
            return mapped;
        }

        var marker = host.IndexOf(".auth.", StringComparison.OrdinalIgnoreCase);
        return marker > 0 ? host[..marker].ToLowerInvariant() : null;
    }
}
