// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.UserImport;

namespace Tessera.Storage.Conformance;

/// <summary>IUserImportJobStore behaviour every provider must show: guarded updates, newest-first pages, the file apart.</summary>
public abstract class UserImportJobStoreConformance<TDatabase>(TDatabase database) : StoreConformance<TDatabase>(database)
    where TDatabase : StoreDatabase
{
    private static UserImportJob NewJob(string poolId, string jobId, DateTimeOffset createdAt) => new()
    {
        JobId = jobId,
        PoolId = poolId,
        JobName = "import",
        CloudWatchLogsRoleArn = "arn:aws:iam::000000000000:role/import",
        CreatedAt = createdAt,
    };

    [Fact]
    public async Task UpdateAsync_OnlyWhenStatusAndHeartbeatAreAsRead()
    {
        var pool = await AddPoolAsync();
        var job = NewJob(pool.Id, "import-" + Guid.NewGuid().ToString("N")[..10], Now);
        await WithAsync<IUserImportJobStore>(s => s.AddAsync(job, Ct));
        job.Status = UserImportJobStatus.InProgress;
        job.HeartbeatAt = Now;
        job.ImportedUsers = 3;
        job.Log = "[FAILED] Line Number 2 - x\n";

        (await WithAsync<IUserImportJobStore, bool>(s => s.UpdateAsync(job, UserImportJobStatus.Created, null, Ct))).ShouldBeTrue();
        (await WithAsync<IUserImportJobStore, bool>(s => s.UpdateAsync(job, UserImportJobStatus.Created, null, Ct))).ShouldBeFalse();
        (await WithAsync<IUserImportJobStore, bool>(s => s.UpdateAsync(job, UserImportJobStatus.InProgress, Now.AddSeconds(1), Ct))).ShouldBeFalse();
        (await WithAsync<IUserImportJobStore, bool>(s => s.UpdateAsync(job, UserImportJobStatus.InProgress, Now, Ct))).ShouldBeTrue();
        var found = await WithAsync<IUserImportJobStore, UserImportJob?>(s => s.FindAsync(pool.Id, job.JobId, Ct));

        found.ShouldNotBeNull();
        found.Status.ShouldBe(UserImportJobStatus.InProgress);
        found.ImportedUsers.ShouldBe(3);
        found.HeartbeatAt.ShouldBe(Now);
        found.Log.ShouldBe("[FAILED] Line Number 2 - x\n");
        (await WithAsync<IUserImportJobStore, UserImportJob?>(s => s.FindAsync("us-east-1_other", job.JobId, Ct))).ShouldBeNull();
    }

    [Fact]
    public async Task ListAsync_NewestFirst_PagesAfterTheLastOne()
    {
        var pool = await AddPoolAsync();
        var ids = Enumerable.Range(0, 3).Select(i => $"import-{Guid.NewGuid():N}"[..17] + i).ToArray();
        await WithAsync<IUserImportJobStore>(async s =>
        {
            for (var i = 0; i < 3; i++)
            {
                await s.AddAsync(NewJob(pool.Id, ids[i], Now.AddMinutes(i)), Ct);
            }
        });

        var first = await WithAsync<IUserImportJobStore, IReadOnlyList<UserImportJob>>(s => s.ListAsync(pool.Id, null, null, 2, Ct));
        var second = await WithAsync<IUserImportJobStore, IReadOnlyList<UserImportJob>>(s => s.ListAsync(pool.Id, first[^1].CreatedAt, first[^1].JobId, 2, Ct));

        first.Select(j => j.JobId).ShouldBe([ids[2], ids[1]]);
        second.Select(j => j.JobId).ShouldBe([ids[0]]);
    }

    [Fact]
    public async Task Files_SavedReplacedReadAndDeleted_AndRunnableJobFound()
    {
        var pool = await AddPoolAsync();
        var job = NewJob(pool.Id, "import-" + Guid.NewGuid().ToString("N")[..10], Now);
        await WithAsync<IUserImportJobStore>(s => s.AddAsync(job, Ct));

        await WithAsync<IUserImportJobStore>(s => s.SaveFileAsync(job.JobId, [1, 2], Ct));
        await WithAsync<IUserImportJobStore>(s => s.SaveFileAsync(job.JobId, [3], Ct));
        (await WithAsync<IUserImportJobStore, byte[]?>(s => s.ReadFileAsync(job.JobId, Ct))).ShouldBe(new byte[] { 3 });
        await WithAsync<IUserImportJobStore>(s => s.DeleteFileAsync(job.JobId, Ct));
        (await WithAsync<IUserImportJobStore, byte[]?>(s => s.ReadFileAsync(job.JobId, Ct))).ShouldBeNull();

        (await WithAsync<IUserImportJobStore, IReadOnlyList<UserImportJob>>(s => s.ListCreatedBeforeAsync(Now.AddSeconds(1), 10, Ct))).ShouldContain(j => j.JobId == job.JobId);
        // A heartbeat long ago, so no other test's job is staler.
        var heartbeat = Now.AddDays(-10);
        job.Status = UserImportJobStatus.InProgress;
        job.HeartbeatAt = heartbeat;
        await WithAsync<IUserImportJobStore>(s => s.UpdateAsync(job, UserImportJobStatus.Created, null, Ct));
        (await WithAsync<IUserImportJobStore, UserImportJob?>(s => s.FindRunnableAsync(heartbeat, Ct)))?.JobId.ShouldNotBe(job.JobId);
        (await WithAsync<IUserImportJobStore, UserImportJob?>(s => s.FindRunnableAsync(heartbeat.AddSeconds(1), Ct))).ShouldNotBeNull().JobId.ShouldBe(job.JobId);
    }
}
