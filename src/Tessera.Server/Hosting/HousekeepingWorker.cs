// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Options;
using Tessera.Core.Sessions;

namespace Tessera.Server.Hosting;

/// <summary>
/// Runs <see cref="Housekeeping"/> on every node every <see cref="HousekeepingOptions.Interval"/> (after a random part of
/// one, so nodes started together do not run in step). A failed run is logged and the next one tries again.
/// </summary>
internal sealed partial class HousekeepingWorker(
    IServiceScopeFactory scopes, IOptions<HousekeepingOptions> options, TimeProvider time, ILogger<HousekeepingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        var delay = settings.Interval * (0.5 + (Random.Shared.NextDouble() / 2));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                await RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The loop outlives one failed run (a database restart, a lost connection).
                LogFailed(logger, e);
            }

            delay = settings.Interval;
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<Housekeeping>().RunOnceAsync(cancellationToken).ConfigureAwait(false);
        if (result.Total > 0)
        {
            LogPurged(logger, result.RefreshTokens, result.Sessions, result.AuthorizationCodes, result.InboxMessages, result.AuthEvents);
        }
    }

    [LoggerMessage(EventId = 2300, Level = LogLevel.Information,
        Message = "Housekeeping purged {RefreshTokens} refresh tokens, {Sessions} sessions, {AuthorizationCodes} authorization codes, {InboxMessages} inbox messages, {AuthEvents} auth events")]
    private static partial void LogPurged(ILogger logger, int refreshTokens, int sessions, int authorizationCodes, int inboxMessages, int authEvents);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Error, Message = "Housekeeping failed; the next run tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
