// SPDX-License-Identifier: Apache-2.0
using System.Numerics;
using System.Security.Cryptography;

namespace Tessera.Core.Federation;

/// <summary>
/// RSAES-OAEP decryption (RFC 8017 §7.1.2) with an MGF1 digest other than the OAEP digest: XML Encryption 1.1's
/// <c>xmlenc11#rsa-oaep</c> with, say, DigestMethod SHA-256 and no MGF element (MGF1 with SHA-1, §5.5.2), or
/// <c>rsa-oaep-mgf1p</c> (always MGF1 with SHA-1) with DigestMethod SHA-256. .NET's <see cref="RSAEncryptionPadding"/>
/// uses one digest for both, so the same-digest cases stay with it and only these come here.
/// <list type="bullet">
/// <item>The private operation uses the key's CRT parameters behind RSA blinding: the ciphertext is multiplied by
/// r^e for a fresh random r and the result by r^-1, so the exponentiation never runs on a value the sender chose, and
/// the result is checked against the public key before it is used.</item>
/// <item>The decoding (Y = 0, lHash, the zero run and its 0x01) is checked in full without branching on the data, and
/// every failure is the same exception, so no step can be told apart (Manger's attack, RFC 8017 §7.1.2 note).</item>
/// </list>
/// </summary>
public static class RsaOaep
{
    /// <summary>The message <paramref name="ciphertext"/> carries for <paramref name="key"/>'s private key; <see cref="CryptographicException"/> otherwise.</summary>
    public static byte[] Decrypt(RSA key, ReadOnlySpan<byte> ciphertext, HashAlgorithmName digest, HashAlgorithmName mgfDigest)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        byte[]? em = null;
        try
        {
            var k = parameters.Modulus!.Length;
            var lHash = CryptographicOperations.HashData(digest, ReadOnlySpan<byte>.Empty);
            var hLen = lHash.Length;
            if (ciphertext.Length != k || k < (2 * hLen) + 2)
            {
                throw DecryptionError();
            }

            var n = Integer(parameters.Modulus);
            var c = Integer(ciphertext);
            if (c >= n)
            {
                throw DecryptionError();
            }

            em = Bytes(PrivateOperation(parameters, n, c), k);
            var maskedDb = em.AsSpan(1 + hLen);
            var seed = Mgf1(mgfDigest, maskedDb, hLen);
            Xor(seed, em.AsSpan(1, hLen));
            var db = Mgf1(mgfDigest, seed, k - hLen - 1);
            Xor(db, maskedDb);

            // Y must be 0, lHash must match, then zero or more 0x00 and one 0x01 before the message.
            var bad = 1 - (int)((uint)(em[0] - 1) >> 31);
            bad |= CryptographicOperations.FixedTimeEquals(db.AsSpan(0, hLen), lHash) ? 0 : 1;
            int found = 0, separator = 0, stray = 0;
            for (var i = hLen; i < db.Length; i++)
            {
                var isOne = (int)((uint)((db[i] ^ 1) - 1) >> 31);
                var isZero = (int)((uint)(db[i] - 1) >> 31);
                separator |= -(isOne & (found ^ 1)) & i;
                stray |= (found ^ 1) & (isOne ^ 1) & (isZero ^ 1);
                found |= isOne;
            }

            if ((bad | stray | (found ^ 1)) != 0)
            {
                throw DecryptionError();
            }

            var message = db[(separator + 1)..];
            CryptographicOperations.ZeroMemory(db);
            return message;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(em);
            CryptographicOperations.ZeroMemory(parameters.D);
            CryptographicOperations.ZeroMemory(parameters.P);
            CryptographicOperations.ZeroMemory(parameters.Q);
            CryptographicOperations.ZeroMemory(parameters.DP);
            CryptographicOperations.ZeroMemory(parameters.DQ);
            CryptographicOperations.ZeroMemory(parameters.InverseQ);
        }
    }

    /// <summary>c^d mod n through the CRT (RFC 8017 §5.1.2, 2.b), blinded by a random r.</summary>
    private static BigInteger PrivateOperation(RSAParameters key, BigInteger n, BigInteger c)
    {
        var e = Integer(key.Exponent!);
        var p = Integer(key.P!);
        var q = Integer(key.Q!);
        BigInteger r;
        BigInteger rInverse;
        do
        {
            r = Integer(RandomNumberGenerator.GetBytes(key.Modulus!.Length)) % n;
        }
        while (r < 2 || !TryInverse(r, n, out rInverse));

        var blinded = c * BigInteger.ModPow(r, e, n) % n;
        var m1 = BigInteger.ModPow(blinded % p, Integer(key.DP!), p);
        var m2 = BigInteger.ModPow(blinded % q, Integer(key.DQ!), q);
        var h = Integer(key.InverseQ!) * (m1 - m2) % p;
        if (h.Sign < 0)
        {
            h += p;
        }

        var m = (m2 + (h * q)) * rInverse % n;
        return BigInteger.ModPow(m, e, n) == c ? m : throw DecryptionError();
    }

    /// <summary>MGF1 (RFC 8017 §B.2.1): Hash(seed ‖ counter) for counter 0, 1, … up to <paramref name="length"/> bytes.</summary>
    private static byte[] Mgf1(HashAlgorithmName digest, ReadOnlySpan<byte> seed, int length)
    {
        var output = new byte[length];
        var input = new byte[seed.Length + 4];
        seed.CopyTo(input);
        for (int counter = 0, written = 0; written < length; counter++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(input.AsSpan(seed.Length), counter);
            var block = CryptographicOperations.HashData(digest, input);
            var take = Math.Min(block.Length, length - written);
            block.AsSpan(0, take).CopyTo(output.AsSpan(written));
            written += take;
        }

        return output;
    }

    private static void Xor(Span<byte> target, ReadOnlySpan<byte> mask)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] ^= mask[i];
        }
    }

    /// <summary>The inverse of <paramref name="a"/> modulo <paramref name="m"/> by the extended Euclidean algorithm; false when they share a factor.</summary>
    private static bool TryInverse(BigInteger a, BigInteger m, out BigInteger inverse)
    {
        BigInteger oldR = a, r = m, oldS = BigInteger.One, s = BigInteger.Zero;
        while (!r.IsZero)
        {
            var quotient = BigInteger.Divide(oldR, r);
            (oldR, r) = (r, oldR - (quotient * r));
            (oldS, s) = (s, oldS - (quotient * s));
        }

        inverse = ((oldS % m) + m) % m;
        return oldR.IsOne;
    }

    private static BigInteger Integer(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    /// <summary>I2OSP (RFC 8017 §4.1): <paramref name="value"/> as exactly <paramref name="length"/> big-endian bytes.</summary>
    private static byte[] Bytes(BigInteger value, int length)
    {
        var bytes = new byte[length];
        var count = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(bytes.AsSpan(length - count), out _, isUnsigned: true, isBigEndian: true);
        return bytes;
    }

    private static CryptographicException DecryptionError() => new("decryption error");
}
