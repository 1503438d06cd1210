// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Pools;
using Tessera.Core.Security;
using Tessera.Core.Users;

namespace Tessera.Core.Auth.Srp;

/// <summary>Derives a password's SRP verifier for a user and keeps it sealed under the master key, bound to that user.</summary>
public sealed class SrpVerifierSealer(SrpServer srp, SecretProtector protector)
{
    /// <summary>The salt and sealed verifier for <paramref name="password"/>; x uses the internal username, as USER_ID_FOR_SRP.</summary>
    public (byte[] Salt, byte[] SealedVerifier) Create(UserPool pool, User user, string password)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(user);
        var verifier = srp.CreateVerifier(pool.ShortId, user.Username, password);
        return (verifier.Salt, protector.Protect(SrpGroup.Pad(verifier.Verifier), Purpose(user)));
    }

    /// <summary>The user's verifier, or null when none was stored (a password set before SRP existed) or it cannot be opened.</summary>
    public SrpVerifier? Open(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.SrpSalt is null || user.SrpVerifier is null)
        {
            return null;
        }

        try
        {
            return new SrpVerifier(user.SrpSalt, SrpGroup.FromUnsigned(protector.Unprotect(user.SrpVerifier, Purpose(user))));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    internal static string Purpose(User user) => "srp-verifier:" + user.Id.ToString("N");
}
