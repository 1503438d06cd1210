// SPDX-License-Identifier: Apache-2.0
using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using Tessera.Core.Federation;

namespace Tessera.Core.Tests.Federation;

/// <summary>The HTTP-Redirect binding (SAML 2.0 Bindings §3.4): DEFLATE, base64, URL encoding, and the query-string signature of §3.4.4.1.</summary>
public sealed class SamlRedirectMessageTests : IDisposable
{
    private const string Xml = "<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_r\"/>";
    private readonly RSA key = RSA.Create(2048);
    private readonly X509Certificate2 certificate;

    public SamlRedirectMessageTests()
        => certificate = new CertificateRequest("CN=idp", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));

    public void Dispose()
    {
        certificate.Dispose();
        key.Dispose();
    }

    [Fact]
    public void Parse_SignedQuery_InflatesTheMessage_AndTheSignatureVerifies()
    {
        var message = SamlRedirectMessage.Parse(Query(key, "relay/1 + more"), "SAMLRequest");

        message.Xml.ShouldBe(Xml);
        message.RelayState.ShouldBe("relay/1 + more");
        Should.NotThrow(() => message.VerifySignature([certificate]));
    }

    [Fact]
    public void VerifySignature_RelayStateChanged_Refused()
    {
        var query = Query(key, "relay-1").Replace("RelayState=relay-1", "RelayState=relay-2", StringComparison.Ordinal);
        Refused(() => SamlRedirectMessage.Parse(query, "SAMLRequest").VerifySignature([certificate]), "matches no certificate");
    }

    [Fact]
    public void VerifySignature_SignedByAnotherKey_Refused()
    {
        using var other = RSA.Create(2048);
        Refused(() => SamlRedirectMessage.Parse(Query(other, null), "SAMLRequest").VerifySignature([certificate]), "matches no certificate");
    }

    [Fact]
    public void VerifySignature_Unsigned_Refused()
    {
        var query = Query(key, null);
        Refused(() => SamlRedirectMessage.Parse(query[..query.IndexOf("&SigAlg", StringComparison.Ordinal)], "SAMLRequest").VerifySignature([certificate]), "not signed");
    }

    [Fact]
    public void VerifySignature_RsaSha1_Refused()
        => Refused(() => SamlRedirectMessage.Parse(Query(key, null, SignedXml.XmlDsigRSASHA1Url), "SAMLRequest").VerifySignature([certificate]), "not accepted");

    [Fact]
    public void Parse_ParameterTwice_Refused()
        => Refused(() => SamlRedirectMessage.Parse(Query(key, "a") + "&RelayState=b", "SAMLRequest"), "given twice");

    [Fact]
    public void Parse_MissingOrNotDeflate_Refused()
    {
        Refused(() => SamlRedirectMessage.Parse("?RelayState=x", "SAMLRequest"), "no SAMLRequest");
        Refused(() => SamlRedirectMessage.Parse("?SAMLRequest=" + Uri.EscapeDataString(Convert.ToBase64String([0xff, 0xfe, 0xfd, 0x01])), "SAMLRequest"), "cannot be inflated");
    }

    [Fact]
    public void Parse_DeflateBomb_StopsAtTheLimit()
        => Refused(() => SamlRedirectMessage.Parse("?SAMLRequest=" + Uri.EscapeDataString(Deflate(new string(' ', 10 * SamlResponseValidator.MaxLength))), "SAMLRequest"), "too long");

    /// <summary>A query string as an IdP sends it: SAMLRequest, RelayState, SigAlg URL-encoded, then Signature over exactly those octets.</summary>
    private static string Query(RSA signer, string? relayState, string sigAlg = SignedXml.XmlDsigRSASHA256Url)
    {
        var query = "SAMLRequest=" + Uri.EscapeDataString(Deflate(Xml))
            + (relayState is null ? string.Empty : "&RelayState=" + Uri.EscapeDataString(relayState))
            + "&SigAlg=" + Uri.EscapeDataString(sigAlg);
        var hash = sigAlg == SignedXml.XmlDsigRSASHA1Url ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        var signature = signer.SignData(Encoding.UTF8.GetBytes(query), hash, RSASignaturePadding.Pkcs1);
        return "?" + query + "&Signature=" + Uri.EscapeDataString(Convert.ToBase64String(signature));
    }

    internal static string Deflate(string xml)
    {
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(Encoding.UTF8.GetBytes(xml));
        }

        return Convert.ToBase64String(buffer.ToArray());
    }

    private static void Refused(Action action, string message)
    {
        var error = Should.Throw<FederationException>(action);
        $"{error.Message} ({error.Detail})".ShouldContain(message);
    }
}
