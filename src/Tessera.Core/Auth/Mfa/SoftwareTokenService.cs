// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using OtpNet;
using Tessera.Core.Errors;
using Tessera.Core.Security;
using Tessera.Core.Users;

namespace Tessera.Core.Auth.Mfa;

/// <summary>
/// TOTP (RFC 6238: SHA-1, 6 digits, 30 s, one step either side) for AssociateSoftwareToken, VerifySoftwareToken
/// and the SOFTWARE_TOKEN_MFA challenge. Secrets are sealed per user; the last accepted time step is stored so
/// a code is accepted once.
/// </summary>
public sealed class SoftwareTokenService(UserDirectory directory, SecretProtector protector, TimeProvider time)
{
    private const int SecretBytes = 20;
    private static readonly VerificationWindow Window = new(previous: 1, future: 1);

    /// <summary>A new secret (base32, as authenticator apps read it), pending until VerifySoftwareToken confirms it.</summary>
    public async Task<string> AssociateAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        var sealedSecret = protector.Protect(secret, Purpose(user));
        await directory.UpdateAsync(user, u => u.PendingSoftwareTokenSecret = sealedSecret, cancellationToken).ConfigureAwait(false);
        return Base32Encoding.ToString(secret).TrimEnd('=');
    }

    /// <summary>The pending secret again (base32), for a set-up page shown a second time after a wrong code; null when none is pending.</summary>
    public string? PendingSecret(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.PendingSoftwareTokenSecret is not { } sealedSecret)
        {
            return null;
        }

        var secret = protector.Unprotect(sealedSecret, Purpose(user));
        try
        {
            return Base32Encoding.ToString(secret).TrimEnd('=');
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>The otpauth:// URI authenticator apps read (Google's Key Uri Format): the label is "issuer:account".</summary>
    public static Uri KeyUri(string issuer, string account, string secret)
        => new($"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={secret}&issuer={Uri.EscapeDataString(issuer)}");

    /// <summary>VerifySoftwareToken: a right code makes the pending secret the user's token.</summary>
    public async Task<User> ConfirmAsync(User user, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var sealedSecret = user.PendingSoftwareTokenSecret ?? throw CognitoErrors.SoftwareTokenNotFound();
        if (Match(user, sealedSecret, code) is not { } step)
        {
            throw CognitoErrors.SoftwareTokenSetupMismatch();
        }

        return await directory.UpdateAsync(user, u =>
        {
            if (u.PendingSoftwareTokenSecret is null || !u.PendingSoftwareTokenSecret.AsSpan().SequenceEqual(sealedSecret))
            {
                throw CognitoErrors.SoftwareTokenSetupMismatch();
            }

            u.SoftwareTokenSecret = sealedSecret;
            u.PendingSoftwareTokenSecret = null;
            u.SoftwareTokenLastTimeStep = step;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The SOFTWARE_TOKEN_MFA challenge: the code must be right and from a time step not used before.</summary>
    public async Task<User> AcceptSignInCodeAsync(User user, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var sealedSecret = user.SoftwareTokenSecret ?? throw CognitoErrors.SoftwareTokenNotFound();
        if (Match(user, sealedSecret, code) is not { } step)
        {
            throw CognitoErrors.MfaCodeMismatch();
        }

        // Checked again inside the update, which re-reads the user on a conflict, so two racing uses cannot both pass.
        return await directory.UpdateAsync(user, u =>
        {
            if (u.SoftwareTokenLastTimeStep is { } last && step <= last)
            {
                throw CognitoErrors.SoftwareTokenAlreadyUsed();
            }

            u.SoftwareTokenLastTimeStep = step;
        }, cancellationToken).ConfigureAwait(false);
    }

    private long? Match(User user, byte[] sealedSecret, string code)
    {
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        byte[] secret;
        try
        {
            secret = protector.Unprotect(sealedSecret, Purpose(user));
        }
        catch (CryptographicException)
        {
            return null;
        }

        var totp = new Totp(secret);
        CryptographicOperations.ZeroMemory(secret);
        return totp.VerifyTotp(time.GetUtcNow().UtcDateTime, code, out var step, Window) ? step : null;
    }

    internal static string Purpose(User user) => "totp-secret:" + user.Id.ToString("N");
}
