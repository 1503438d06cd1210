// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using Tessera.Core.Errors;
using Tessera.Core.Paging;
using Tessera.Core.Users;

namespace Tessera.Core.UserImport;

/// <summary>
/// The six user import operations: the CSV header, and creating, uploading to, starting, stopping, describing and
/// listing jobs. The import itself runs in the background (<see cref="UserImportRunner"/>).
/// </summary>
public sealed class UserImportService(UserDirectory directory, IUserImportJobStore jobs, TimeProvider time, UserImportSignal? signal = null)
{
    /// <summary>The pre-signed URL is valid for 15 minutes (developer guide, "Creating a user import job").</summary>
    public static readonly TimeSpan UploadWindow = TimeSpan.FromMinutes(15);

    /// <summary>A job not started within a day expires (the guide says 24-48 hours).</summary>
    public static readonly TimeSpan StartWindow = TimeSpan.FromHours(24);

    private const string PageKind = "userImportJobs";
    private const string AlphaNumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public async Task<IReadOnlyList<string>> CsvHeaderAsync(string poolId, CancellationToken cancellationToken)
        => UserImportCsv.Header(await directory.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false));

    public async Task<UserImportJob> CreateAsync(string poolId, string jobName, string roleArn, string? passwordHashingAlgorithm, CancellationToken cancellationToken)
    {
        var pool = await directory.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        if (passwordHashingAlgorithm is not null)
        {
            throw CognitoErrors.InvalidParameter("Tessera does not import password hashes from a CSV file yet: leave PasswordHashingAlgorithm out, and the users are imported in RESET_REQUIRED.");
        }

        var job = new UserImportJob
        {
            JobId = "import-" + RandomNumberGenerator.GetString(AlphaNumeric, 10),
            PoolId = pool.Id,
            JobName = jobName,
            CloudWatchLogsRoleArn = roleArn,
            CreatedAt = time.GetUtcNow(),
        };
        await jobs.AddAsync(job, cancellationToken).ConfigureAwait(false);
        return job;
    }

    public async Task<UserImportJob> DescribeAsync(string poolId, string jobId, CancellationToken cancellationToken)
    {
        _ = await directory.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        return await jobs.FindAsync(poolId, jobId, cancellationToken).ConfigureAwait(false)
            ?? throw CognitoErrors.ResourceNotFound($"Import job {jobId} does not exist.");
    }

    public async Task<(IReadOnlyList<UserImportJob> Jobs, string? PaginationToken)> ListAsync(string poolId, int maxResults, string? paginationToken, CancellationToken cancellationToken)
    {
        _ = await directory.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        DateTimeOffset? afterCreated = null;
        string? afterId = null;
        if (PageToken.Decode(PageKind, paginationToken) is { } key)
        {
            var parts = key.Split('/', 2);
            if (parts.Length != 2 || !long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms))
            {
                throw CognitoErrors.InvalidPaginationToken();
            }

            afterCreated = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            afterId = parts[1];
        }

        var page = await jobs.ListAsync(poolId, afterCreated, afterId, maxResults + 1, cancellationToken).ConfigureAwait(false);
        if (page.Count <= maxResults)
        {
            return (page, null);
        }

        var last = page[maxResults - 1];
        return (page.Take(maxResults).ToList(), PageToken.Encode(PageKind, $"{last.CreatedAt.ToUnixTimeMilliseconds()}/{last.JobId}"));
    }

    /// <summary>Keeps the file uploaded to the job's pre-signed URL (a second upload replaces the first, as S3 does).</summary>
    /// <exception cref="UserImportUploadException">The job cannot take a file now, or the file is too large.</exception>
    public async Task AcceptUploadAsync(string jobId, byte[] content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var job = await jobs.FindAsync(jobId, cancellationToken).ConfigureAwait(false)
            ?? throw new UserImportUploadException(UserImportUploadRefusal.NoSuchJob);
        if (job.Status != UserImportJobStatus.Created)
        {
            throw new UserImportUploadException(UserImportUploadRefusal.NotCreated);
        }

        if (content.Length > UserImportCsv.MaxFileBytes)
        {
            throw new UserImportUploadException(UserImportUploadRefusal.TooLarge);
        }

        await jobs.SaveFileAsync(jobId, content, cancellationToken).ConfigureAwait(false);
        var uploaded = Copy(job);
        uploaded.UploadedAt = time.GetUtcNow();
        if (!await jobs.UpdateAsync(uploaded, job.Status, job.HeartbeatAt, cancellationToken).ConfigureAwait(false))
        {
            throw new UserImportUploadException(UserImportUploadRefusal.NotCreated);
        }
    }

    public async Task<UserImportJob> StartAsync(string poolId, string jobId, CancellationToken cancellationToken)
    {
        var pool = await directory.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
        var job = await DescribeAsync(poolId, jobId, cancellationToken).ConfigureAwait(false);
        if (job.Status != UserImportJobStatus.Created)
        {
            throw CognitoErrors.InvalidParameter($"Import job {jobId} is {job.Status}: only a job in Created can start.");
        }

        if (job.UploadedAt is null)
        {
            throw CognitoErrors.PreconditionNotMet("No CSV file was uploaded to the import job's pre-signed URL.");
        }

        // Developer guide: "If the user pool has no auto-verified attributes, the import job will not start."
        if (!(pool.Settings.AutoVerifiedAttributes ?? []).Any(a => a is "email" or "phone_number"))
        {
            throw CognitoErrors.PreconditionNotMet("The user pool has no auto-verified attributes: imported users could not reset their passwords.");
        }

        var started = Copy(job);
        started.Status = UserImportJobStatus.Pending;
        started.StartedAt = time.GetUtcNow();
        if (!await jobs.UpdateAsync(started, job.Status, job.HeartbeatAt, cancellationToken).ConfigureAwait(false))
        {
            throw CognitoErrors.InvalidParameter($"Import job {jobId} changed while it was being started; describe it and try again.");
        }

        signal?.Raise();
        return started;
    }

    public async Task<UserImportJob> StopAsync(string poolId, string jobId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var job = await DescribeAsync(poolId, jobId, cancellationToken).ConfigureAwait(false);
            var stopped = Copy(job);
            switch (job.Status)
            {
                case UserImportJobStatus.Pending:
                    // Nothing imported yet: the job stops at once.
                    Finish(stopped, UserImportJobStatus.Stopped, UserImportRunner.StoppedMessage, time.GetUtcNow());
                    break;
                case UserImportJobStatus.InProgress:
                    stopped.Status = UserImportJobStatus.Stopping;
                    break;
                default:
                    throw CognitoErrors.InvalidParameter($"Import job {jobId} is {job.Status}: only a Pending or InProgress job can be stopped.");
            }

            if (await jobs.UpdateAsync(stopped, job.Status, job.HeartbeatAt, cancellationToken).ConfigureAwait(false))
            {
                if (stopped.Status == UserImportJobStatus.Stopped)
                {
                    await jobs.DeleteFileAsync(jobId, cancellationToken).ConfigureAwait(false);
                }

                return stopped;
            }
        }

        throw CognitoErrors.TooManyRequests();
    }

    internal static void Finish(UserImportJob job, string status, string message, DateTimeOffset at)
    {
        job.Status = status;
        job.CompletionMessage = UserImportCsv.Fit(message);
        job.CompletedAt = at;
    }

    internal static UserImportJob Copy(UserImportJob job) => new()
    {
        JobId = job.JobId,
        PoolId = job.PoolId,
        JobName = job.JobName,
        CloudWatchLogsRoleArn = job.CloudWatchLogsRoleArn,
        Status = job.Status,
        CreatedAt = job.CreatedAt,
        StartedAt = job.StartedAt,
        CompletedAt = job.CompletedAt,
        ImportedUsers = job.ImportedUsers,
        SkippedUsers = job.SkippedUsers,
        FailedUsers = job.FailedUsers,
        CompletionMessage = job.CompletionMessage,
        UploadedAt = job.UploadedAt,
        ProcessedLines = job.ProcessedLines,
        HeartbeatAt = job.HeartbeatAt,
        Log = job.Log,
    };
}
