// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Portability;

/// <summary>A user of an export file (<c>userPools[].users[]</c>).</summary>
public sealed class PortableUser
{
    /// <summary>The user's sub; a seed file may leave it out, and a new user then gets one.</summary>
    public Guid? Sub { get; set; }

    public required string Username { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>CONFIRMED, UNCONFIRMED, RESET_REQUIRED, FORCE_CHANGE_PASSWORD; left out, CONFIRMED with a password, else RESET_REQUIRED.</summary>
    public string? Status { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>Attributes by name as on the wire (<c>email</c>, <c>custom:tier</c>); <c>sub</c> follows <see cref="Sub"/>.</summary>
    public Dictionary<string, string>? Attributes { get; set; }

    /// <summary>Seed files only: a password in clear, hashed (and its SRP verifier derived) on import. Export never writes it.</summary>
    public string? Password { get; set; }

    /// <summary>The stored password hash (self-describing: PBKDF2 or Argon2id), copied as is.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Base64 of the SRP salt of the current password.</summary>
    public string? SrpSalt { get; set; }

    /// <summary>Secret: base64 of the SRP verifier g^x (256 bytes), sealed with the file key.</summary>
    public string? SrpVerifier { get; set; }

    public DateTimeOffset? TemporaryPasswordExpiresAt { get; set; }

    /// <summary>True after AdminDisableProviderForUser named the user as a Cognito user: its password does not sign it in. Left out, false.</summary>
    public bool? PasswordSignInDisabled { get; set; }

    /// <summary>Group names; imported as memberships after the user (a seed file's shorthand for <c>memberships</c>).</summary>
    public List<string>? Groups { get; set; }

    public PortableMfa? Mfa { get; set; }
}
