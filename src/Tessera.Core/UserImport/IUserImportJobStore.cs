// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.UserImport;

public interface IUserImportJobStore
{
    Task AddAsync(UserImportJob job, CancellationToken cancellationToken);

    Task<UserImportJob?> FindAsync(string poolId, string jobId, CancellationToken cancellationToken);

    Task<UserImportJob?> FindAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>The pool's jobs (every pool's when <paramref name="poolId"/> is null) newest first, starting after (<paramref name="afterCreatedAt"/>, <paramref name="afterJobId"/>).</summary>
    Task<IReadOnlyList<UserImportJob>> ListAsync(string? poolId, DateTimeOffset? afterCreatedAt, string? afterJobId, int take, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the job's mutable fields when its status and heartbeat are still those read
    /// (<paramref name="expectedStatus"/>, <paramref name="expectedHeartbeat"/>); false when another writer changed them
    /// first (a stop, another node's claim).
    /// </summary>
    Task<bool> UpdateAsync(UserImportJob job, string expectedStatus, DateTimeOffset? expectedHeartbeat, CancellationToken cancellationToken);

    /// <summary>The oldest started job no node is running: Pending, or InProgress/Stopping with a heartbeat older than <paramref name="staleBefore"/>.</summary>
    Task<UserImportJob?> FindRunnableAsync(DateTimeOffset staleBefore, CancellationToken cancellationToken);

    /// <summary>Created jobs made before <paramref name="createdBefore"/>: they expire.</summary>
    Task<IReadOnlyList<UserImportJob>> ListCreatedBeforeAsync(DateTimeOffset createdBefore, int take, CancellationToken cancellationToken);

    /// <summary>Stores (or replaces) the job's CSV file.</summary>
    Task SaveFileAsync(string jobId, byte[] content, CancellationToken cancellationToken);

    Task<byte[]?> ReadFileAsync(string jobId, CancellationToken cancellationToken);

    Task DeleteFileAsync(string jobId, CancellationToken cancellationToken);
}

/// <summary>The uploaded CSV file of a job, kept apart from the job so listing jobs never reads it.</summary>
public sealed class UserImportFile
{
    public required string JobId { get; set; }
    public required byte[] Content { get; set; }
}
