// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Auth.Passkeys;

/// <summary>
/// A passkey registered by a user (CompleteWebAuthnRegistration): its public key only, the signature counter that
/// tells a cloned authenticator, and what ListWebAuthnCredentials shows.
/// </summary>
public sealed class WebAuthnCredential
{
    /// <summary>The credential id as the authenticator made it, base64url without padding (as ListWebAuthnCredentials shows it).</summary>
    public required string CredentialId { get; set; }

    public required string PoolId { get; set; }
    public Guid UserId { get; set; }

    /// <summary>The credential public key, COSE_Key bytes as the attestation carried them.</summary>
    public required byte[] PublicKey { get; set; }

    /// <summary>The authenticator's signature counter last seen (WebAuthn §6.1.1); 0 for authenticators that keep none.</summary>
    public long SignCount { get; set; }

    /// <summary>The transports the browser reported (usb, nfc, ble, internal, hybrid, …).</summary>
    public List<string> Transports { get; set; } = [];

    /// <summary>The authenticator model (all zero when the attestation does not say).</summary>
    public Guid Aaguid { get; set; }

    public required string FriendlyName { get; set; }

    /// <summary>The relying party id the credential is scoped to.</summary>
    public required string RelyingPartyId { get; set; }

    /// <summary><c>platform</c> or <c>cross-platform</c>, as the browser reported it, when it did.</summary>
    public string? AuthenticatorAttachment { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}
