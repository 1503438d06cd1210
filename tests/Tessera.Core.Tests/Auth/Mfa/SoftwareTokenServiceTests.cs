// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using OtpNet;
using Tessera.Core.Auth.Mfa;
using Tessera.Core.Errors;
using Tessera.Core.Security;
using Tessera.Core.Users;

namespace Tessera.Core.Tests.Auth.Mfa;

public sealed class SoftwareTokenServiceTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 5, TimeSpan.Zero));
    private readonly MemoryStores stores = new();
    private readonly SoftwareTokenService service;
    private readonly User user = new() { Id = Guid.NewGuid(), PoolId = "us-east-1_Test", Username = "alice", NormalizedUsername = "alice" };

    public SoftwareTokenServiceTests()
    {
        service = new SoftwareTokenService(new UserDirectory(stores, stores, time), new SecretProtector(RandomNumberGenerator.GetBytes(32)), time);
        stores.AddAsync(user, CancellationToken.None).GetAwaiter().GetResult();
    }

    private string Code(string secret, TimeSpan offset) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp((time.GetUtcNow() + offset).UtcDateTime);

    [Fact]
    public async Task ConfirmAsync_RightCode_MakesThePendingSecretTheToken()
    {
        var secret = await service.AssociateAsync(user, CancellationToken.None);
        secret.ShouldMatch("^[A-Z2-7]{32}$");
        user.SoftwareTokenSecret.ShouldBeNull();

        var confirmed = await service.ConfirmAsync(user, Code(secret, TimeSpan.Zero), CancellationToken.None);

        confirmed.SoftwareTokenSecret.ShouldNotBeNull();
        confirmed.PendingSoftwareTokenSecret.ShouldBeNull();
    }

    [Fact]
    public async Task ConfirmAsync_WrongCode_ThrowsEnableSoftwareTokenMfa()
    {
        var secret = await service.AssociateAsync(user, CancellationToken.None);
        var wrong = Code(secret, TimeSpan.FromMinutes(5));
        var error = await Should.ThrowAsync<CognitoException>(() => service.ConfirmAsync(user, wrong, CancellationToken.None));
        error.Code.ShouldBe("EnableSoftwareTokenMFAException");
    }

    [Fact]
    public async Task AcceptSignInCodeAsync_SameTimeStepTwice_IsRefusedTheSecondTime()
    {
        var secret = await service.AssociateAsync(user, CancellationToken.None);
        await service.ConfirmAsync(user, Code(secret, TimeSpan.Zero), CancellationToken.None);

        // The enrolment used this step: its code cannot sign in.
        (await Should.ThrowAsync<CognitoException>(() => service.AcceptSignInCodeAsync(user, Code(secret, TimeSpan.Zero), CancellationToken.None)))
            .Code.ShouldBe("ExpiredCodeException");

        time.Advance(TimeSpan.FromSeconds(30));
        var code = Code(secret, TimeSpan.Zero);
        await service.AcceptSignInCodeAsync(user, code, CancellationToken.None);
        var replay = await Should.ThrowAsync<CognitoException>(() => service.AcceptSignInCodeAsync(user, code, CancellationToken.None));
        replay.Code.ShouldBe("ExpiredCodeException");
        replay.Message.ShouldBe("Your software token has already been used once.");

        // One step of drift either way is accepted, two are not.
        time.Advance(TimeSpan.FromSeconds(30));
        await service.AcceptSignInCodeAsync(user, Code(secret, TimeSpan.FromSeconds(30)), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(90));
        (await Should.ThrowAsync<CognitoException>(() => service.AcceptSignInCodeAsync(user, Code(secret, TimeSpan.FromSeconds(-60)), CancellationToken.None)))
            .Code.ShouldBe("CodeMismatchException");
    }

    [Fact]
    public async Task AcceptSignInCodeAsync_NoToken_ThrowsSoftwareTokenMfaNotFound()
        => (await Should.ThrowAsync<CognitoException>(() => service.AcceptSignInCodeAsync(user, "123456", CancellationToken.None)))
            .Code.ShouldBe("SoftwareTokenMFANotFoundException");
}
