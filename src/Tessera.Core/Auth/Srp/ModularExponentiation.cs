// SPDX-License-Identifier: Apache-2.0
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Tessera.Core.Auth.Srp;

/// <summary>
/// x^e mod N for the SRP group. OpenSSL's constant-time Montgomery exponentiation is about ten times faster
/// than System.Numerics (PERFORMANCE.md G6) and does not leak the exponent through timing; when libcrypto
/// cannot be loaded, BigInteger.ModPow keeps SRP working and the log says so once.
/// </summary>
public sealed partial class ModularExponentiation
{
    private readonly OpenSslBignum? native;

    public ModularExponentiation(ILogger<ModularExponentiation> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        native = OpenSslBignum.Instance;
        if (native is null)
        {
            LogManagedFallback(logger);
        }
    }

    private ModularExponentiation(bool useNative) => native = useNative ? OpenSslBignum.Instance : null;

    /// <summary>The managed implementation only, to measure it beside the native one.</summary>
    public static ModularExponentiation Managed { get; } = new(useNative: false);

    /// <summary>Whether libcrypto does the work.</summary>
    public bool IsNative => native is not null;

    /// <summary><paramref name="value"/>^<paramref name="exponent"/> mod N, for 0 ≤ exponent.</summary>
    public BigInteger Pow(BigInteger value, BigInteger exponent)
    {
        if (exponent.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(exponent));
        }

        value = BigInteger.Remainder(value, SrpGroup.N);
        if (value.Sign < 0)
        {
            value += SrpGroup.N;
        }

        return native is null ? BigInteger.ModPow(value, exponent, SrpGroup.N) : native.Pow(value, exponent);
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "OpenSSL libcrypto could not be loaded: SRP uses System.Numerics, about ten times slower and not constant-time.")]
    private static partial void LogManagedFallback(ILogger logger);

    /// <summary>The few libcrypto BIGNUM functions SRP needs, bound once through function pointers.</summary>
    private sealed unsafe class OpenSslBignum
    {
        private static readonly Lazy<OpenSslBignum?> Loaded = new(Load);

        private readonly delegate* unmanaged<byte*, int, nint, nint> bin2bn;
        private readonly delegate* unmanaged<nint, byte*, int, int> bn2binpad;
        private readonly delegate* unmanaged<nint, void> clearFree;
        private readonly delegate* unmanaged<nint> ctxNew;
        private readonly delegate* unmanaged<nint, void> ctxFree;
        private readonly delegate* unmanaged<nint, nint, nint, nint, nint, nint, int> modExpConstTime;
        private readonly delegate* unmanaged<nint> bnNew;
        private readonly nint modulus;
        private readonly nint montgomery;

        private OpenSslBignum(nint library)
        {
            bin2bn = (delegate* unmanaged<byte*, int, nint, nint>)NativeLibrary.GetExport(library, "BN_bin2bn");
            bn2binpad = (delegate* unmanaged<nint, byte*, int, int>)NativeLibrary.GetExport(library, "BN_bn2binpad");
            clearFree = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(library, "BN_clear_free");
            bnNew = (delegate* unmanaged<nint>)NativeLibrary.GetExport(library, "BN_new");
            ctxNew = (delegate* unmanaged<nint>)NativeLibrary.GetExport(library, "BN_CTX_new");
            ctxFree = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(library, "BN_CTX_free");
            modExpConstTime = (delegate* unmanaged<nint, nint, nint, nint, nint, nint, int>)NativeLibrary.GetExport(library, "BN_mod_exp_mont_consttime");
            var montNew = (delegate* unmanaged<nint>)NativeLibrary.GetExport(library, "BN_MONT_CTX_new");
            var montSet = (delegate* unmanaged<nint, nint, nint, int>)NativeLibrary.GetExport(library, "BN_MONT_CTX_set");

            // N's Montgomery context is computed once and only read afterwards, so every thread shares it.
            modulus = FromInteger(SrpGroup.N);
            montgomery = montNew();
            var ctx = ctxNew();
            try
            {
                if (modulus == 0 || montgomery == 0 || ctx == 0 || montSet(montgomery, modulus, ctx) != 1)
                {
                    throw new CryptographicException("BN_MONT_CTX_set failed.");
                }
            }
            finally
            {
                ctxFree(ctx);
            }
        }

        public static OpenSslBignum? Instance => Loaded.Value;

        public BigInteger Pow(BigInteger value, BigInteger exponent)
        {
            nint a = 0, p = 0, r = 0, ctx = 0;
            try
            {
                a = FromInteger(value);
                p = FromInteger(exponent);
                r = bnNew();
                ctx = ctxNew();
                if (a == 0 || p == 0 || r == 0 || ctx == 0 || modExpConstTime(r, a, p, modulus, ctx, montgomery) != 1)
                {
                    throw new CryptographicException("BN_mod_exp_mont_consttime failed.");
                }

                Span<byte> result = stackalloc byte[SrpGroup.ModulusBytes];
                fixed (byte* output = result)
                {
                    if (bn2binpad(r, output, result.Length) != result.Length)
                    {
                        throw new CryptographicException("BN_bn2binpad failed.");
                    }
                }

                return SrpGroup.FromUnsigned(result);
            }
            finally
            {
                Free(a);
                Free(p);
                Free(r);
                if (ctx != 0)
                {
                    ctxFree(ctx);
                }
            }
        }

        private static OpenSslBignum? Load()
        {
            foreach (var name in (string[])["libcrypto.so.3", "libcrypto.3.dylib", "libcrypto-3-x64.dll", "libcrypto"])
            {
                if (NativeLibrary.TryLoad(name, out var library))
                {
                    try
                    {
                        return new OpenSslBignum(library);
                    }
                    catch (Exception e) when (e is EntryPointNotFoundException or CryptographicException)
                    {
                        return null;
                    }
                }
            }

            return null;
        }

        private nint FromInteger(BigInteger value)
        {
            var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
            try
            {
                fixed (byte* input = bytes)
                {
                    return bin2bn(input, bytes.Length, 0);
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
        }

        private void Free(nint bignum)
        {
            if (bignum != 0)
            {
                clearFree(bignum);
            }
        }
    }
}
