// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.Users;

namespace Tessera.Core.UserImport;

/// <summary>
/// Runs started import jobs, one at a time: each line of the file becomes a user in RESET_REQUIRED (no password, as
/// AWS imports them; the user sets one with ForgotPassword), or a SKIPPED or FAILED line in the job's log. Progress is
/// written every <see cref="CheckpointRows"/> lines, so a stop is seen within them and another node can take over a
/// job whose node stopped writing for <see cref="StaleAfter"/>.
/// </summary>
public sealed class UserImportRunner(IUserImportJobStore jobs, IUserPoolStore pools, UserAdministration administration, IUserStore users, TimeProvider time)
{
    public const int CheckpointRows = 100;
    public const string StoppedMessage = "The Import Job was stopped by the developer.";
    public const string TooManyProblemsMessage = "Too many users have failed or been skipped during the import.";
    public const string SucceededMessage = "Import Job Completed Successfully.";
    public const string ExpiredMessage = "The import job was not started within 24 hours.";
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(5);

    /// <summary>Expires old unstarted jobs, then runs the oldest runnable job to its end; false when there was none.</summary>
    public async Task<bool> RunNextAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var old in await jobs.ListCreatedBeforeAsync(now - UserImportService.StartWindow, 100, cancellationToken).ConfigureAwait(false))
        {
            var expired = UserImportService.Copy(old);
            UserImportService.Finish(expired, UserImportJobStatus.Expired, ExpiredMessage, now);
            if (await jobs.UpdateAsync(expired, old.Status, old.HeartbeatAt, cancellationToken).ConfigureAwait(false))
            {
                await jobs.DeleteFileAsync(old.JobId, cancellationToken).ConfigureAwait(false);
            }
        }

        var job = await jobs.FindRunnableAsync(now - StaleAfter, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return false;
        }

        var claimed = UserImportService.Copy(job);
        claimed.HeartbeatAt = now;
        if (job.Status == UserImportJobStatus.Pending)
        {
            claimed.Status = UserImportJobStatus.InProgress;
        }

        if (await jobs.UpdateAsync(claimed, job.Status, job.HeartbeatAt, cancellationToken).ConfigureAwait(false))
        {
            await RunAsync(claimed, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private async Task RunAsync(UserImportJob job, CancellationToken cancellationToken)
    {
        if (job.Status == UserImportJobStatus.Stopping)
        {
            await EndAsync(job, UserImportJobStatus.Stopped, StoppedMessage, cancellationToken).ConfigureAwait(false);
            return;
        }

        var pool = await pools.FindAsync(job.PoolId, cancellationToken).ConfigureAwait(false);
        var content = await jobs.ReadFileAsync(job.JobId, cancellationToken).ConfigureAwait(false);
        if (pool is null || content is null)
        {
            await EndAsync(job, UserImportJobStatus.Failed, pool is null ? "The user pool has been deleted." : "The CSV file of the import job is gone.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var log = new UserImportLog(job.Log);
        var sinceCheckpoint = 0;
        var lastCheckpoint = time.GetUtcNow();
        try
        {
            foreach (var (row, error) in UserImportCsv.Read(pool, content, job.ProcessedLines))
            {
                if (error is not null)
                {
                    job.FailedUsers++;
                    log.Add("FAILED", error.LineNumber, error.Message);
                    job.ProcessedLines = error.LineNumber;
                }
                else
                {
                    var (outcome, message) = await ImportAsync(pool, row!, cancellationToken).ConfigureAwait(false);
                    switch (outcome)
                    {
                        case "SUCCEEDED": job.ImportedUsers++; break;
                        case "SKIPPED": job.SkippedUsers++; break;
                        default: job.FailedUsers++; break;
                    }

                    if (message is not null)
                    {
                        log.Add(outcome, row!.LineNumber, message);
                    }

                    job.ProcessedLines = row!.LineNumber;
                }

                if (++sinceCheckpoint >= CheckpointRows || time.GetUtcNow() - lastCheckpoint >= CheckpointInterval)
                {
                    job.Log = log.Text;
                    if (!await CheckpointAsync(job, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }

                    sinceCheckpoint = 0;
                    lastCheckpoint = time.GetUtcNow();
                }
            }
        }
        catch (UserImportFileException e)
        {
            job.Log = log.Text;
            await EndAsync(job, UserImportJobStatus.Failed, e.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        job.Log = log.Text;
        var problems = job.FailedUsers + job.SkippedUsers;
        if (problems > job.ImportedUsers)
        {
            await EndAsync(job, UserImportJobStatus.Failed, TooManyProblemsMessage, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var message = problems == 0 ? SucceededMessage : $"Imported {job.ImportedUsers} of {job.ImportedUsers + problems} users. {log.First}";
            await EndAsync(job, UserImportJobStatus.Succeeded, message, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One user: SUCCEEDED (no log line), SKIPPED when the username is taken, FAILED with the reason otherwise.</summary>
    private async Task<(string Outcome, string? Message)> ImportAsync(UserPool pool, UserImportRow row, CancellationToken cancellationToken)
    {
        try
        {
            var user = await administration.NewUserAsync(pool, row.Username, row.Attributes, AttributeWriter.Administrator(creating: true), cancellationToken).ConfigureAwait(false);
            // Developer guide, "Importing users into user pools from a CSV file": imported users are in RESET_REQUIRED.
            user.Status = UserStatus.ResetRequired;
            user.SmsMfaEnabled = row.MfaEnabled && user.PhoneNumber is not null;
            await users.AddAsync(user, cancellationToken).ConfigureAwait(false);
            return ("SUCCEEDED", null);
        }
        catch (CognitoException e) when (e.Code == "UsernameExistsException")
        {
            return ("SKIPPED", "The user already exists.");
        }
        catch (CognitoException e)
        {
            return ("FAILED", e.Message);
        }
    }

    /// <summary>Writes the progress; false when the job was stopped (and is now Stopped) or another node has it.</summary>
    private async Task<bool> CheckpointAsync(UserImportJob job, CancellationToken cancellationToken)
    {
        var previous = job.HeartbeatAt;
        job.HeartbeatAt = time.GetUtcNow();
        if (await jobs.UpdateAsync(job, UserImportJobStatus.InProgress, previous, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        var current = await jobs.FindAsync(job.JobId, cancellationToken).ConfigureAwait(false);
        if (current is { Status: UserImportJobStatus.Stopping } && current.HeartbeatAt == previous)
        {
            job.HeartbeatAt = previous;
            job.Status = UserImportJobStatus.Stopping;
            await EndAsync(job, UserImportJobStatus.Stopped, StoppedMessage, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    private async Task EndAsync(UserImportJob job, string status, string message, CancellationToken cancellationToken)
    {
        var expectedStatus = job.Status;
        var expectedHeartbeat = job.HeartbeatAt;
        UserImportService.Finish(job, status, message, time.GetUtcNow());
        if (!await jobs.UpdateAsync(job, expectedStatus, expectedHeartbeat, cancellationToken).ConfigureAwait(false))
        {
            // Stopped while its last lines ran: it ends Stopped, with what it imported.
            var current = await jobs.FindAsync(job.JobId, cancellationToken).ConfigureAwait(false);
            if (current is not { Status: UserImportJobStatus.Stopping })
            {
                return;
            }

            UserImportService.Finish(job, UserImportJobStatus.Stopped, StoppedMessage, time.GetUtcNow());
            if (!await jobs.UpdateAsync(job, UserImportJobStatus.Stopping, current.HeartbeatAt, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        await jobs.DeleteFileAsync(job.JobId, cancellationToken).ConfigureAwait(false);
    }
}
