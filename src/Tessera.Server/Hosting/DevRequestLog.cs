// SPDX-License-Identifier: Apache-2.0
using System.Diagnostics;

namespace Tessera.Server.Hosting;

/// <summary>
/// start-dev's one line per request, so a developer sees what their app called and how it ended:
/// <c>cognito-idp InitiateAuth → 400 NotAuthorizedException (3 ms)</c>, <c>GET /auth/demo/login → 200 (5 ms)</c>.
/// Only the operation or the path is written: never a query string, body or header, which carry codes and tokens.
/// </summary>
internal static partial class DevRequestLog
{
    public static IApplicationBuilder UseDevRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Tessera.Requests");
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                Write(logger, context, Stopwatch.GetElapsedTime(started));
            }
        });
    }

    private static void Write(ILogger logger, HttpContext context, TimeSpan elapsed)
    {
        var request = context.Request;
        if (request.Path == "/health" || HttpMethods.IsOptions(request.Method))
        {
            return;
        }

        var status = context.Response.StatusCode;
        var error = context.Response.Headers["x-amzn-ErrorType"].ToString();
        var outcome = error.Length > 0 ? $"{status} {error.TrimEnd(':')}" : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var milliseconds = (long)elapsed.TotalMilliseconds;
        if (request.Headers["X-Amz-Target"].ToString() is { Length: > 0 } target)
        {
            LogOperation(logger, Service(target), target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..], outcome, milliseconds);
        }
        else
        {
            LogPath(logger, request.Method, request.Path.Value ?? "/", outcome, milliseconds);
        }
    }

    private static string Service(string target) => target.StartsWith("AWSCognitoIdentityProviderService", StringComparison.Ordinal)
        ? "cognito-idp"
        : target.StartsWith("AWSCognitoIdentityService", StringComparison.Ordinal) ? "cognito-identity" : target.Split('.')[0];

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Service} {Operation} → {Outcome} ({Milliseconds} ms)")]
    private static partial void LogOperation(ILogger logger, string service, string operation, string outcome, long milliseconds);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Method} {Path} → {Outcome} ({Milliseconds} ms)")]
    private static partial void LogPath(ILogger logger, string method, string path, string outcome, long milliseconds);
}
