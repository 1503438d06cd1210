// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Security;

namespace Tessera.Core.Tests.Security;

public sealed class PasswordHasherTests : IDisposable
{
    private const string Password = "Perm-Pass-1!";

    /// <summary>Written by the reference implementation: <c>echo -n 'Perm-Pass-1!' | argon2 0123456789abcdef -id -t 2 -k 1024 -p 1 -l 32 -e</c>.</summary>
    private const string ReferenceArgon2id = "$argon2id$v=19$m=1024,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$r66xve9+y6bCwkGdFUKC6EnzReIWKjXi6394Uw8sy3c";

    /// <summary>A hash as Tessera stored it before Argon2id: PBKDF2-HMAC-SHA256, 1,000 iterations (Python's hashlib.pbkdf2_hmac).</summary>
    private const string LegacyPbkdf2 = "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw==$oWABfjyJVieRyaBqDG8UR/OynNC/b6HX8X9mr1aXAp0=";

    private readonly PasswordHasher hasher = new(new PasswordHashingOptions { MemoryKiB = 64, Passes = 1 }, TimeProvider.System);

    public void Dispose() => hasher.Dispose();

    [Fact]
    public async Task Hash_NewPassword_IsArgon2idInThePhcFormatNamingItsParameters()
    {
        var hash = await hasher.HashAsync(Password, TestContext.Current.CancellationToken);

        hash.ShouldMatch(@"^\$argon2id\$v=19\$m=64,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$");
        (await hasher.VerifyAsync(Password, hash, TestContext.Current.CancellationToken)).ShouldBeTrue();
        (await hasher.VerifyAsync("Perm-Pass-2!", hash, TestContext.Current.CancellationToken)).ShouldBeFalse();
    }

    [Fact]
    public async Task Hash_SamePasswordTwice_SaltsDiffer()
        => (await hasher.HashAsync(Password, TestContext.Current.CancellationToken)).ShouldNotBe(await hasher.HashAsync(Password, TestContext.Current.CancellationToken));

    [Fact]
    public async Task Verify_HashOfTheReferenceImplementationWithOtherParameters_UsesTheParametersItNames()
    {
        (await hasher.VerifyAsync(Password, ReferenceArgon2id, TestContext.Current.CancellationToken)).ShouldBeTrue();
        (await hasher.VerifyAsync("perm-pass-1!", ReferenceArgon2id, TestContext.Current.CancellationToken)).ShouldBeFalse();
    }

    [Fact]
    public async Task Verify_Pbkdf2HashFromBeforeArgon2id_StillValid()
    {
        (await hasher.VerifyAsync(Password, LegacyPbkdf2, TestContext.Current.CancellationToken)).ShouldBeTrue();
        (await hasher.VerifyAsync("Perm-Pass-2!", LegacyPbkdf2, TestContext.Current.CancellationToken)).ShouldBeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("$argon2id$v=19$m=1024,t=2,p=4$MDEyMzQ1Njc4OWFiY2RlZg$r66xve9+y6bCwkGdFUKC6EnzReIWKjXi6394Uw8sy3c")]
    [InlineData("$argon2id$v=19$m=1024,t=0,p=1$MDEyMzQ1Njc4OWFiY2RlZg$r66xve9+y6bCwkGdFUKC6EnzReIWKjXi6394Uw8sy3c")]
    [InlineData("$argon2id$v=19$m=1024,t=2,p=1$c2hvcnQ$r66xve9+y6bCwkGdFUKC6EnzReIWKjXi6394Uw8sy3c")]
    [InlineData("$argon2i$v=19$m=1024,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$r66xve9+y6bCwkGdFUKC6EnzReIWKjXi6394Uw8sy3c")]
    public async Task Verify_NoHashOrUnknownFormat_False(string? stored)
        => (await hasher.VerifyAsync(Password, stored, TestContext.Current.CancellationToken)).ShouldBeFalse();

    [Theory]
    [InlineData(LegacyPbkdf2, true)]
    [InlineData(ReferenceArgon2id, true)]
    [InlineData("$argon2id$v=19$m=64,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$r66xve9+y6bCwkGdFUKC6EnzReIWKjXi6394Uw8sy3c", true)]
    [InlineData("$argon2id$v=19$m=64,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$r66xve9+y6bCwkGdFUKC6EnzReIWKjXi6394Uw8sy3c", false)]
    public void NeedsRehash_OtherAlgorithmOrParameters_True(string stored, bool expected)
        => hasher.NeedsRehash(stored).ShouldBe(expected);

    [Fact]
    public void Defaults_AreOwaspFirstChoice()
    {
        var options = new PasswordHashingOptions();

        (options.MemoryKiB, options.Passes).ShouldBe((19_456, 2));
        PasswordHashingOptions.OwaspMinimumMemoryKiB(options.Passes).ShouldBe(options.MemoryKiB);
    }
}
