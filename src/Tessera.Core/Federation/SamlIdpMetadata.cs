// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography.X509Certificates;
using System.Xml;

namespace Tessera.Core.Federation;

/// <summary>What a SAML 2.0 IdP's metadata (an EntityDescriptor with an IDPSSODescriptor) says about it.</summary>
public sealed record SamlIdpMetadata(
    string EntityId,
    string? SsoRedirectUrl,
    string? SsoPostUrl,
    string? SloRedirectUrl,
    IReadOnlyList<X509Certificate2> SigningCertificates,
    string? SloResponseRedirectUrl = null)
{
    private const string MetadataNs = "urn:oasis:names:tc:SAML:2.0:metadata";
    private const string DsigNs = "http://www.w3.org/2000/09/xmldsig#";
    private const string RedirectBinding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
    private const string PostBinding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

    /// <summary>Reads <paramref name="xml"/>; null when it is not IdP metadata with a sign-in endpoint and a signing certificate.</summary>
    public static SamlIdpMetadata? TryParse(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var document = new XmlDocument { XmlResolver = null, PreserveWhitespace = true };
        try
        {
            // No DTDs: metadata comes from outside, and entity expansion is the classic XML bomb.
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }

        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("md", MetadataNs);
        ns.AddNamespace("ds", DsigNs);
        var entity = document.SelectSingleNode("//md:EntityDescriptor[md:IDPSSODescriptor]", ns) as XmlElement;
        var idp = entity?.SelectSingleNode("md:IDPSSODescriptor", ns) as XmlElement;
        var entityId = entity?.GetAttribute("entityID");
        if (idp is null || string.IsNullOrEmpty(entityId))
        {
            return null;
        }

        string? Endpoint(string element, string binding) =>
            (idp.SelectSingleNode($"md:{element}[@Binding='{binding}']", ns) as XmlElement)?.GetAttribute("Location") is { Length: > 0 } location ? location : null;

        var certificates = new List<X509Certificate2>();
        foreach (XmlElement key in idp.SelectNodes("md:KeyDescriptor[not(@use) or @use='signing']", ns)!)
        {
            foreach (XmlElement data in key.SelectNodes(".//ds:X509Certificate", ns)!)
            {
                try
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(string.Concat(data.InnerText.Where(c => !char.IsWhiteSpace(c))))));
                }
                catch (Exception ex) when (ex is FormatException or System.Security.Cryptography.CryptographicException)
                {
                    return null;
                }
            }
        }

        var ssoRedirect = Endpoint("SingleSignOnService", RedirectBinding);
        var ssoPost = Endpoint("SingleSignOnService", PostBinding);
        return certificates.Count == 0 || (ssoRedirect is null && ssoPost is null)
            ? null
            : new SamlIdpMetadata(entityId, ssoRedirect, ssoPost, Endpoint("SingleLogoutService", RedirectBinding), certificates,
                (idp.SelectSingleNode($"md:SingleLogoutService[@Binding='{RedirectBinding}']", ns) as XmlElement)?.GetAttribute("ResponseLocation") is { Length: > 0 } response
                    ? response
                    : Endpoint("SingleLogoutService", RedirectBinding));
    }
}
