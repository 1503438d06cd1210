// SPDX-License-Identifier: Apache-2.0
namespace Tessera.Core.Federation;

/// <summary>The pool's X.509 certificate for SAML 2.0 (GetSigningCertificate); its private key is sealed.</summary>
public sealed class SamlSigningCertificate
{
    public required string PoolId { get; set; }
    public required byte[] CertificateDer { get; set; }
    public required byte[] SealedPrivateKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
