// SPDX-License-Identifier: Apache-2.0
using Microsoft.Extensions.Time.Testing;
using Tessera.Core.Errors;
using Tessera.Core.Lifecycle;
using Tessera.Core.Security;
using Tessera.Core.Users;

namespace Tessera.Storage.Conformance;

public static class VerificationCodes
{
    public const int MaxFailures = Core.Lifecycle.VerificationCodes.MaxFailures;

    public static VerificationCode New(string poolId, Guid userId, string purpose = CodePurpose.SignUp, byte[]? hash = null) => new()
    {
        UserId = userId,
        PoolId = poolId,
        Purpose = purpose,
        CodeHash = hash ?? [1, 2, 3],
        AttributeName = "email",
        Destination = "alice@example.com",
        CreatedAt = StoreConformance.Now,
        ExpiresAt = StoreConformance.Now.AddHours(24),
        FailureWindowStart = StoreConformance.Now,
        SendCount = 1,
        SendWindowStart = StoreConformance.Now,
    };

    public static InboxMessage NewMessage(string poolId, string body = "Your code is 123456") => new()
    {
        SentAt = StoreConformance.Now,
        PoolId = poolId,
        Username = "alice",
        Medium = "EMAIL",
        Destination = "alice@example.com",
        Subject = "Your code",
        Body = body,
        Code = "123456",
        Purpose = "SignUp",
    };
}

/// <summary>IVerificationCodeStore and IInboxStore behaviour every provider must show.</summary>
public abstract class LifecycleStoreConformance<TDatabase>(TDatabase database) : StoreConformance<TDatabase>(database)
    where TDatabase : StoreDatabase
{
    [Fact]
    public async Task SaveAsync_AddsThenReplacesThePurposesOneCode()
    {
        var pool = await AddPoolAsync();
        var alice = await AddUserAsync(pool.Id, "alice");
        await WithAsync<IVerificationCodeStore>(s => s.SaveAsync(VerificationCodes.New(pool.Id, alice.Id), Ct));
        await WithAsync<IVerificationCodeStore>(s => s.SaveAsync(VerificationCodes.New(pool.Id, alice.Id, CodePurpose.ForgotPassword, [7]), Ct));

        var replaced = VerificationCodes.New(pool.Id, alice.Id, hash: [4, 5, 6]);
        replaced.SendCount = 2;
        await WithAsync<IVerificationCodeStore>(s => s.SaveAsync(replaced, Ct));

        var signUp = await WithAsync<IVerificationCodeStore, VerificationCode?>(s => s.FindAsync(alice.Id, CodePurpose.SignUp, Ct));
        signUp!.CodeHash.ShouldBe(new byte[] { 4, 5, 6 });
        signUp.SendCount.ShouldBe(2);
        signUp.ExpiresAt.ShouldBe(Now.AddHours(24));
        signUp.Destination.ShouldBe("alice@example.com");
        (await WithAsync<IVerificationCodeStore, VerificationCode?>(s => s.FindAsync(alice.Id, CodePurpose.ForgotPassword, Ct)))!.CodeHash.ShouldBe(new byte[] { 7 });
        (await WithAsync<IVerificationCodeStore, VerificationCode?>(s => s.FindAsync(alice.Id, CodePurpose.VerifyAttribute("email"), Ct))).ShouldBeNull();
    }

    [Fact]
    public async Task TryConsumeAsync_Concurrently_ExactlyOneUsesTheCode()
    {
        var pool = await AddPoolAsync();
        var alice = await AddUserAsync(pool.Id, "alice");
        await WithAsync<IVerificationCodeStore>(s => s.SaveAsync(VerificationCodes.New(pool.Id, alice.Id, hash: [9, 9]), Ct));

        (await WithAsync<IVerificationCodeStore, bool>(s => s.TryConsumeAsync(alice.Id, CodePurpose.SignUp, [1, 1], Ct))).ShouldBeFalse();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            WithAsync<IVerificationCodeStore, bool>(s => s.TryConsumeAsync(alice.Id, CodePurpose.SignUp, [9, 9], Ct)))));

        results.Count(r => r).ShouldBe(1);
        (await WithAsync<IVerificationCodeStore, VerificationCode?>(s => s.FindAsync(alice.Id, CodePurpose.SignUp, Ct)))!.CodeHash.ShouldBeNull();
    }

    [Fact]
    public async Task TryCountAttemptAsync_Concurrently_CountsNoMoreThanTheLimit()
    {
        var pool = await AddPoolAsync();
        var alice = await AddUserAsync(pool.Id, "alice");
        await WithAsync<IVerificationCodeStore>(s => s.SaveAsync(VerificationCodes.New(pool.Id, alice.Id), Ct));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            WithAsync<IVerificationCodeStore, bool>(s => s.TryCountAttemptAsync(alice.Id, CodePurpose.SignUp, 5, Now.AddMinutes(1), Now.AddMinutes(-59), Ct)))));

        results.Count(r => r).ShouldBe(5);
        (await WithAsync<IVerificationCodeStore, VerificationCode?>(s => s.FindAsync(alice.Id, CodePurpose.SignUp, Ct)))!.FailedAttempts.ShouldBe(5);
    }

    [Fact]
    public async Task CheckAsync_ParallelWrongCodes_AtMostFiveAreTried()
    {
        var pool = await AddPoolAsync();
        var alice = await AddUserAsync(pool.Id, "alice");
        var protector = new SecretProtector(new byte[32]);
        var time = new FakeTimeProvider(Now);
        var code = await WithAsync<IVerificationCodeStore, string>(s =>
            new Core.Lifecycle.VerificationCodes(s, protector, new UnknownUserCounters(), time).IssueAsync(alice, CodePurpose.ForgotPassword, TimeSpan.FromHours(1), null, null, null, Ct));
        var wrong = code == "000000" ? "000001" : "000000";

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            var error = await Should.ThrowAsync<CognitoException>(() => WithAsync<IVerificationCodeStore, VerificationCode>(s =>
                new Core.Lifecycle.VerificationCodes(s, protector, new UnknownUserCounters(), time).CheckAsync(alice, CodePurpose.ForgotPassword, wrong, Ct)));
            return error.Code;
        })));

        answers.Count(a => a == "CodeMismatchException").ShouldBe(VerificationCodes.MaxFailures);
        answers.Count(a => a == "LimitExceededException").ShouldBe(20 - VerificationCodes.MaxFailures);
    }

    [Fact]
    public async Task DeletingAUser_RemovesItsCodes()
    {
        var pool = await AddPoolAsync();
        var alice = await AddUserAsync(pool.Id, "alice");
        await WithAsync<IVerificationCodeStore>(s => s.SaveAsync(VerificationCodes.New(pool.Id, alice.Id), Ct));

        await WithAsync<IUserStore>(s => s.DeleteAsync(pool.Id, alice.Id, Ct));

        (await WithAsync<IVerificationCodeStore, VerificationCode?>(s => s.FindAsync(alice.Id, CodePurpose.SignUp, Ct))).ShouldBeNull();
    }

    [Fact]
    public async Task Inbox_ListsNewestFirstPerPoolUpToTheLimit()
    {
        var pool = await AddPoolAsync();
        var other = await AddPoolAsync();
        await WithAsync<IInboxStore>(async s =>
        {
            for (var i = 0; i < 4; i++)
            {
                await s.AddAsync(VerificationCodes.NewMessage(pool.Id, $"message {i}"), Ct);
            }

            await s.AddAsync(VerificationCodes.NewMessage(other.Id, "elsewhere"), Ct);
        });

        var mine = await WithAsync<IInboxStore, IReadOnlyList<InboxMessage>>(s => s.ListAsync(pool.Id, 3, Ct));
        var all = await WithAsync<IInboxStore, IReadOnlyList<InboxMessage>>(s => s.ListAsync(null, 100, Ct));

        mine.Select(m => m.Body).ShouldBe(["message 3", "message 2", "message 1"]);
        mine[0].Subject.ShouldBe("Your code");
        mine[0].Code.ShouldBe("123456");
        mine[0].SentAt.ShouldBe(Now);
        all.Select(m => m.Body).ShouldContain("elsewhere");
        all.Count(m => m.PoolId == pool.Id).ShouldBe(4);
    }
}
