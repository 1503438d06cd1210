// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.UserImport;

namespace Tessera.Server.Hosting;

/// <summary>
/// Runs started user import jobs on this node, one at a time: at once when a job starts here, and otherwise every
/// <see cref="PollInterval"/>, so a job started on another node, or left by a node that stopped, is taken up.
/// </summary>
internal sealed partial class UserImportWorker(IServiceScopeFactory scopes, UserImportSignal signal, ILogger<UserImportWorker> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var ran = false;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                ran = await scope.ServiceProvider.GetRequiredService<UserImportRunner>().RunNextAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A lost database connection: the job's heartbeat goes stale and this or another node resumes it.
                LogFailed(logger, e);
            }

            if (!ran)
            {
                try
                {
                    await signal.WaitAsync(PollInterval, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(EventId = 2310, Level = LogLevel.Error, Message = "A user import job failed to run; it is resumed from its last checkpoint")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
