// SPDX-License-Identifier: Apache-2.0
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Tessera.Core;
using Tessera.Server.Hosting;

namespace Tessera.Server.Tests.Hosting;

/// <summary>The rule that tells a request a foreign web page caused from the developer's own browser or scripts.</summary>
public sealed class BrowserAccessTests
{
    [Theory]
    [InlineData("localhost", null, null, false)]
    [InlineData("localhost", null, "none", false)]
    [InlineData("localhost:9229", "http://localhost:9229", "same-origin", false)]
    [InlineData("127.0.0.1:9229", "http://127.0.0.1:9229", "same-origin", false)]
    [InlineData("tessera.internal:9229", null, null, false)]
    [InlineData("id.example.com", "https://id.example.com", "same-origin", false)]
    [InlineData("localhost", "https://evil.example.com", "cross-site", true)]
    [InlineData("localhost", null, "cross-site", true)]
    [InlineData("localhost", null, "same-site", true)]
    [InlineData("localhost", "https://evil.example.com", null, true)]
    [InlineData("localhost", "null", null, true)]
    [InlineData("evil.example.com:9229", "http://evil.example.com:9229", "same-origin", true)]
    [InlineData("evil.example.com:9229", null, "same-origin", true)]
    public void IsForeignBrowserRequest_ByOriginFetchSiteAndHost(string host, string? origin, string? site, bool foreign)
    {
        var request = new DefaultHttpContext().Request;
        request.Scheme = host.StartsWith("id.", StringComparison.Ordinal) ? "https" : "http";
        request.Host = new HostString(host);
        if (origin is not null)
        {
            request.Headers.Origin = origin;
        }

        if (site is not null)
        {
            request.Headers["Sec-Fetch-Site"] = site;
        }

        Access().IsForeignBrowserRequest(request).ShouldBe(foreign);
    }

    [Theory]
    [InlineData("*", true)]
    [InlineData("https://app.example.com", true)]
    [InlineData("http://localhost:3000", true)]
    [InlineData("https://app.example.com/", false)]
    [InlineData("https://app.example.com/path", false)]
    [InlineData("app.example.com", false)]
    [InlineData("ftp://app.example.com", false)]
    public void Validate_AllowedOrigins_AreStarOrBareHttpOrigins(string origin, bool valid)
    {
        var options = new CrossOriginOptions();
        options.AllowedOrigins.Add(origin);

        new CrossOriginOptionsValidation().Validate(null, options).Succeeded.ShouldBe(valid);
    }

    private static BrowserAccess Access()
        => new(new CorsService(Options.Create(new CorsOptions()), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance),
            Options.Create(new CorsOptions()),
            Options.Create(new TesseraOptions { PublicUrl = new Uri("https://id.example.com") }));
}
