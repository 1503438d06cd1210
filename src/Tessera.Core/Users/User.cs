// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Users;

public sealed class User
{
    public Guid Id { get; set; }
    public required string PoolId { get; set; }

    /// <summary>The username as created (the internal username; the sub when email is the username).</summary>
    public required string Username { get; set; }

    /// <summary>The lookup key: the username, lower-cased when the pool is case-insensitive.</summary>
    public required string NormalizedUsername { get; set; }

    public string Status { get; set; } = UserStatus.Unconfirmed;
    public bool Enabled { get; set; } = true;
    public string? PasswordHash { get; set; }

    /// <summary>The SRP salt of the current password (16 bytes).</summary>
    public byte[]? SrpSalt { get; set; }

    /// <summary>The SRP verifier g^x of the current password, sealed with the master key for this user.</summary>
    public byte[]? SrpVerifier { get; set; }
    public DateTimeOffset? TemporaryPasswordExpiresAt { get; set; }

    /// <summary>
    /// Set by AdminDisableProviderForUser naming this user as a Cognito user: its password no longer signs it in
    /// (<c>PasswordCheck.EnsureSignInAllowed</c>); AdminSetUserPassword clears it.
    /// </summary>
    public bool PasswordSignInDisabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>All attributes by name, <c>sub</c> included; values are strings as on the wire.</summary>
    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);

    // Searchable copies of attributes (ListUsers filters and alias sign-in), kept in step by SetAttribute.
    public string? Email { get; set; }
    public string? PhoneNumber { get; set; }
    public string? PreferredUsername { get; set; }
    public string? Name { get; set; }
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }

    public int FailedSignInCount { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>The verified TOTP secret, sealed with the master key for this user.</summary>
    public byte[]? SoftwareTokenSecret { get; set; }

    /// <summary>A TOTP secret from AssociateSoftwareToken that VerifySoftwareToken has not confirmed yet, sealed.</summary>
    public byte[]? PendingSoftwareTokenSecret { get; set; }

    /// <summary>The last TOTP time step accepted, so a code is accepted once.</summary>
    public long? SoftwareTokenLastTimeStep { get; set; }

    public bool SoftwareTokenMfaEnabled { get; set; }
    public bool SmsMfaEnabled { get; set; }
    public bool EmailMfaEnabled { get; set; }

    /// <summary>SOFTWARE_TOKEN_MFA, SMS_MFA or EMAIL_OTP; null for no preference.</summary>
    public string? PreferredMfa { get; set; }

    /// <summary>Keyed hash of the SMS or email MFA code last sent; cleared when used, so it is accepted once.</summary>
    public byte[]? MfaCodeHash { get; set; }
    public DateTimeOffset? MfaCodeExpiresAt { get; set; }

    /// <summary>Optimistic concurrency token; every update increments it.</summary>
    public long Version { get; set; }

    public string Sub => Id.ToString();

    public string? GetAttribute(string name) => Attributes.GetValueOrDefault(name);

    public bool IsVerified(string attribute) => GetAttribute(attribute + "_verified") == "true";

    public void SetAttribute(string name, string? value)
    {
        if (value is null)
        {
            Attributes.Remove(name);
        }
        else
        {
            Attributes[name] = value;
        }

        switch (name)
        {
            case "email": Email = value?.ToLowerInvariant(); break;
            case "phone_number": PhoneNumber = value; break;
            case "preferred_username": PreferredUsername = value?.ToLowerInvariant(); break;
            case "name": Name = value; break;
            case "given_name": GivenName = value; break;
            case "family_name": FamilyName = value; break;
            default: break;
        }
    }
}
