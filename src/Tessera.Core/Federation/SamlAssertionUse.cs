// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Federation;

/// <summary>
/// A SAML assertion that signed someone in: kept until it would have expired, so the same assertion is not accepted
/// twice (Cognito: "You can't send a SAML assertion to your saml2/idpresponse endpoint more than once").
/// </summary>
public sealed class SamlAssertionUse
{
    public required string PoolId { get; set; }

    /// <summary>SHA-256 of the IdP's entity id and the assertion's ID.</summary>
    public required byte[] AssertionHash { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
