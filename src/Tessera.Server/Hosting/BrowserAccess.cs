// SPDX-License-Identifier: Apache-2.0
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Tessera.Core;

namespace Tessera.Server.Hosting;

/// <summary>
/// Which browser pages may call what (DESIGN.md §2). Browsers legitimately call the operations the AWS models
/// leave unsigned (sign-up, sign-in, the access-token operations, GetId, GetCredentialsForIdentity), STS with
/// identity-pool credentials, the token, userInfo and revocation endpoints, discovery and JWKS: those answer the
/// origins of <see cref="CrossOriginOptions"/>. Nothing else is offered to another origin, and an administrative
/// call made from any web page is refused before it runs: in start-dev without an admin key any well-formed
/// signature passes, so without this a page the developer visits could administer the pools.
/// </summary>
internal sealed class BrowserAccess(ICorsService cors, IOptions<CorsOptions> corsOptions, IOptions<TesseraOptions> tessera)
{
    /// <summary>The CORS policy of the endpoints browsers call.</summary>
    public const string Policy = "tessera-browser";

    /// <summary>Headers a page may read besides the safelisted ones: AWS's error and request id headers, and userInfo's challenge.</summary>
    private static readonly string[] Exposed = ["x-amzn-RequestId", "x-amzn-ErrorType", "x-amzn-ErrorMessage", "Date", "WWW-Authenticate"];

    /// <summary>Registers <see cref="Policy"/> built from <c>Tessera:Cors</c>.</summary>
    public static void AddTo(IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CrossOriginOptions>().BindConfiguration("Tessera:Cors").ValidateOnStart();
        services.AddSingleton<IValidateOptions<CrossOriginOptions>, CrossOriginOptionsValidation>();
        services.AddOptions<CorsOptions>().Configure<IOptions<CrossOriginOptions>>((cors, origins) => cors.AddPolicy(Policy, policy =>
        {
            var allowed = origins.Value.EffectiveOrigins;
            if (allowed.Contains(CrossOriginOptions.Any))
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins([.. allowed]);
            }

            // No credentials: nothing browsers call here is authorised by a cookie.
            policy.AllowAnyHeader().WithMethods("GET", "POST").WithExposedHeaders(Exposed);
        }));
        services.AddSingleton<BrowserAccess>();
    }

    /// <summary>Whether the request comes from a web page: browsers send <c>Origin</c> with every POST and every CORS request.</summary>
    public static bool FromWebPage(HttpRequest request) => request.Headers.Origin.Count > 0;

    /// <summary>Lets the page that sent this request read the answer, when its origin is allowed.</summary>
    public void AllowRead(HttpContext context)
    {
        if (FromWebPage(context.Request))
        {
            cors.ApplyResult(cors.EvaluatePolicy(context, corsOptions.Value.GetPolicy(Policy)!), context.Response);
        }
    }

    /// <summary>
    /// The preflight of <c>POST /</c>: it cannot know the operation (the target is a header value it does not see),
    /// so it is answered for the allowed origins and the operation decides when the request itself comes.
    /// </summary>
    public IResult Preflight(HttpContext context)
    {
        var result = cors.EvaluatePolicy(context, corsOptions.Value.GetPolicy(Policy)!);
        cors.ApplyResult(result, context.Response);
        return Results.NoContent();
    }

    /// <summary>
    /// Whether a request shows a browser reaching Tessera under a name that is not Tessera's: a page's own origin
    /// after DNS rebinding (the attacker's name resolving to 127.0.0.1) looks same-origin, but its Host is not
    /// localhost or the public URL's host.
    /// </summary>
    public bool IsForeignBrowserRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "cross-site" or "same-site")
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        var own = $"{request.Scheme}://{request.Host}";
        var publicOrigin = tessera.Value.PublicUrl.GetLeftPart(UriPartial.Authority);
        if (origin.Length > 0 && !string.Equals(origin, own, StringComparison.OrdinalIgnoreCase) && !string.Equals(origin, publicOrigin, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var fromPage = origin.Length > 0 || site == "same-origin";
        return fromPage && !IsOwnName(request.Host.Host);
    }

    private bool IsOwnName(string host)
        => host is "localhost" or "127.0.0.1" or "[::1]" or "::1"
            || string.Equals(host, tessera.Value.PublicUrl.Host, StringComparison.OrdinalIgnoreCase);
}
