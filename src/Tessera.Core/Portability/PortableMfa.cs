// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Portability;

/// <summary>A user's MFA settings and TOTP secrets.</summary>
public sealed class PortableMfa
{
    /// <summary>Secret: the verified TOTP secret in base32 (what an authenticator app reads), sealed with the file key.</summary>
    public string? SoftwareTokenSecret { get; set; }

    /// <summary>Secret: a TOTP secret AssociateSoftwareToken gave and VerifySoftwareToken has not confirmed yet.</summary>
    public string? PendingSoftwareTokenSecret { get; set; }

    /// <summary>The last TOTP time step accepted, so a code used before the export is not accepted again after it.</summary>
    public long? SoftwareTokenLastTimeStep { get; set; }

    public bool SoftwareTokenEnabled { get; set; }

    public bool SmsEnabled { get; set; }

    public bool EmailEnabled { get; set; }

    /// <summary>SOFTWARE_TOKEN_MFA, SMS_MFA or EMAIL_OTP.</summary>
    public string? Preferred { get; set; }
}
