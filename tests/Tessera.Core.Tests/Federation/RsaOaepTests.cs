// SPDX-License-Identifier: Apache-2.0
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Tessera.Core.Federation;

namespace Tessera.Core.Tests.Federation;

public sealed class RsaOaepTests
{
    /// <summary>An RSA-2048 key and a 32-byte message encrypted for it by OpenSSL 3.0 (<c>openssl pkeyutl -encrypt</c> with
    /// <c>rsa_oaep_md:sha256</c>, <c>rsa_mgf1_md:sha1</c>), so the decoder is checked against another implementation.</summary>
    private const string OpenSslKey =
        "-----BEGIN PRIVATE KEY-----\n" +
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCpXur62m1dErC6\n" +
        "Y+75UPvGLFspoPSoMTXjBBv0yifqJ+mfIp+CppIi9JwL0LCEqttSwsJSPF1iQhtU\n" +
        "sL9mp4Nh7AOCk+8IAJJL+VCqxmfCyx1HM1Q7SjrRwodG4bWuKjzrg5c7gY8Ilr36\n" +
        "sXDc4VO1ijBWsGBPUxilzfYdkVmlmYTDzCMIZmY5trgAuCGLAmVzmrvDzUs/f0sQ\n" +
        "s2gBdY380DGo0AKz9IFTSS4+MiCVXdgH6Zq8+LIv3k9QpetQA1fL07UNzRwznYv8\n" +
        "MjFF2ShMl1czeUUC/Ojmd3eFVG3pGJC+ip4Wu5F6eB9jbHR+79ILw2JFtyEtpjMy\n" +
        "WfDVpx5VAgMBAAECggEAFfOVZPnWXs/DVAULvgh++UpabmTMENh/8XJg5TMmRTTz\n" +
        "FIr6PYa1Pg6SAv4DQs6aKnnPkbT9LXT/8dQOmpFvd8uNEOl3e4QHcg1YJSod3KNS\n" +
        "oh3G9wBB61nZCpjKYU5cIvIlMbMzBJv0937z78zMeqT0auflM6LDeQnesipaghnT\n" +
        "kjTVDpC2stPlRjx1kex3n5Q3M7cI76X5cnlsujz8VkUfMZ+j5aa+PLLX/LUJ6MJF\n" +
        "2L7HbNqfWnDUs+Nzb+nOZ/XKBAlpsooJ6E/qX25kXD0ArbqgPDCLnzPaAA8VgKPV\n" +
        "SifHdS3Y7aVDRMNCq1p0Y09g0PPBvIWh68jYOs4MwQKBgQDZhgtzZeVEuObGxoD3\n" +
        "xkjQLCOqCUIbDZoig9mLhn1RQz++e+B94KB/ijJ1w4/w8t4fGo5YgdQFqh0Z0WSP\n" +
        "g7jQI2cpLx+iFbx1YIVgozE8oneUlr1GPEDPB+dZNbECaAlCJzfTZtivOlbtjDQz\n" +
        "8/tvgR38APFUwynLjU4yCTUEmQKBgQDHVGetixAxP+AIjQuWjvS6tda05yRlGSde\n" +
        "6EQnt54qLoUDZd9/2AKyDgOXhUWUqqGFHimlGQZJooBvpL5VuqcL+Y1Wludpe0Hw\n" +
        "+/GxITdjW3sNskZGD3dzRN7OFX9ygTNLhGyaMd3Bxqn/cpmeMjEXrwAskqJlB/Nh\n" +
        "RdgWNkkBHQKBgQDGz4AJwdjRfdnXVbisPbtxINab44ha54y3/SBJKOvC6R8Kv3gI\n" +
        "NNUcnLfP8KTPyXqAnSn69PZPExMz9LDfhrnU6nawKpTT9N/hvA1LrPwkei2nTjrC\n" +
        "RfHKB2RIog0dsO69WtDoU/i59y1aQim4TkfBuxYnrMjl+tZpZ8ZPbyDZCQKBgB/A\n" +
        "ymNS69lsm3vBPD9XtpSnsvROffW89BCiX3kUPxXpIzdPWzM6bfN/WAMjL9pm9CQI\n" +
        "kgnC2sWQJXWjgM6XVVULBADvOR4MjIyfFflpmTEyuX+NDrTKcfTi27tooUzUWB+H\n" +
        "kOVfXDwqMZqH3wDcbgWf0x9GnKgLhDHStoGTVD3hAoGALAj5aFYfRO05qlTQXuKm\n" +
        "dhYIqPafkfjYhGfxNqTb//nXuQC06d1Vp7cVqXKYwBGH7j4U5+2EtAEqlCZXDhGr\n" +
        "5LxOolDLmAiF+skICNLRhivt0wMjJxB+R7snf5TudgGHnYk4aR5UFv7WnWPOO8HE\n" +
        "1D4sp+7AJwzH/jEuEtRpwH4=\n" +
        "-----END PRIVATE KEY-----\n" +
        "";

    private const string OpenSslSha256Mgf1Sha1 = "ZUDpk4NB4/+YNuZJcENY0OApFPk+2aMm6SKbigqwRlFE4BPw0wS1aFeVmsCrx031CFgyiKVOHEncQW74kJSEI7xclNfU9lNUlNWe9TtS4kuqCRE5i+4erjEejFHYV9mTmrFpq7JaTzHOhktGZMKZrmUgI6B4eVcS7BbHhuLPeRCpAekWfV3eTXVoGrmPYLwxqvkg1KiF2pjGKebsSrPPibbDzEXAH+nXDxFPjvE4GctP47unNa0drnsfw4QPRH5SRxB1jNrjHwB4H6G4HbCz3r0i1xHM060KxfF2NysPiPLI7zrJqpli554uCwkupGXAWFlKi+gZSjhufy9wZD3ekA==";

    [Fact]
    public void Decrypt_OpenSslSha256WithMgf1Sha1_ReturnsTheMessage()
    {
        using var key = RSA.Create();
        key.ImportFromPem(OpenSslKey);

        var message = RsaOaep.Decrypt(key, Convert.FromBase64String(OpenSslSha256Mgf1Sha1), HashAlgorithmName.SHA256, HashAlgorithmName.SHA1);

        Encoding.ASCII.GetString(message).ShouldBe("0123456789abcdef0123456789abcdef");
    }

    [Fact]
    public void Decrypt_OpenSslVectorReadWithOtherDigests_Refused()
    {
        using var key = RSA.Create();
        key.ImportFromPem(OpenSslKey);
        var cipher = Convert.FromBase64String(OpenSslSha256Mgf1Sha1);

        Should.Throw<CryptographicException>(() => RsaOaep.Decrypt(key, cipher, HashAlgorithmName.SHA256, HashAlgorithmName.SHA256));
        Should.Throw<CryptographicException>(() => RsaOaep.Decrypt(key, cipher, HashAlgorithmName.SHA1, HashAlgorithmName.SHA1));
        Should.Throw<CryptographicException>(() => RsaOaep.Decrypt(key, cipher, HashAlgorithmName.SHA512, HashAlgorithmName.SHA1));
    }

    [Theory]
    [InlineData("SHA1", "SHA256", 0)]
    [InlineData("SHA256", "SHA1", 16)]
    [InlineData("SHA384", "SHA512", 24)]
    [InlineData("SHA512", "SHA1", 32)]
    public void Decrypt_EncodedHere_RoundTrips(string digest, string mgf, int length)
    {
        using var key = RSA.Create(2048);
        var message = RandomNumberGenerator.GetBytes(length);

        RsaOaep.Decrypt(key, Encrypt(key, message, new HashAlgorithmName(digest), new HashAlgorithmName(mgf)), new HashAlgorithmName(digest), new HashAlgorithmName(mgf))
            .ShouldBe(message);
    }

    [Fact]
    public void Decrypt_SameDigestTwice_AgreesWithDotNet()
    {
        using var key = RSA.Create(2048);
        var message = RandomNumberGenerator.GetBytes(32);

        RsaOaep.Decrypt(key, key.Encrypt(message, RSAEncryptionPadding.OaepSHA256), HashAlgorithmName.SHA256, HashAlgorithmName.SHA256).ShouldBe(message);
    }

    [Fact]
    public void Decrypt_AnyBitChanged_OrWrongLength_Refused()
    {
        using var key = RSA.Create(2048);
        var cipher = Encrypt(key, RandomNumberGenerator.GetBytes(32), HashAlgorithmName.SHA256, HashAlgorithmName.SHA1);
        foreach (var position in new[] { 0, 1, 100, 255 })
        {
            var changed = (byte[])cipher.Clone();
            changed[position] ^= 0x10;
            Should.Throw<CryptographicException>(() => RsaOaep.Decrypt(key, changed, HashAlgorithmName.SHA256, HashAlgorithmName.SHA1));
        }

        Should.Throw<CryptographicException>(() => RsaOaep.Decrypt(key, cipher.AsSpan(1), HashAlgorithmName.SHA256, HashAlgorithmName.SHA1));
        Should.Throw<CryptographicException>(() => RsaOaep.Decrypt(key, Enumerable.Repeat((byte)0xff, 256).ToArray(), HashAlgorithmName.SHA256, HashAlgorithmName.SHA1));
    }

    /// <summary>RSAES-OAEP-ENCRYPT (RFC 8017 §7.1.1) with its own MGF1 digest: EME-OAEP encoding, then m^e mod n.</summary>
    internal static byte[] Encrypt(RSA key, byte[] message, HashAlgorithmName digest, HashAlgorithmName mgf)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        var k = parameters.Modulus!.Length;
        var lHash = CryptographicOperations.HashData(digest, []);
        var hLen = lHash.Length;
        var db = new byte[k - hLen - 1];
        lHash.CopyTo(db, 0);
        db[^(message.Length + 1)] = 1;
        message.CopyTo(db, db.Length - message.Length);
        var seed = RandomNumberGenerator.GetBytes(hLen);
        var dbMask = Mgf1(mgf, seed, db.Length);
        for (var i = 0; i < db.Length; i++)
        {
            db[i] ^= dbMask[i];
        }

        var seedMask = Mgf1(mgf, db, hLen);
        for (var i = 0; i < hLen; i++)
        {
            seed[i] ^= seedMask[i];
        }

        byte[] em = [0, .. seed, .. db];
        var c = BigInteger.ModPow(new BigInteger(em, isUnsigned: true, isBigEndian: true),
            new BigInteger(parameters.Exponent, isUnsigned: true, isBigEndian: true), new BigInteger(parameters.Modulus, isUnsigned: true, isBigEndian: true));
        var bytes = c.ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[k - bytes.Length], .. bytes];
    }

    private static byte[] Mgf1(HashAlgorithmName digest, byte[] seed, int length)
    {
        var output = new List<byte>();
        for (var counter = 0; output.Count < length; counter++)
        {
            output.AddRange(CryptographicOperations.HashData(digest, [.. seed, (byte)(counter >> 24), (byte)(counter >> 16), (byte)(counter >> 8), (byte)counter]));
        }

        return [.. output.Take(length)];
    }
}
