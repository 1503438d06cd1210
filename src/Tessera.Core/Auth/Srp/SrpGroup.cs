// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Core.Auth.Srp;

/// <summary>
/// The SRP-6a parameters and encodings Cognito's clients use (amazon-cognito-identity-js AuthenticationHelper,
/// aws-sdk-net-extensions-cognito AuthenticationHelper): the RFC 5054 3072-bit group, g = 2, SHA-256, and
/// every integer hashed in its minimal two's-complement big-endian form ("padHex").
/// </summary>
public static class SrpGroup
{
    /// <summary>Bytes of N and of every value reduced modulo N, unpadded.</summary>
    public const int ModulusBytes = 384;

    private const string NHex =
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

    public static BigInteger N { get; } = BigInteger.Parse("0" + NHex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    public static BigInteger G { get; } = 2;

    /// <summary>k = H(pad(N) ‖ pad(g)).</summary>
    public static BigInteger K { get; } = HashToInteger(Pad(N), Pad(G));

    /// <summary>The big-endian bytes of N, for the native exponentiation.</summary>
    internal static byte[] NBytes { get; } = N.ToByteArray(isUnsigned: true, isBigEndian: true);

    /// <summary>padHex: minimal two's-complement big-endian bytes, so a leading 0x00 when the top bit is set.</summary>
    public static byte[] Pad(BigInteger value) => value.ToByteArray(isUnsigned: false, isBigEndian: true);

    public static BigInteger FromUnsigned(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    public static BigInteger HashToInteger(params byte[][] parts) => FromUnsigned(Hash(parts));

    public static byte[] Hash(params byte[][] parts)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
        {
            sha.AppendData(part);
        }

        return sha.GetHashAndReset();
    }

    /// <summary>Parses an unsigned hex integer as the clients send it (any case, maybe a leading 0); null when it is not hex.</summary>
    public static BigInteger? ParseHex(string? hex)
    {
        if (string.IsNullOrEmpty(hex) || hex.Length > 2 * (ModulusBytes + 1))
        {
            return null;
        }

        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return null;
            }
        }

        return BigInteger.Parse("0" + hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    /// <summary>Lower-case hex without leading zeros, as Cognito sends SRP_B and SALT.</summary>
    public static string ToHex(BigInteger value)
    {
        var hex = Convert.ToHexStringLower(value.ToByteArray(isUnsigned: true, isBigEndian: true));
        var trimmed = hex.TrimStart('0');
        return trimmed.Length == 0 ? "0" : trimmed;
    }

    /// <summary>x = H(pad(salt) ‖ H(poolName ‖ userIdForSrp ‖ ":" ‖ password)).</summary>
    public static BigInteger PrivateKey(string poolName, string userIdForSrp, string password, BigInteger salt)
        => HashToInteger(Pad(salt), Hash(Encoding.UTF8.GetBytes(poolName + userIdForSrp + ":" + password)));
}
