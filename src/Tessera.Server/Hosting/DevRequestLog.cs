// SPDX-License-Identifier: Apache-2.0
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Tessera.Core.Errors;

namespace Tessera.Server.Hosting;

/// <summary>
/// start-dev's one line per request, so a developer sees what their app called and how it ended:
/// <c>cognito-idp InitiateAuth → 400 NotAuthorizedException (3 ms)</c>, <c>GET /auth/demo/login → 200 (5 ms)</c>.
/// Only the operation or the path is written: never a query string, body or header, which carry codes and tokens.
/// Requests shed with TooManyRequestsException are summed instead, one line per operation per second
/// (<see cref="ShedTally"/>): an overload brings thousands a second, and writing each would take the cores the hashes need.
/// </summary>
internal static partial class DevRequestLog
{
    public static IApplicationBuilder UseDevRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Tessera.Requests");
        var sheds = new ShedTally(logger, app.ApplicationServices.GetService<TimeProvider>() ?? TimeProvider.System);
        app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(sheds.Dispose);
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                Write(logger, sheds, context, Stopwatch.GetElapsedTime(started));
            }
        });
    }

    private static void Write(ILogger logger, ShedTally sheds, HttpContext context, TimeSpan elapsed)
    {
        var request = context.Request;
        if (request.Path == "/health" || HttpMethods.IsOptions(request.Method))
        {
            return;
        }

        var status = context.Response.StatusCode;
        var error = context.Response.Headers["x-amzn-ErrorType"].ToString();
        var target = request.Headers["X-Amz-Target"].ToString();
        if (target.Length > 0 && error.Length == CognitoErrors.TooManyRequestsCode.Length + 1 && error.StartsWith(CognitoErrors.TooManyRequestsCode, StringComparison.Ordinal))
        {
            sheds.Count(target, status);
            return;
        }

        var outcome = error.Length > 0 ? $"{status} {error.TrimEnd(':')}" : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var milliseconds = (long)elapsed.TotalMilliseconds;
        if (target.Length > 0)
        {
            LogOperation(logger, Service(target), Operation(target), outcome, milliseconds);
        }
        else
        {
            LogPath(logger, request.Method, request.Path.Value ?? "/", outcome, milliseconds);
        }
    }

    private static string Service(string target) => target.StartsWith("AWSCognitoIdentityProviderService", StringComparison.Ordinal)
        ? "cognito-idp"
        : target.StartsWith("AWSCognitoIdentityService", StringComparison.Ordinal) ? "cognito-identity" : target.Split('.')[0];

    private static string Operation(string target) => target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Service} {Operation} → {Outcome} ({Milliseconds} ms)")]
    private static partial void LogOperation(ILogger logger, string service, string operation, string outcome, long milliseconds);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Method} {Path} → {Outcome} ({Milliseconds} ms)")]
    private static partial void LogPath(ILogger logger, string method, string path, string outcome, long milliseconds);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "{Service} {Operation} → {Status} TooManyRequestsException × {Count} in the last {Seconds} s (shed requests are summed, not logged one by one)")]
    private static partial void LogSheds(ILogger logger, string service, string operation, int status, long count, int seconds);

    /// <summary>
    /// Counts the shed requests by operation and writes one line per operation a second after the first of a burst,
    /// so a shed costs an increment instead of a formatted line.
    /// </summary>
    internal sealed class ShedTally : IDisposable
    {
        public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
        private readonly ConcurrentDictionary<(string Target, int Status), StrongBox<long>> counts = new();
        private readonly ILogger logger;
        private readonly ITimer timer;
        private int armed;

        public ShedTally(ILogger logger, TimeProvider time)
        {
            this.logger = logger;
            timer = time.CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public void Count(string target, int status)
        {
            var count = counts.GetOrAdd((target, status), static _ => new StrongBox<long>());
            Interlocked.Increment(ref count.Value);
            if (Interlocked.Exchange(ref armed, 1) == 0)
            {
                timer.Change(Period, Timeout.InfiniteTimeSpan);
            }
        }

        /// <summary>Writes what was counted since the last line; a shed counted meanwhile arms the timer again.</summary>
        public void Flush()
        {
            Interlocked.Exchange(ref armed, 0);
            foreach (var ((target, status), count) in counts)
            {
                if (Interlocked.Exchange(ref count.Value, 0) is var n and > 0)
                {
                    LogSheds(logger, Service(target), Operation(target), status, n, (int)Period.TotalSeconds);
                }
            }
        }

        public void Dispose()
        {
            timer.Dispose();
            Flush();
        }
    }
}
