// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Lifecycle;
using Tessera.Core.Users;

namespace Tessera.Storage.Conformance;

/// <summary>IVerificationCodeStore and IInboxStore behaviour every provider must show.</summary>
public abstract class VerificationCodeStoreConformance<TDatabase>(TDatabase database) : StoreConformance<TDatabase>(database)
    where TDatabase : StoreDatabase
{
    private async Task<VerificationCode> SaveCodeAsync(User user, string purpose, byte[] hash)
    {
        var code = new VerificationCode
        {
            UserId = user.Id,
            PoolId = user.PoolId,
            Purpose = purpose,
            CodeHash = hash,
            AttributeName = "email",
            Destination = "a@example.com",
            CreatedAt = Now,
            ExpiresAt = Now.AddHours(1),
            FailureWindowStart = Now,
            SendWindowStart = Now,
            SendCount = 1,
        };
        await WithAsync<IVerificationCodeStore>(s => s.SaveAsync(code, Ct));
        return code;
    }

    [Fact]
    public async Task SaveAsync_ThenFindAsync_RoundTrips_AndSaveReplaces()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "coder");
        var code = await SaveCodeAsync(user, CodePurpose.SignUp, [1, 2, 3]);

        code.CodeHash = [4, 5, 6];
        code.PendingValue = "new@example.com";
        code.SendCount = 2;
        await WithAsync<IVerificationCodeStore>(s => s.SaveAsync(code, Ct));
        var found = await WithAsync<IVerificationCodeStore, VerificationCode?>(s => s.FindAsync(user.Id, CodePurpose.SignUp, Ct));

        found.ShouldNotBeNull();
        found.CodeHash.ShouldBe(new byte[] { 4, 5, 6 });
        found.PendingValue.ShouldBe("new@example.com");
        found.SendCount.ShouldBe(2);
        found.ExpiresAt.ShouldBe(Now.AddHours(1));
        (await WithAsync<IVerificationCodeStore, VerificationCode?>(s => s.FindAsync(user.Id, CodePurpose.ForgotPassword, Ct))).ShouldBeNull();
    }

    [Fact]
    public async Task TryConsumeAsync_SucceedsOnce_AndOnlyWithTheRightHash()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "consumer");
        await SaveCodeAsync(user, CodePurpose.ForgotPassword, [7, 7, 7]);

        (await WithAsync<IVerificationCodeStore, bool>(s => s.TryConsumeAsync(user.Id, CodePurpose.ForgotPassword, [8, 8, 8], Ct))).ShouldBeFalse();
        (await WithAsync<IVerificationCodeStore, bool>(s => s.TryConsumeAsync(user.Id, CodePurpose.ForgotPassword, [7, 7, 7], Ct))).ShouldBeTrue();
        (await WithAsync<IVerificationCodeStore, bool>(s => s.TryConsumeAsync(user.Id, CodePurpose.ForgotPassword, [7, 7, 7], Ct))).ShouldBeFalse();
        (await WithAsync<IVerificationCodeStore, VerificationCode?>(s => s.FindAsync(user.Id, CodePurpose.ForgotPassword, Ct)))!.CodeHash.ShouldBeNull();
    }

    [Fact]
    public async Task TryCountAttemptAsync_CountsUpToTheLimit_RestartsAnOldWindow_AndGivesBack()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "guesser");
        await SaveCodeAsync(user, CodePurpose.SignUp, [1]);
        Task<bool> Count(DateTimeOffset now) => WithAsync<IVerificationCodeStore, bool>(s => s.TryCountAttemptAsync(user.Id, CodePurpose.SignUp, 3, now, now.AddHours(-1), Ct));
        Task<VerificationCode?> Find() => WithAsync<IVerificationCodeStore, VerificationCode?>(s => s.FindAsync(user.Id, CodePurpose.SignUp, Ct));

        var firstThree = new[] { await Count(Now.AddMinutes(1)), await Count(Now.AddMinutes(2)), await Count(Now.AddMinutes(3)) };
        var fourth = await Count(Now.AddMinutes(4));
        var counted = await Find();
        var restartedAnswer = await Count(Now.AddHours(2));
        var restarted = await Find();
        await WithAsync<IVerificationCodeStore>(s => s.UncountAttemptAsync(user.Id, CodePurpose.SignUp, Ct));
        await WithAsync<IVerificationCodeStore>(s => s.UncountAttemptAsync(user.Id, CodePurpose.SignUp, Ct));
        var givenBack = await Find();

        firstThree.ShouldAllBe(allowed => allowed);
        fourth.ShouldBeFalse();
        counted!.FailedAttempts.ShouldBe(3);
        counted.FailureWindowStart.ShouldBe(Now);
        restartedAnswer.ShouldBeTrue();
        restarted!.FailedAttempts.ShouldBe(1);
        restarted.FailureWindowStart.ShouldBe(Now.AddHours(2));
        givenBack!.FailedAttempts.ShouldBe(0);
        (await WithAsync<IVerificationCodeStore, bool>(s => s.TryCountAttemptAsync(user.Id, CodePurpose.ForgotPassword, 3, Now, Now.AddHours(-1), Ct))).ShouldBeFalse();
    }

    [Fact]
    public async Task Codes_GoWithTheirUser()
    {
        var pool = await AddPoolAsync();
        var user = await AddUserAsync(pool.Id, "leaver");
        await SaveCodeAsync(user, CodePurpose.SignUp, [1]);

        await WithAsync<IUserStore, bool>(s => s.DeleteAsync(pool.Id, user.Id, Ct));

        (await WithAsync<IVerificationCodeStore, VerificationCode?>(s => s.FindAsync(user.Id, CodePurpose.SignUp, Ct))).ShouldBeNull();
    }

    [Fact]
    public async Task Inbox_ListsNewestFirst_ByPool()
    {
        var poolA = NewPoolId();
        var poolB = NewPoolId();
        foreach (var (pool, n) in new[] { (poolA, 1), (poolB, 2), (poolA, 3) })
        {
            await WithAsync<IInboxStore>(s => s.AddAsync(new InboxMessage
            {
                SentAt = Now.AddSeconds(n),
                PoolId = pool,
                Username = "u" + n,
                Medium = "EMAIL",
                Destination = $"u{n}@example.com",
                Subject = "s",
                Body = "code " + n,
                Code = n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Purpose = "SignUp",
            }, Ct));
        }

        var a = await WithAsync<IInboxStore, IReadOnlyList<InboxMessage>>(s => s.ListAsync(poolA, 10, Ct));
        var limited = await WithAsync<IInboxStore, IReadOnlyList<InboxMessage>>(s => s.ListAsync(null, 1, Ct));

        a.Select(m => m.Username).ShouldBe(["u3", "u1"]);
        a[0].SentAt.ShouldBe(Now.AddSeconds(3));
        limited.Single().Username.ShouldBe("u3");
    }
}
