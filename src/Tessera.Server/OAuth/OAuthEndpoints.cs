// SPDX-License-Identifier: Apache-2.0
using Tessera.Server.HostedUi;
using Tessera.Server.Hosting;

namespace Tessera.Server.OAuth;

internal static class OAuthEndpoints
{
    /// <summary>The per-domain OAuth endpoints and hosted pages of <see cref="HostedUiRoutes"/> under <c>/auth/{domain}</c> (host-routed requests are rewritten onto them).</summary>
    public static void MapHostedUi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth/{domain}");
        foreach (var route in HostedUiRoutes.All)
        {
            var endpoint = group.MapMethods(route.Path, route.Methods, route.Handler);
            if (route.BrowserAccess)
            {
                endpoint.RequireCors(BrowserAccess.Policy);
            }
        }

        app.MapGet("/{poolId}/ui/{clientId}/logo", (HttpContext context, string poolId, string clientId) => HostedUiPages.LogoAsync(context, poolId, clientId));
    }
}
