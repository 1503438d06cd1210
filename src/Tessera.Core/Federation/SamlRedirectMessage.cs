// SPDX-License-Identifier: Apache-2.0
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;

namespace Tessera.Core.Federation;

/// <summary>
/// A SAML protocol message received with the HTTP-Redirect binding (SAML 2.0 Bindings §3.4): the message deflated and
/// base64-encoded in <c>SAMLRequest</c> or <c>SAMLResponse</c>, with <c>RelayState</c>, and when signed <c>SigAlg</c> and
/// <c>Signature</c>. The signature covers the query string itself, not the XML (§3.4.4.1), so the message keeps the
/// octets it was signed over exactly as they arrived, URL-encoded.
/// </summary>
public sealed class SamlRedirectMessage
{
    private static readonly Dictionary<string, HashAlgorithmName> SignatureAlgorithms = new(StringComparer.Ordinal)
    {
        [SignedXml.XmlDsigRSASHA256Url] = HashAlgorithmName.SHA256,
        [SignedXml.XmlDsigRSASHA384Url] = HashAlgorithmName.SHA384,
        [SignedXml.XmlDsigRSASHA512Url] = HashAlgorithmName.SHA512,
    };

    private readonly string signedOctets;
    private readonly string? sigAlg;
    private readonly string? signature;

    private SamlRedirectMessage(string xml, string? relayState, string signedOctets, string? sigAlg, string? signature)
    {
        Xml = xml;
        RelayState = relayState;
        this.signedOctets = signedOctets;
        this.sigAlg = sigAlg;
        this.signature = signature;
    }

    /// <summary>The inflated message, as UTF-8 XML.</summary>
    public string Xml { get; }

    public string? RelayState { get; }

    /// <summary>
    /// The message named <paramref name="parameter"/> in <paramref name="rawQuery"/> (the query string as received, with
    /// or without its <c>?</c>); throws <see cref="FederationException"/> when it is missing, repeated, not base64, not
    /// DEFLATE, or inflates past <see cref="SamlResponseValidator.MaxLength"/> characters.
    /// </summary>
    public static SamlRedirectMessage Parse(string rawQuery, string parameter)
    {
        ArgumentNullException.ThrowIfNull(rawQuery);
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = WebUtility.UrlDecode(equals < 0 ? pair : pair[..equals]);
            if ((name is "SAMLRequest" or "SAMLResponse" or "RelayState" or "SigAlg" or "Signature") && !raw.TryAdd(name, equals < 0 ? string.Empty : pair[(equals + 1)..]))
            {
                throw Refused("The SAML message is malformed.", $"{name} given twice");
            }
        }

        if (!raw.TryGetValue(parameter, out var encoded) || encoded.Length == 0)
        {
            throw Refused("The SAML message is missing.", $"no {parameter} parameter");
        }

        // Bindings §3.4.4.1: SAMLRequest (or SAMLResponse), RelayState when present, SigAlg, in this order, as sent.
        var octets = new StringBuilder(parameter).Append('=').Append(encoded);
        if (raw.TryGetValue("RelayState", out var relay))
        {
            octets.Append("&RelayState=").Append(relay);
        }

        if (raw.TryGetValue("SigAlg", out var alg))
        {
            octets.Append("&SigAlg=").Append(alg);
        }

        return new SamlRedirectMessage(Inflate(WebUtility.UrlDecode(encoded)), relay is null ? null : WebUtility.UrlDecode(relay), octets.ToString(),
            alg is null ? null : WebUtility.UrlDecode(alg), raw.TryGetValue("Signature", out var sig) ? WebUtility.UrlDecode(sig) : null);
    }

    /// <summary>
    /// Verifies the query-string signature (Bindings §3.4.4.1) against <paramref name="certificates"/>: RSA with SHA-256,
    /// SHA-384 or SHA-512; throws <see cref="FederationException"/> when there is none, its algorithm is another, or no
    /// certificate verifies it.
    /// </summary>
    public void VerifySignature(IReadOnlyList<X509Certificate2> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        if (sigAlg is null || signature is null)
        {
            throw Refused("The SAML message is not signed.", "HTTP-Redirect message without SigAlg and Signature");
        }

        if (!SignatureAlgorithms.TryGetValue(sigAlg, out var hash))
        {
            throw Refused("The SAML signature uses an algorithm that is not accepted.", $"SigAlg {sigAlg}");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            throw Refused("The SAML signature is not valid.", "Signature not base64");
        }

        var signed = Encoding.UTF8.GetBytes(signedOctets);
        foreach (var certificate in certificates)
        {
            using var key = certificate.GetRSAPublicKey();
            if (key is not null && key.VerifyData(signed, bytes, hash, RSASignaturePadding.Pkcs1))
            {
                return;
            }
        }

        throw Refused("The SAML signature is not valid.", "query-string signature matches no certificate of the metadata");
    }

    /// <summary>Bindings §3.4.4: base64, then raw DEFLATE (RFC 1951), read no further than the size limit (a deflate bomb stops there).</summary>
    private static string Inflate(string base64)
    {
        byte[] compressed;
        try
        {
            compressed = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw Refused("The SAML message is not valid base64.", "HTTP-Redirect message not base64");
        }

        var limit = SamlResponseValidator.MaxLength;
        var buffer = new byte[limit + 1];
        var length = 0;
        try
        {
            using var inflate = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
            int read;
            while (length < buffer.Length && (read = inflate.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }
        }
        catch (InvalidDataException e)
        {
            throw Refused("The SAML message cannot be inflated.", e.Message);
        }

        if (length > limit)
        {
            throw Refused("The SAML message is too long.", $"inflates past {limit} bytes");
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static FederationException Refused(string message, string detail) => new("invalid_request", message, detail);
}
