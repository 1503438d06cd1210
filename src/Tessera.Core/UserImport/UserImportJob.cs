// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.UserImport;

/// <summary>
/// A user import job (UserImportJobType): a CSV file uploaded to the job's pre-signed URL and imported in the
/// background. The counters and <see cref="Log"/> are written as the job runs, so any node can describe it.
/// </summary>
public sealed class UserImportJob
{
    public required string JobId { get; set; }
    public required string PoolId { get; set; }
    public required string JobName { get; set; }
    public required string CloudWatchLogsRoleArn { get; set; }
    public string Status { get; set; } = UserImportJobStatus.Created;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public long ImportedUsers { get; set; }
    public long SkippedUsers { get; set; }
    public long FailedUsers { get; set; }
    public string? CompletionMessage { get; set; }

    /// <summary>When the CSV file was last uploaded; null while none was.</summary>
    public DateTimeOffset? UploadedAt { get; set; }

    /// <summary>The file lines already imported (header included): a job taken over by another node resumes after them.</summary>
    public int ProcessedLines { get; set; }

    /// <summary>When the node running the job last wrote its progress; a job whose node stopped writing is taken over.</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }

    /// <summary>
    /// The job's log, one line per skipped or failed user in CloudWatch's form
    /// (<c>[FAILED] Line Number 5 - …</c>), at most <see cref="UserImportLog.MaxEntries"/> lines.
    /// </summary>
    public string Log { get; set; } = string.Empty;
}

/// <summary>UserImportJobStatusType.</summary>
public static class UserImportJobStatus
{
    public const string Created = "Created";
    public const string Pending = "Pending";
    public const string InProgress = "InProgress";
    public const string Stopping = "Stopping";
    public const string Stopped = "Stopped";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Expired = "Expired";
}
