// SPDX-License-Identifier: Apache-2.0
using System.Text;
using Tessera.Core.Errors;
using Tessera.Core.Pools;
using Tessera.Core.UserImport;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.UserImport;

public sealed class UserImportRunnerTests
{
    private const string Header = "cognito:username,email,email_verified,given_name,cognito:mfa_enabled";
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static async Task<(CoreFixture Fixture, UserPool Pool)> CreateAsync()
    {
        var fixture = await CoreFixture.CreateAsync();
        var pool = await fixture.AddPoolAsync(new UserPoolSettings { AutoVerifiedAttributes = ["email"] });
        return (fixture, pool);
    }

    private static async Task<UserImportJob> StartedJobAsync(CoreFixture fixture, UserPool pool, string csv)
    {
        var service = fixture.Get<UserImportService>();
        var job = await service.CreateAsync(pool.Id, "import", "arn:aws:iam::000000000000:role/import", null, Ct);
        await service.AcceptUploadAsync(job.JobId, Encoding.UTF8.GetBytes(csv), Ct);
        return await service.StartAsync(pool.Id, job.JobId, Ct);
    }

    [Fact]
    public async Task RunNextAsync_ImportsUsersInResetRequired_LogsSkippedAndFailedLines()
    {
        var (fixture, pool) = await CreateAsync();
        await using var _ = fixture;
        await fixture.AddUserAsync(pool, "taken");
        var job = await StartedJobAsync(fixture, pool, Header + "\njane,jane@example.com,true,Jane,false\ntaken,t@example.com,true,,false\nbad,b@example.com,false,,false\njohn,john@example.com,TRUE,,false\n");

        (await fixture.Get<UserImportRunner>().RunNextAsync(Ct)).ShouldBeTrue();
        var done = await fixture.Get<UserImportService>().DescribeAsync(pool.Id, job.JobId, Ct);

        done.Status.ShouldBe(UserImportJobStatus.Succeeded);
        (done.ImportedUsers, done.SkippedUsers, done.FailedUsers).ShouldBe((2L, 1L, 1L));
        done.CompletionMessage.ShouldBe("Imported 2 of 4 users. [SKIPPED] Line Number 3 - The user already exists.");
        done.Log.ShouldBe("[SKIPPED] Line Number 3 - The user already exists.\n[FAILED] Line Number 4 - " + UserImportCsv.NoAutoVerifiedAttribute + "\n");
        done.CompletedAt.ShouldBe(fixture.Time.GetUtcNow());
        var jane = await fixture.Get<UserDirectory>().GetAsync(pool, "jane", Ct);
        jane.Status.ShouldBe(UserStatus.ResetRequired);
        jane.PasswordHash.ShouldBeNull();
        jane.GetAttribute("given_name").ShouldBe("Jane");
        jane.GetAttribute("email_verified").ShouldBe("true");
        (await fixture.Get<IUserImportJobStore>().ReadFileAsync(job.JobId, Ct)).ShouldBeNull();
        (await fixture.Get<UserImportRunner>().RunNextAsync(Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task RunNextAsync_MostLinesBad_JobFails()
    {
        var (fixture, pool) = await CreateAsync();
        await using var _ = fixture;
        var job = await StartedJobAsync(fixture, pool, Header + "\nok,ok@example.com,true,,false\nbad1,,false,,false\nbad2,,false,,false\n");

        await fixture.Get<UserImportRunner>().RunNextAsync(Ct);
        var done = await fixture.Get<UserImportService>().DescribeAsync(pool.Id, job.JobId, Ct);

        done.Status.ShouldBe(UserImportJobStatus.Failed);
        done.CompletionMessage.ShouldBe(UserImportRunner.TooManyProblemsMessage);
        (done.ImportedUsers, done.FailedUsers).ShouldBe((1L, 2L));
    }

    [Fact]
    public async Task RunNextAsync_BadHeader_JobFailsWithTheReason_NothingImported()
    {
        var (fixture, pool) = await CreateAsync();
        await using var _ = fixture;
        var job = await StartedJobAsync(fixture, pool, "cognito:username,colour,cognito:mfa_enabled\njane,red,false\n");

        await fixture.Get<UserImportRunner>().RunNextAsync(Ct);
        var done = await fixture.Get<UserImportService>().DescribeAsync(pool.Id, job.JobId, Ct);

        done.Status.ShouldBe(UserImportJobStatus.Failed);
        done.CompletionMessage.ShouldBe("The CSV header has a column the user pool does not have: colour.");
        done.ImportedUsers.ShouldBe(0);
        (await fixture.Get<IUserStore>().FindByNormalizedUsernameAsync(pool.Id, "jane", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task StopAsync_PendingJob_StopsAtOnce_AndCannotStartAgain()
    {
        var (fixture, pool) = await CreateAsync();
        await using var _ = fixture;
        var job = await StartedJobAsync(fixture, pool, Header + "\njane,jane@example.com,true,,false\n");
        var service = fixture.Get<UserImportService>();

        var stopped = await service.StopAsync(pool.Id, job.JobId, Ct);

        stopped.Status.ShouldBe(UserImportJobStatus.Stopped);
        stopped.CompletionMessage.ShouldBe(UserImportRunner.StoppedMessage);
        (await fixture.Get<UserImportRunner>().RunNextAsync(Ct)).ShouldBeFalse();
        (await Should.ThrowAsync<CognitoException>(() => service.StartAsync(pool.Id, job.JobId, Ct))).Code.ShouldBe("InvalidParameterException");
        (await Should.ThrowAsync<CognitoException>(() => service.StopAsync(pool.Id, job.JobId, Ct))).Code.ShouldBe("InvalidParameterException");
    }

    [Fact]
    public async Task StartAsync_WithoutUpload_OrWithoutAutoVerifiedAttributes_PreconditionNotMet()
    {
        var (fixture, pool) = await CreateAsync();
        await using var _ = fixture;
        var service = fixture.Get<UserImportService>();
        var job = await service.CreateAsync(pool.Id, "import", "arn:aws:iam::000000000000:role/import", null, Ct);
        (await Should.ThrowAsync<CognitoException>(() => service.StartAsync(pool.Id, job.JobId, Ct))).Code.ShouldBe("PreconditionNotMetException");

        var plain = await fixture.AddPoolAsync();
        var other = await service.CreateAsync(plain.Id, "import", "arn:aws:iam::000000000000:role/import", null, Ct);
        await service.AcceptUploadAsync(other.JobId, Encoding.UTF8.GetBytes(Header + "\n"), Ct);
        (await Should.ThrowAsync<CognitoException>(() => service.StartAsync(plain.Id, other.JobId, Ct))).Message
            .ShouldBe("The user pool has no auto-verified attributes: imported users could not reset their passwords.");
    }

    [Fact]
    public async Task RunNextAsync_JobNotStartedWithinADay_Expires()
    {
        var (fixture, pool) = await CreateAsync();
        await using var _ = fixture;
        var service = fixture.Get<UserImportService>();
        var job = await service.CreateAsync(pool.Id, "import", "arn:aws:iam::000000000000:role/import", null, Ct);
        await service.AcceptUploadAsync(job.JobId, Encoding.UTF8.GetBytes(Header + "\n"), Ct);
        fixture.Time.Advance(TimeSpan.FromHours(25));

        await fixture.Get<UserImportRunner>().RunNextAsync(Ct);

        (await service.DescribeAsync(pool.Id, job.JobId, Ct)).Status.ShouldBe(UserImportJobStatus.Expired);
        (await fixture.Get<IUserImportJobStore>().ReadFileAsync(job.JobId, Ct)).ShouldBeNull();
        (await Should.ThrowAsync<UserImportUploadException>(() => service.AcceptUploadAsync(job.JobId, [1], Ct))).Refusal.ShouldBe(UserImportUploadRefusal.NotCreated);
    }

    [Fact]
    public async Task ListAsync_NewestFirst_WithPaginationToken()
    {
        var (fixture, pool) = await CreateAsync();
        await using var _ = fixture;
        var service = fixture.Get<UserImportService>();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await service.CreateAsync(pool.Id, $"job{i}", "arn:aws:iam::000000000000:role/import", null, Ct)).JobId);
            fixture.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var (first, token) = await service.ListAsync(pool.Id, 2, null, Ct);
        var (second, end) = await service.ListAsync(pool.Id, 2, token, Ct);

        first.Select(j => j.JobId).ShouldBe([ids[2], ids[1]]);
        second.Select(j => j.JobId).ShouldBe([ids[0]]);
        end.ShouldBeNull();
        (await Should.ThrowAsync<CognitoException>(() => service.DescribeAsync(pool.Id, "import-unknown000", Ct))).Code.ShouldBe("ResourceNotFoundException");
    }
}
