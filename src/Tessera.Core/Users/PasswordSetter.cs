// SPDX-License-Identifier: Apache-2.0
using Tessera.Core.Auth.Srp;
using Tessera.Core.Pools;
using Tessera.Core.Security;

namespace Tessera.Core.Users;

/// <summary>What a new password leaves on the user: the slow hash, and the SRP salt and sealed verifier.</summary>
public sealed record PasswordCredentials(string PasswordHash, byte[] SrpSalt, byte[] SrpVerifier)
{
    public void ApplyTo(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.PasswordHash = PasswordHash;
        user.SrpSalt = SrpSalt;
        user.SrpVerifier = SrpVerifier;
    }
}

/// <summary>
/// The one place a password becomes stored credentials. Every path that sets a password (AdminCreateUser,
/// AdminSetUserPassword, NEW_PASSWORD_REQUIRED, SignUp, ChangePassword, ConfirmForgotPassword) goes through
/// it, so whatever a password must produce is produced everywhere.
/// </summary>
public sealed class PasswordSetter(PasswordHasher hasher, SrpVerifierSealer srp)
{
    /// <summary>Checks <paramref name="password"/> against the pool's policy and derives the credentials to store.</summary>
    public async Task<PasswordCredentials> CreateAsync(UserPool pool, User user, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(user);
        PasswordPolicyValidator.Validate(pool.Settings.PasswordPolicy, password);
        var hash = await hasher.HashAsync(password, cancellationToken).ConfigureAwait(false);
        var (salt, verifier) = srp.Create(pool, user, password);
        return new PasswordCredentials(hash, salt, verifier);
    }
}
