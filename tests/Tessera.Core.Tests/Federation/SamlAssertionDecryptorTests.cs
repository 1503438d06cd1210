// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using Tessera.Core.Federation;

namespace Tessera.Core.Tests.Federation;

public sealed class SamlAssertionDecryptorTests : IDisposable
{
    private const string Assertion = "<saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_a\"><saml:Issuer>idp</saml:Issuer></saml:Assertion>";
    private const string Sha256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    private const string Sha512 = "http://www.w3.org/2001/04/xmlenc#sha512";

    private readonly RSA pool = RSA.Create(2048);

    public void Dispose() => pool.Dispose();

    [Theory]
    [InlineData(SamlAssertionDecryptor.Aes128Gcm, 16, EncryptedXml.XmlEncRSAOAEPUrl, null, null)]
    [InlineData(SamlAssertionDecryptor.Aes256Gcm, 32, EncryptedXml.XmlEncRSAOAEPUrl, null, null)]
    [InlineData(SamlAssertionDecryptor.Aes256Gcm, 32, SamlAssertionDecryptor.RsaOaep11, Sha256, SamlAssertionDecryptor.Mgf1Sha256)]
    [InlineData(SamlAssertionDecryptor.Aes128Gcm, 16, SamlAssertionDecryptor.RsaOaep11, Sha512, SamlAssertionDecryptor.Mgf1Sha512)]
    [InlineData(SamlAssertionDecryptor.Aes128Gcm, 16, SamlAssertionDecryptor.RsaOaep11, null, null)]
    [InlineData(EncryptedXml.XmlEncAES256Url, 32, SamlAssertionDecryptor.RsaOaep11, Sha256, SamlAssertionDecryptor.Mgf1Sha256)]
    [InlineData(EncryptedXml.XmlEncAES128Url, 16, EncryptedXml.XmlEncRSAOAEPUrl, null, null)]
    [InlineData(SamlAssertionDecryptor.Aes256Gcm, 32, SamlAssertionDecryptor.RsaOaep11, Sha256, null)]
    [InlineData(SamlAssertionDecryptor.Aes128Gcm, 16, SamlAssertionDecryptor.RsaOaep11, null, SamlAssertionDecryptor.Mgf1Sha256)]
    [InlineData(SamlAssertionDecryptor.Aes256Gcm, 32, EncryptedXml.XmlEncRSAOAEPUrl, Sha256, null)]
    [InlineData(EncryptedXml.XmlEncAES256Url, 32, SamlAssertionDecryptor.RsaOaep11, Sha512, SamlAssertionDecryptor.Mgf1Sha256)]
    public void Decrypt_AcceptedAlgorithms_ReturnTheAssertion(string content, int keySize, string transport, string? digest, string? mgf)
    {
        var element = SamlAssertionDecryptor.Decrypt(Encrypted(content, keySize, transport, digest, mgf), pool);

        element.LocalName.ShouldBe("Assertion");
        element.GetAttribute("ID").ShouldBe("_a");
    }

    [Fact]
    public void Decrypt_GcmTagChanged_Refused()
        => Refused(Encrypted(SamlAssertionDecryptor.Aes256Gcm, 32, EncryptedXml.XmlEncRSAOAEPUrl, null, null, flipLastByte: true), "cannot be decrypted");

    [Fact]
    public void Decrypt_Sha256DigestWithDefaultMgf1Sha1_ButKeyMaskedWithSha256_Refused()
        => Refused(Encrypted(SamlAssertionDecryptor.Aes256Gcm, 32, SamlAssertionDecryptor.RsaOaep11, Sha256, null, padding: RSAEncryptionPadding.OaepSHA256), "cannot be decrypted");

    [Fact]
    public void Decrypt_UnknownMgf_RefusedAsUnsupported()
        => Refused(Encrypted(SamlAssertionDecryptor.Aes256Gcm, 32, SamlAssertionDecryptor.RsaOaep11, Sha256, SamlAssertionDecryptor.Xenc11Ns + "mgf1sha224", padding: RSAEncryptionPadding.OaepSHA256), "not accepted");

    [Fact]
    public void Decrypt_RsaPkcs1KeyTransport_Refused()
        => Refused(Encrypted(SamlAssertionDecryptor.Aes256Gcm, 32, EncryptedXml.XmlEncRSA15Url, null, null, padding: RSAEncryptionPadding.Pkcs1), "not accepted");

    [Fact]
    public void Decrypt_KeyShorterThanTheAlgorithmNames_Refused()
        => Refused(Encrypted(SamlAssertionDecryptor.Aes256Gcm, 16, EncryptedXml.XmlEncRSAOAEPUrl, null, null), "content key of 16 bytes");

    [Fact]
    public void Decrypt_KeyWrappedWithSha1WhereSha256IsNamed_Refused()
        => Refused(Encrypted(SamlAssertionDecryptor.Aes256Gcm, 32, SamlAssertionDecryptor.RsaOaep11, Sha256, SamlAssertionDecryptor.Mgf1Sha256, padding: RSAEncryptionPadding.OaepSHA1), "cannot be decrypted");

    [Fact]
    public void Decrypt_TripleDes_Refused()
        => Refused(Encrypted(EncryptedXml.XmlEncTripleDESUrl, 24, EncryptedXml.XmlEncRSAOAEPUrl, null, null), "not accepted");

    private void Refused(XmlElement encrypted, string message)
    {
        var error = Should.Throw<FederationException>(() => SamlAssertionDecryptor.Decrypt(encrypted, pool));
        $"{error.Message} ({error.Detail})".ShouldContain(message);
    }

    /// <summary>
    /// An EncryptedAssertion as an IdP writes it: the content encrypted with <paramref name="content"/> under a random key
    /// of <paramref name="keySize"/> bytes, the key wrapped for the pool with the padding <paramref name="transport"/> names
    /// (or <paramref name="padding"/>).
    /// </summary>
    private XmlElement Encrypted(string content, int keySize, string transport, string? digest, string? mgf,
        RSAEncryptionPadding? padding = null, bool flipLastByte = false)
    {
        var key = RandomNumberGenerator.GetBytes(keySize);
        var plain = Encoding.UTF8.GetBytes(Assertion);
        byte[] cipher;
        if (content.StartsWith(SamlAssertionDecryptor.Xenc11Ns, StringComparison.Ordinal))
        {
            var iv = RandomNumberGenerator.GetBytes(12);
            var body = new byte[plain.Length];
            var tag = new byte[16];
            using var gcm = new AesGcm(key, 16);
            gcm.Encrypt(iv, plain, body, tag);
            cipher = [.. iv, .. body, .. tag];
        }
        else
        {
            using var aes = Aes.Create();
            aes.Key = content == EncryptedXml.XmlEncTripleDESUrl ? RandomNumberGenerator.GetBytes(32) : key;
            var iv = RandomNumberGenerator.GetBytes(16);
            cipher = [.. iv, .. aes.EncryptCbc(plain, iv, PaddingMode.PKCS7)];
        }

        if (flipLastByte)
        {
            cipher[^1] ^= 1;
        }

        // Wrapped as the EncryptionMethod says, by the RFC 8017 encoder of RsaOaepTests, unless a padding is forced.
        static HashAlgorithmName Named(string? uri) => uri switch
        {
            Sha256 or SamlAssertionDecryptor.Mgf1Sha256 => HashAlgorithmName.SHA256,
            Sha512 or SamlAssertionDecryptor.Mgf1Sha512 => HashAlgorithmName.SHA512,
            _ => HashAlgorithmName.SHA1,
        };
        var wrapped = padding is null
            ? RsaOaepTests.Encrypt(pool, key, Named(digest), transport == SamlAssertionDecryptor.RsaOaep11 ? Named(mgf) : HashAlgorithmName.SHA1)
            : pool.Encrypt(key, padding);
        var method = $"<xenc:EncryptionMethod Algorithm=\"{transport}\">"
            + (digest is null ? string.Empty : $"<ds:DigestMethod Algorithm=\"{digest}\"/>")
            + (mgf is null ? string.Empty : $"<xenc11:MGF Algorithm=\"{mgf}\"/>")
            + "</xenc:EncryptionMethod>";
        var xml = "<saml:EncryptedAssertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\" "
            + "xmlns:xenc11=\"http://www.w3.org/2009/xmlenc11#\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"
            + "<xenc:EncryptedData Type=\"http://www.w3.org/2001/04/xmlenc#Element\">"
            + $"<xenc:EncryptionMethod Algorithm=\"{content}\"/>"
            + $"<ds:KeyInfo><xenc:EncryptedKey>{method}<xenc:CipherData><xenc:CipherValue>{Convert.ToBase64String(wrapped)}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>"
            + $"<xenc:CipherData><xenc:CipherValue>{Convert.ToBase64String(cipher)}</xenc:CipherValue></xenc:CipherData>"
            + "</xenc:EncryptedData></saml:EncryptedAssertion>";
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(xml);
        return document.DocumentElement!;
    }
}
