// SPDX-License-Identifier: Apache-2.0
using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.IntegrationTests.Infrastructure;
using Tessera.Server.OAuth;

namespace Tessera.Server.IntegrationTests.OAuth;

/// <summary>
/// Architecture: a user pool domain's routes are listed once, in <see cref="HostedUiRoutes"/>. Every endpoint mapped
/// under <c>/auth/{domain}</c> is in it, and every route in it is served on a domain host too (so a new page cannot be
/// reachable one way and not the other).
/// </summary>
public sealed class HostedUiRoutesTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private const string DomainPrefix = "/auth/{domain}";

    [Fact]
    public void MappedDomainEndpoints_AreExactlyTheRouteTable()
    {
        var mapped = shared.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText ?? string.Empty)
            .Where(p => p.StartsWith(DomainPrefix + "/", StringComparison.Ordinal))
            .Select(p => p[DomainPrefix.Length..])
            .ToHashSet(StringComparer.Ordinal);

        mapped.Order(StringComparer.Ordinal).ShouldBe(HostedUiRoutes.Paths.Order(StringComparer.Ordinal));
        mapped.ShouldContain("/passkeyEnrollment");
    }

    [Fact]
    public async Task EveryRoute_IsServedOnADomainHost()
    {
        foreach (var route in HostedUiRoutes.All)
        {
            using var request = new HttpRequestMessage(new HttpMethod(route.Methods[0]), route.Path);
            request.Headers.Host = "nosuchdomain.auth.us-east-1.localhost";
            if (route.Methods[0] == "POST")
            {
                request.Content = new FormUrlEncodedContent([]);
            }

            using var response = await shared.Host.Client.SendAsync(request, TestContext.Current.CancellationToken);

            // Routing's own 404 and 405 have no body; each handler answers an unknown domain with its own page or error.
            response.StatusCode.ShouldNotBe(HttpStatusCode.MethodNotAllowed, route.Path);
            (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldNotBeEmpty(route.Path);
        }
    }
}
