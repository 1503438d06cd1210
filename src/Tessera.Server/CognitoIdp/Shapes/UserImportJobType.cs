// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.UserImport;
using Tessera.Server.UserImport;

namespace Tessera.Server.CognitoIdp.Shapes;

/// <summary>UserImportJobType, as the five job operations return it.</summary>
internal sealed record UserImportJobType(
    string JobName,
    string JobId,
    string UserPoolId,
    string PreSignedUrl,
    DateTimeOffset CreationDate,
    DateTimeOffset? StartDate,
    DateTimeOffset? CompletionDate,
    string Status,
    string CloudWatchLogsRoleArn,
    long ImportedUsers,
    long SkippedUsers,
    long FailedUsers,
    string? CompletionMessage)
{
    public static UserImportJobType From(UserImportJob job, UserImportUrls urls) => new(
        job.JobName, job.JobId, job.PoolId, urls.For(job), job.CreatedAt, job.StartedAt, job.CompletedAt, job.Status,
        job.CloudWatchLogsRoleArn, job.ImportedUsers, job.SkippedUsers, job.FailedUsers, job.CompletionMessage);
}
