// SPDX-License-Identifier: Apache-2.0
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Core.Auth.Srp;

/// <summary>A password's SRP verifier and its salt, as stored (the verifier sealed) when the password is set.</summary>
public sealed record SrpVerifier(byte[] Salt, BigInteger Verifier);

/// <summary>The server's ephemeral pair for one sign-in: secret b and public B = k·v + g^b.</summary>
public sealed record SrpEphemeral(BigInteger SecretB, BigInteger PublicB);

/// <summary>
/// The server half of Cognito's SRP-6a: verifiers, the ephemeral B, and the key that checks
/// PASSWORD_CLAIM_SIGNATURE. Three exponentiations per sign-in (g^b, v^u, (A·v^u)^b), with a 256-bit b.
/// </summary>
public sealed class SrpServer(ModularExponentiation modExp)
{
    public const int SaltBytes = 16;
    public const int SecretBBytes = 32;
    private const int DerivedKeyBytes = 16;
    private static readonly byte[] DerivedKeyInfo = Encoding.UTF8.GetBytes("Caldera Derived Key");

    public ModularExponentiation Exponentiation => modExp;

    /// <summary>v = g^x with x from the pool name, the internal username (USER_ID_FOR_SRP) and a fresh salt.</summary>
    public SrpVerifier CreateVerifier(string poolName, string userIdForSrp, string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new SrpVerifier(salt, ComputeVerifier(poolName, userIdForSrp, password, salt));
    }

    public BigInteger ComputeVerifier(string poolName, string userIdForSrp, string password, byte[] salt)
        => modExp.Pow(SrpGroup.G, SrpGroup.PrivateKey(poolName, userIdForSrp, password, SrpGroup.FromUnsigned(salt)));

    public SrpEphemeral CreateEphemeral(BigInteger verifier)
    {
        for (; ; )
        {
            var b = SrpGroup.FromUnsigned(RandomNumberGenerator.GetBytes(SecretBBytes));
            if (b.IsZero)
            {
                continue;
            }

            var publicB = ComputePublicB(verifier, b);
            if (!publicB.IsZero)
            {
                return new SrpEphemeral(b, publicB);
            }
        }
    }

    public BigInteger ComputePublicB(BigInteger verifier, BigInteger secretB)
        => BigInteger.Remainder((SrpGroup.K * verifier) + modExp.Pow(SrpGroup.G, secretB), SrpGroup.N);

    /// <summary>
    /// The 16-byte key both sides derive: S = (A·v^u)^b, K = HKDF-SHA256(salt = pad(u), IKM = pad(S),
    /// info = "Caldera Derived Key"). Null when A ≡ 0 (mod N) or u = 0, which SRP-6a forbids.
    /// </summary>
    public byte[]? DeriveKey(BigInteger publicA, BigInteger publicB, BigInteger secretB, BigInteger verifier)
    {
        if (publicA.Sign <= 0 || BigInteger.Remainder(publicA, SrpGroup.N).IsZero)
        {
            return null;
        }

        var u = SrpGroup.HashToInteger(SrpGroup.Pad(publicA), SrpGroup.Pad(publicB));
        if (u.IsZero)
        {
            return null;
        }

        var baseValue = BigInteger.Remainder(publicA * modExp.Pow(verifier, u), SrpGroup.N);
        var s = modExp.Pow(baseValue, secretB);
        var prk = HMACSHA256.HashData(SrpGroup.Pad(u), SrpGroup.Pad(s));
        var info = new byte[DerivedKeyInfo.Length + 1];
        DerivedKeyInfo.CopyTo(info, 0);
        info[^1] = 1;
        return HMACSHA256.HashData(prk, info)[..DerivedKeyBytes];
    }

    /// <summary>PASSWORD_CLAIM_SIGNATURE = HMAC-SHA256(K, poolName ‖ userIdForSrp ‖ secretBlock ‖ timestamp).</summary>
    public static byte[] Signature(byte[] key, string poolName, string userIdForSrp, byte[] secretBlock, string timestamp)
    {
        ArgumentNullException.ThrowIfNull(secretBlock);
        var name = Encoding.UTF8.GetBytes(poolName + userIdForSrp);
        var time = Encoding.UTF8.GetBytes(timestamp);
        var message = new byte[name.Length + secretBlock.Length + time.Length];
        name.CopyTo(message, 0);
        secretBlock.CopyTo(message, name.Length);
        time.CopyTo(message, name.Length + secretBlock.Length);
        return HMACSHA256.HashData(key, message);
    }
}
