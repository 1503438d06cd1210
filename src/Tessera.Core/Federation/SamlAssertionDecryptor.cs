// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace Tessera.Core.Federation;

/// <summary>
/// Opens a SAML EncryptedAssertion (SAML 2.0 Core §2.3.4) encrypted for the pool's certificate, as Cognito's "SAML
/// signing and encryption" describes: the content key is transported with RSA-OAEP and the assertion encrypted with AES.
/// <list type="bullet">
/// <item>Key transport: XML Encryption 1.0 <c>rsa-oaep-mgf1p</c> (SHA-1, MGF1 with SHA-1) and XML Encryption 1.1
/// <c>xmlenc11#rsa-oaep</c>, each with the DigestMethod SHA-1, SHA-256, SHA-384 or SHA-512, and MGF1 with SHA-1 for
/// <c>rsa-oaep-mgf1p</c> or with the digest the <c>xenc11:MGF</c> element names (absent, SHA-1: XML Encryption 1.1 §5.5.2).
/// The same digest twice is .NET's OAEP; two different ones are decoded by <see cref="RsaOaep"/>. RSA PKCS#1 v1.5 is
/// refused (padding oracles), and so are OAEP parameters (a label).</item>
/// <item>Content: AES-CBC (<c>aes128-cbc</c>, <c>aes192-cbc</c>, <c>aes256-cbc</c>, XML Encryption 1.0 §5.2.2) and AES-GCM
/// (<c>xmlenc11#aes128-gcm</c>, <c>aes192-gcm</c>, <c>aes256-gcm</c>, XML Encryption 1.1 §5.2.4: a 96-bit IV, then the
/// ciphertext, then a 128-bit tag). The transported key must have the algorithm's length.</item>
/// </list>
/// The decrypted assertion is parsed without DTDs.
/// </summary>
public static class SamlAssertionDecryptor
{
    public const string Xenc11Ns = "http://www.w3.org/2009/xmlenc11#";
    public const string RsaOaep11 = Xenc11Ns + "rsa-oaep";
    public const string Aes128Gcm = Xenc11Ns + "aes128-gcm";
    public const string Aes192Gcm = Xenc11Ns + "aes192-gcm";
    public const string Aes256Gcm = Xenc11Ns + "aes256-gcm";
    public const string Mgf1Sha1 = Xenc11Ns + "mgf1sha1";
    public const string Mgf1Sha256 = Xenc11Ns + "mgf1sha256";
    public const string Mgf1Sha384 = Xenc11Ns + "mgf1sha384";
    public const string Mgf1Sha512 = Xenc11Ns + "mgf1sha512";

    private const string Sha1 = "http://www.w3.org/2000/09/xmldsig#sha1";
    private const string Sha256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    private const string Sha384 = "http://www.w3.org/2001/04/xmldsig-more#sha384";
    private const string Sha512 = "http://www.w3.org/2001/04/xmlenc#sha512";
    private const int GcmIvSize = 12;
    private const int GcmTagSize = 16;
    private const int CbcBlockSize = 16;

    /// <summary>The assertion inside <paramref name="encryptedAssertion"/>, decrypted with <paramref name="key"/>; throws <see cref="FederationException"/> otherwise.</summary>
    public static XmlElement Decrypt(XmlElement encryptedAssertion, RSA key)
    {
        ArgumentNullException.ThrowIfNull(encryptedAssertion);
        ArgumentNullException.ThrowIfNull(key);
        var ns = new XmlNamespaceManager(encryptedAssertion.OwnerDocument.NameTable);
        ns.AddNamespace("xenc", EncryptedXml.XmlEncNamespaceUrl);
        ns.AddNamespace("xenc11", Xenc11Ns);
        ns.AddNamespace("ds", SignedXml.XmlDsigNamespaceUrl);
        if (encryptedAssertion.SelectSingleNode("xenc:EncryptedData", ns) is not XmlElement data
            || (data.SelectSingleNode("ds:KeyInfo/xenc:EncryptedKey", ns) ?? encryptedAssertion.SelectSingleNode("xenc:EncryptedKey", ns)) is not XmlElement wrapped
            || CipherValue(data, ns) is not { } content || CipherValue(wrapped, ns) is not { } wrappedKey)
        {
            throw Refused("The encrypted SAML assertion cannot be read.", "no EncryptedData, EncryptedKey or CipherValue");
        }

        var contentAlgorithm = Algorithm(data, ns);
        var keySize = KeySize(contentAlgorithm);
        var (digest, mgfDigest) = KeyTransport(wrapped, ns);
        byte[] plain;
        try
        {
            var contentKey = digest == mgfDigest
                ? key.Decrypt(wrappedKey, RSAEncryptionPadding.CreateOaep(digest))
                : RsaOaep.Decrypt(key, wrappedKey, digest, mgfDigest);
            if (contentKey.Length != keySize)
            {
                throw Refused("The encrypted SAML assertion cannot be decrypted.", $"content key of {contentKey.Length} bytes for {contentAlgorithm}");
            }

            plain = contentAlgorithm.StartsWith(Xenc11Ns, StringComparison.Ordinal) ? DecryptGcm(contentKey, content) : DecryptCbc(contentKey, content);
        }
        catch (CryptographicException e)
        {
            throw Refused("The encrypted SAML assertion cannot be decrypted.", e.Message);
        }

        var fragment = new XmlDocument { XmlResolver = null, PreserveWhitespace = true };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(plain), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            fragment.Load(reader);
        }
        catch (XmlException e)
        {
            throw Refused("The encrypted SAML assertion is not well-formed XML.", e.Message);
        }

        return fragment.DocumentElement ?? throw Refused("The encrypted SAML assertion is empty.", "no document element");
    }

    /// <summary>The OAEP digest and MGF1 digest the EncryptedKey's EncryptionMethod names, or a refusal.</summary>
    private static (HashAlgorithmName Digest, HashAlgorithmName Mgf) KeyTransport(XmlElement wrapped, XmlNamespaceManager ns)
    {
        var method = wrapped.SelectSingleNode("xenc:EncryptionMethod", ns) as XmlElement;
        var algorithm = method?.GetAttribute("Algorithm");
        var digest = (method?.SelectSingleNode("ds:DigestMethod", ns) as XmlElement)?.GetAttribute("Algorithm") is { Length: > 0 } d ? d : Sha1;
        if (method?.SelectSingleNode("xenc:OAEPparams", ns) is not null)
        {
            throw Unsupported($"OAEPparams on {algorithm}");
        }

        var mgf = algorithm switch
        {
            EncryptedXml.XmlEncRSAOAEPUrl => Mgf1Sha1,
            RsaOaep11 => (method!.SelectSingleNode("xenc11:MGF", ns) as XmlElement)?.GetAttribute("Algorithm") is { Length: > 0 } m ? m : Mgf1Sha1,
            _ => throw Unsupported($"key transport {algorithm}"),
        };
        HashAlgorithmName? digestName = digest switch
        {
            Sha1 => HashAlgorithmName.SHA1,
            Sha256 => HashAlgorithmName.SHA256,
            Sha384 => HashAlgorithmName.SHA384,
            Sha512 => HashAlgorithmName.SHA512,
            _ => null,
        };
        HashAlgorithmName? mgfName = mgf switch
        {
            Mgf1Sha1 => HashAlgorithmName.SHA1,
            Mgf1Sha256 => HashAlgorithmName.SHA256,
            Mgf1Sha384 => HashAlgorithmName.SHA384,
            Mgf1Sha512 => HashAlgorithmName.SHA512,
            _ => null,
        };
        return digestName is { } oaep && mgfName is { } mask ? (oaep, mask) : throw Unsupported($"{algorithm} with digest {digest} and {mgf}");
    }

    private static int KeySize(string algorithm) => algorithm switch
    {
        EncryptedXml.XmlEncAES128Url or Aes128Gcm => 16,
        EncryptedXml.XmlEncAES192Url or Aes192Gcm => 24,
        EncryptedXml.XmlEncAES256Url or Aes256Gcm => 32,
        _ => throw Unsupported($"content encryption {algorithm}"),
    };

    /// <summary>XML Encryption 1.1 §5.2.4: IV (96 bits) ‖ ciphertext ‖ tag (128 bits); the tag authenticates the assertion.</summary>
    private static byte[] DecryptGcm(byte[] key, byte[] content)
    {
        if (content.Length < GcmIvSize + GcmTagSize)
        {
            throw new CryptographicException("AES-GCM cipher value too short");
        }

        var plain = new byte[content.Length - GcmIvSize - GcmTagSize];
        using var gcm = new AesGcm(key, GcmTagSize);
        gcm.Decrypt(content.AsSpan(0, GcmIvSize), content.AsSpan(GcmIvSize, plain.Length), content.AsSpan(content.Length - GcmTagSize), plain);
        return plain;
    }

    /// <summary>XML Encryption 1.0 §5.2: IV (one block) ‖ ciphertext; the last byte of the plaintext counts the padding bytes.</summary>
    private static byte[] DecryptCbc(byte[] key, byte[] content)
    {
        if (content.Length < 2 * CbcBlockSize || content.Length % CbcBlockSize != 0)
        {
            throw new CryptographicException("AES-CBC cipher value is not whole blocks");
        }

        using var aes = Aes.Create();
        aes.Key = key;
        var plain = aes.DecryptCbc(content.AsSpan(CbcBlockSize), content.AsSpan(0, CbcBlockSize), PaddingMode.None);
        var pad = plain[^1];
        return pad is >= 1 and <= CbcBlockSize ? plain[..^pad] : throw new CryptographicException("AES-CBC padding is invalid");
    }

    private static string Algorithm(XmlElement element, XmlNamespaceManager ns)
        => (element.SelectSingleNode("xenc:EncryptionMethod", ns) as XmlElement)?.GetAttribute("Algorithm") ?? string.Empty;

    private static byte[]? CipherValue(XmlElement element, XmlNamespaceManager ns)
    {
        try
        {
            return element.SelectSingleNode("xenc:CipherData/xenc:CipherValue", ns) is XmlElement value
                ? Convert.FromBase64String(string.Concat(value.InnerText.Where(c => !char.IsWhiteSpace(c))))
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static FederationException Unsupported(string detail)
        => Refused("The encrypted SAML assertion uses an algorithm that is not accepted.", detail);

    private static FederationException Refused(string message, string detail) => new("invalid_request", message, detail);
}
