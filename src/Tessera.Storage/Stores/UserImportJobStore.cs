// SPDX-License-Identifier: Apache-2.0
using Microsoft.EntityFrameworkCore;
using Tessera.Core.UserImport;

namespace Tessera.Storage.Stores;

internal sealed class UserImportJobStore(TesseraDbContext db) : IUserImportJobStore
{
    public async Task AddAsync(UserImportJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        db.UserImportJobs.Add(job);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public Task<UserImportJob?> FindAsync(string poolId, string jobId, CancellationToken cancellationToken)
        => db.UserImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.JobId == jobId && j.PoolId == poolId, cancellationToken);

    public Task<UserImportJob?> FindAsync(string jobId, CancellationToken cancellationToken)
        => db.UserImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.JobId == jobId, cancellationToken);

    public async Task<IReadOnlyList<UserImportJob>> ListAsync(string? poolId, DateTimeOffset? afterCreatedAt, string? afterJobId, int take, CancellationToken cancellationToken)
    {
        var query = db.UserImportJobs.AsNoTracking().Where(j => poolId == null || j.PoolId == poolId);
        if (afterCreatedAt is { } created && afterJobId is not null)
        {
            query = query.Where(j => j.CreatedAt < created || (j.CreatedAt == created && string.Compare(j.JobId, afterJobId) < 0));
        }

        return await query.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.JobId).Take(take).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> UpdateAsync(UserImportJob job, string expectedStatus, DateTimeOffset? expectedHeartbeat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return await db.UserImportJobs
            .Where(j => j.JobId == job.JobId && j.Status == expectedStatus && j.HeartbeatAt == expectedHeartbeat)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, job.Status)
                .SetProperty(j => j.StartedAt, job.StartedAt)
                .SetProperty(j => j.CompletedAt, job.CompletedAt)
                .SetProperty(j => j.ImportedUsers, job.ImportedUsers)
                .SetProperty(j => j.SkippedUsers, job.SkippedUsers)
                .SetProperty(j => j.FailedUsers, job.FailedUsers)
                .SetProperty(j => j.CompletionMessage, job.CompletionMessage)
                .SetProperty(j => j.UploadedAt, job.UploadedAt)
                .SetProperty(j => j.ProcessedLines, job.ProcessedLines)
                .SetProperty(j => j.HeartbeatAt, job.HeartbeatAt)
                .SetProperty(j => j.Log, job.Log), cancellationToken).ConfigureAwait(false) == 1;
    }

    public Task<UserImportJob?> FindRunnableAsync(DateTimeOffset staleBefore, CancellationToken cancellationToken)
        => db.UserImportJobs.AsNoTracking()
            .Where(j => j.Status == UserImportJobStatus.Pending
                || ((j.Status == UserImportJobStatus.InProgress || j.Status == UserImportJobStatus.Stopping) && j.HeartbeatAt < staleBefore))
            .OrderBy(j => j.StartedAt)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<UserImportJob>> ListCreatedBeforeAsync(DateTimeOffset createdBefore, int take, CancellationToken cancellationToken)
        => await db.UserImportJobs.AsNoTracking()
            .Where(j => j.Status == UserImportJobStatus.Created && j.CreatedAt < createdBefore)
            .OrderBy(j => j.CreatedAt)
            .Take(take)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    public async Task SaveFileAsync(string jobId, byte[] content, CancellationToken cancellationToken)
    {
        if (await db.UserImportFiles.Where(f => f.JobId == jobId).ExecuteUpdateAsync(s => s.SetProperty(f => f.Content, content), cancellationToken).ConfigureAwait(false) == 1)
        {
            return;
        }

        if (!await db.TryInsertAsync(new UserImportFile { JobId = jobId, Content = content }, f => f.JobId == jobId, cancellationToken).ConfigureAwait(false))
        {
            // Two uploads at once: the later write wins, as in S3.
            await db.UserImportFiles.Where(f => f.JobId == jobId).ExecuteUpdateAsync(s => s.SetProperty(f => f.Content, content), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<byte[]?> ReadFileAsync(string jobId, CancellationToken cancellationToken)
        => db.UserImportFiles.AsNoTracking().Where(f => f.JobId == jobId).Select(f => f.Content).FirstOrDefaultAsync(cancellationToken)!;

    public Task DeleteFileAsync(string jobId, CancellationToken cancellationToken)
        => db.UserImportFiles.Where(f => f.JobId == jobId).ExecuteDeleteAsync(cancellationToken);
}
