// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Portability;

namespace Tessera.Core.Tests.Portability;

public sealed class PortableSecretsTests
{
    private const int FastIterations = 1000;

    [Fact]
    public void Open_SameKey_OpensWhatWasSealed()
    {
        var writer = PortableSecrets.Create("correct horse", FastIterations);
        var sealedValue = writer.Seal("s3cr3t", "client-secret:abc");

        sealedValue.ShouldNotContain("s3cr3t");
        var reader = PortableSecrets.Open(writer.Header, "correct horse");
        reader.Open(sealedValue, "client-secret:abc").ShouldBe("s3cr3t");
    }

    [Fact]
    public void Create_TwoFiles_HaveDifferentSaltsAndCiphertexts()
    {
        var a = PortableSecrets.Create("k", FastIterations);
        var b = PortableSecrets.Create("k", FastIterations);
        a.Header.Salt.ShouldNotBe(b.Header.Salt);
        a.Seal("x", "l").ShouldNotBe(a.Seal("x", "l"));
        a.Header.Protection.ShouldBe(PortableSecrets.Sealed);
        a.Header.Iterations.ShouldBe(FastIterations);
    }

    [Fact]
    public void Open_WrongKey_IsRefusedBeforeAnySecret()
    {
        var writer = PortableSecrets.Create("right", FastIterations);
        var error = Should.Throw<PortabilityException>(() => PortableSecrets.Open(writer.Header, "wrong"));
        error.Message.ShouldContain("not the key the file was exported with");
    }

    [Fact]
    public void Open_NoKeyForSealedFile_SaysWhichOptionGivesIt()
    {
        var writer = PortableSecrets.Create("right", FastIterations);
        Should.Throw<PortabilityException>(() => PortableSecrets.Open(writer.Header, null)).Message.ShouldContain("--secrets-key");
    }

    [Fact]
    public void Open_ValueMovedToAnotherField_DoesNotOpen()
    {
        var secrets = PortableSecrets.Create("k", FastIterations);
        var alice = secrets.Seal("JBSWY3DPEHPK3PXP", "user:1:softwareTokenSecret");
        Should.Throw<PortabilityException>(() => secrets.Open(alice, "user:2:softwareTokenSecret"));
    }

    [Fact]
    public void Open_TamperedValue_DoesNotOpen()
    {
        var secrets = PortableSecrets.Create("k", FastIterations);
        var bytes = Convert.FromBase64String(secrets.Seal("value", "l"));
        bytes[^1] ^= 1;
        Should.Throw<PortabilityException>(() => secrets.Open(Convert.ToBase64String(bytes), "l"));
    }

    [Fact]
    public void Plaintext_WritesAndReadsSecretsAsThey_Are()
    {
        var secrets = PortableSecrets.CreatePlaintext();
        secrets.IsPlaintext.ShouldBeTrue();
        secrets.Seal("s3cr3t", "l").ShouldBe("s3cr3t");
        PortableSecrets.Open(null, null).Open("s3cr3t", "l").ShouldBe("s3cr3t");
    }

    [Fact]
    public void Open_UnknownProtectionOrCrazyIterations_IsRefused()
    {
        Should.Throw<PortabilityException>(() => PortableSecrets.Open(new SecretsHeader { Protection = "rot13" }, "k")).Message.ShouldContain("rot13");
        var header = PortableSecrets.Create("k", FastIterations).Header with { Iterations = PortableSecrets.MaxIterations + 1 };
        Should.Throw<PortabilityException>(() => PortableSecrets.Open(header, "k")).Message.ShouldContain("malformed");
    }

    [Fact]
    public void Create_EmptyKey_AsksForOneOrPlaintext()
        => Should.Throw<PortabilityException>(() => PortableSecrets.Create(string.Empty)).Message.ShouldContain("--plaintext-secrets");
}
