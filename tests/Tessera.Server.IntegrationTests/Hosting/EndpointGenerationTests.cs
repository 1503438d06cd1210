// SPDX-License-Identifier: Apache-2.0
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.IntegrationTests.Infrastructure;

namespace Tessera.Server.IntegrationTests.Hosting;

/// <summary>
/// The minimal-API endpoints' request delegates come from the Request Delegate Generator (EnableRequestDelegateGenerator
/// in Tessera.Server.csproj), so a start's first request does not build them with reflection and compiled expression
/// trees (issue 17, G8; docs/benchmarks.md). A Map call the generator cannot intercept (a handler held in a variable of
/// type Delegate, say) falls back to RequestDelegateFactory at run time without a build warning: this test finds it.
/// </summary>
public sealed class EndpointGenerationTests
{
    [Fact]
    public async Task EveryEndpoint_HasABuildTimeRequestDelegate()
    {
        await using var host = await TesseraHost.StartAsync();

        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var runtimeBuilt = endpoints
            .Where(e => BuiltAtRunTime(e.RequestDelegate!.Method))
            .Select(e => e.RoutePattern.RawText)
            .ToList();

        endpoints.Count.ShouldBeGreaterThan(30);
        runtimeBuilt.ShouldBeEmpty();
    }

    /// <summary>Compiled expression trees have no declaring type; RequestDelegateFactory's own wrappers live in its assembly.</summary>
    private static bool BuiltAtRunTime(MethodInfo method)
        => method.DeclaringType is null || method.DeclaringType.Assembly == typeof(RequestDelegateFactory).Assembly;
}
