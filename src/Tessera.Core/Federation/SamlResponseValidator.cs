// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;

namespace Tessera.Core.Federation;

/// <summary>What an answer from a SAML IdP must be for: who signs it, for whom, where, in reply to what, and when.</summary>
/// <param name="IdpEntityId">The IdP's entityID from its metadata: the Issuer of the Response and of the Assertion.</param>
/// <param name="Certificates">The IdP's signing certificates from its metadata; a signature by any of them is accepted.</param>
/// <param name="Audience">The SP entity id, <c>urn:amazon:cognito:sp:{poolId}</c>.</param>
/// <param name="Recipient">The assertion consumer service URL, <c>https://{domain}/saml2/idpresponse</c>.</param>
/// <param name="InResponseTo">The ID of the AuthnRequest this answers; null for an IdP-initiated (unsolicited) answer.</param>
/// <param name="Now">The time the validity windows are checked against.</param>
/// <param name="DecryptionKey">The pool's SAML key when the provider has EncryptedResponses; null refuses encrypted assertions.</param>
public sealed record SamlExpectations(
    string IdpEntityId, IReadOnlyList<X509Certificate2> Certificates, string Audience, string Recipient, string? InResponseTo, DateTimeOffset Now,
    RSA? DecryptionKey = null);

/// <summary>A verified assertion: the user's NameID, the IdP's session, the attributes, and until when the assertion could be replayed.</summary>
public sealed record SamlAssertion(string Id, string NameId, string? SessionIndex, DateTimeOffset ValidUntil, IReadOnlyDictionary<string, string> Attributes);

/// <summary>A verified LogoutRequest from the IdP: its ID (for the LogoutResponse's InResponseTo), the user's NameID and the IdP sessions it ends.</summary>
public sealed record SamlLogoutRequest(string Id, string NameId, IReadOnlyList<string> SessionIndexes);

/// <summary>
/// The checks on a SAML 2.0 Response received at <c>/saml2/idpresponse</c> (SAML 2.0 Core §3.2.2, Profiles §4.1.4.2-3 and
/// the Web SSO rules of Cognito's "Things to know about SAML IdPs"). The signature is verified with
/// System.Security.Cryptography.Xml against the IdP's metadata certificates, and every value is read from the element
/// the signature covers, so a signed element moved or copied elsewhere in the document (XML signature wrapping) is refused.
/// </summary>
public static class SamlResponseValidator
{
    public const string ProtocolNs = "urn:oasis:names:tc:SAML:2.0:protocol";
    public const string AssertionNs = "urn:oasis:names:tc:SAML:2.0:assertion";
    public const string SuccessStatus = "urn:oasis:names:tc:SAML:2.0:status:Success";

    /// <summary>How far the IdP's clock may be from ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    /// <summary>Cognito's limit on the SAMLResponse parameter ("up to 100,000 characters").</summary>
    public const int MaxLength = 100_000;

    private const string DsigNs = SignedXml.XmlDsigNamespaceUrl;
    private const string BearerMethod = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

    private static readonly HashSet<string> SignatureMethods = new(StringComparer.Ordinal)
    {
        SignedXml.XmlDsigRSASHA256Url, SignedXml.XmlDsigRSASHA384Url, SignedXml.XmlDsigRSASHA512Url,
    };

    private static readonly HashSet<string> Transforms = new(StringComparer.Ordinal)
    {
        SignedXml.XmlDsigEnvelopedSignatureTransformUrl, SignedXml.XmlDsigExcC14NTransformUrl, SignedXml.XmlDsigExcC14NWithCommentsTransformUrl,
        SignedXml.XmlDsigC14NTransformUrl, SignedXml.XmlDsigC14NWithCommentsTransformUrl,
    };

    /// <summary>Decodes and verifies <paramref name="samlResponse"/> (the POSTed base64 parameter); throws <see cref="FederationException"/> on any failure.</summary>
    public static SamlAssertion Validate(string samlResponse, SamlExpectations expect)
    {
        ArgumentNullException.ThrowIfNull(samlResponse);
        ArgumentNullException.ThrowIfNull(expect);
        var document = Load(samlResponse);
        var response = document.DocumentElement;
        if (response is null || response.LocalName != "Response" || response.NamespaceURI != ProtocolNs)
        {
            throw Refused("The SAML answer is not a Response.", "root element is not samlp:Response");
        }

        CheckResponseHeader(response, expect);
        var status = Child(Child(response, ProtocolNs, "Status"), ProtocolNs, "StatusCode")?.GetAttribute("Value");
        if (status != SuccessStatus)
        {
            throw new FederationException("access_denied", "The identity provider did not sign the user in.", $"SAML status {status}");
        }

        var encrypted = document.GetElementsByTagName("EncryptedAssertion", AssertionNs);
        if (encrypted.Count > 0)
        {
            if (expect.DecryptionKey is null)
            {
                throw Refused("Encrypted SAML assertions are not accepted from this identity provider (EncryptedResponses is off).", "EncryptedAssertion in response");
            }

            if (encrypted.Count != 1 || encrypted[0] is not XmlElement encryptedAssertion || encryptedAssertion.ParentNode != response)
            {
                throw Refused("The SAML answer must carry exactly one assertion.", $"{encrypted.Count} EncryptedAssertion elements");
            }

            // The Assertion the EncryptedAssertion holds takes its place, then goes through every check below.
            var decrypted = SamlAssertionDecryptor.Decrypt(encryptedAssertion, expect.DecryptionKey);
            response.ReplaceChild(document.ImportNode(decrypted, deep: true), encryptedAssertion);
        }

        // Exactly one assertion, and it is the Response's own child: a second one (signed or not) is a wrapping attempt.
        var assertions = document.GetElementsByTagName("Assertion", AssertionNs);
        if (assertions.Count != 1 || assertions[0] is not XmlElement assertion || assertion.ParentNode != response)
        {
            throw Refused("The SAML answer must carry exactly one assertion.", $"{assertions.Count} Assertion elements");
        }

        var responseSigned = VerifySignature(document, response, expect.Certificates);
        var assertionSigned = VerifySignature(document, assertion, expect.Certificates);
        if (!responseSigned && !assertionSigned)
        {
            throw Refused("The SAML answer is not signed.", "neither Response nor Assertion has a Signature");
        }

        return ReadAssertion(assertion, expect);
    }

    /// <summary>The Issuer of a SAML protocol message (base64, as posted), to find the provider before its checks; null when there is none.</summary>
    public static string? IssuerOf(string samlMessage)
    {
        ArgumentNullException.ThrowIfNull(samlMessage);
        return IssuerOf(Load(samlMessage));
    }

    /// <summary>The Issuer of a SAML protocol message received with the HTTP-Redirect binding; null when there is none.</summary>
    public static string? IssuerOf(SamlRedirectMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return IssuerOf(Parse(Encoding.UTF8.GetBytes(message.Xml)));
    }

    private static string? IssuerOf(XmlDocument document)
        => Child(document.DocumentElement, AssertionNs, "Issuer")?.InnerText.Trim() is { Length: > 0 } issuer ? issuer : null;

    /// <summary>
    /// Verifies a LogoutRequest the IdP posted to <c>/saml2/logout</c> (IdP-initiated single logout, SAML 2.0 Core §3.7.1,
    /// Profiles §4.4.4.1): SAML 2.0, for this endpoint when it names one, from the IdP (Issuer), signed by the IdP (an
    /// unsigned request could sign anyone out), not expired, naming the user by NameID or by an EncryptedID that
    /// <see cref="SamlExpectations.DecryptionKey"/> opens.
    /// </summary>
    public static SamlLogoutRequest ValidateLogoutRequest(string samlRequest, SamlExpectations expect)
    {
        ArgumentNullException.ThrowIfNull(samlRequest);
        ArgumentNullException.ThrowIfNull(expect);
        return ValidateLogoutRequest(Load(samlRequest), expect, signedByBinding: false);
    }

    /// <summary>
    /// The same checks for a LogoutRequest received with the HTTP-Redirect binding (<c>GET /saml2/logout</c>): its
    /// signature is the query string's (Bindings §3.4.4.1), which must verify; the XML carries none.
    /// </summary>
    public static SamlLogoutRequest ValidateLogoutRequest(SamlRedirectMessage message, SamlExpectations expect)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(expect);
        message.VerifySignature(expect.Certificates);
        return ValidateLogoutRequest(Parse(Encoding.UTF8.GetBytes(message.Xml)), expect, signedByBinding: true);
    }

    private static SamlLogoutRequest ValidateLogoutRequest(XmlDocument document, SamlExpectations expect, bool signedByBinding)
    {
        var request = document.DocumentElement;
        if (request is null || request.LocalName != "LogoutRequest" || request.NamespaceURI != ProtocolNs)
        {
            throw Refused("The SAML message is not a LogoutRequest.", "root element is not samlp:LogoutRequest");
        }

        CheckResponseHeader(request, expect with { InResponseTo = null });
        if (Child(request, AssertionNs, "Issuer") is null)
        {
            throw Refused("The SAML sign-out request does not name its identity provider.", "LogoutRequest without Issuer");
        }

        if (!signedByBinding && !VerifySignature(document, request, expect.Certificates))
        {
            throw Refused("The SAML sign-out request is not signed.", "LogoutRequest without Signature");
        }

        if (Time(request, "NotOnOrAfter") is { } until && until + ClockSkew <= expect.Now)
        {
            throw Refused("The SAML sign-out request has expired.", $"NotOnOrAfter {until:O}, now {expect.Now:O}");
        }

        var nameId = (Child(request, AssertionNs, "NameID") ?? DecryptedId(request, expect))?.InnerText.Trim();
        if (string.IsNullOrEmpty(nameId))
        {
            throw Refused("The SAML sign-out request does not identify the user.", "no NameID or EncryptedID");
        }

        var sessions = Children(request, ProtocolNs, "SessionIndex").Select(s => s.InnerText.Trim()).Where(s => s.Length > 0).ToList();
        return new SamlLogoutRequest(request.GetAttribute("ID"), nameId, sessions);
    }

    /// <summary>
    /// Verifies a LogoutResponse posted to <c>/saml2/logout</c>: from the IdP, in reply to our LogoutRequest, successful,
    /// and, when signed, signed by the IdP (Cognito's "SAML sign-out flow").
    /// </summary>
    public static void ValidateLogoutResponse(string samlResponse, SamlExpectations expect)
    {
        ArgumentNullException.ThrowIfNull(samlResponse);
        ArgumentNullException.ThrowIfNull(expect);
        var document = Load(samlResponse);
        var response = document.DocumentElement;
        if (response is null || response.LocalName != "LogoutResponse" || response.NamespaceURI != ProtocolNs)
        {
            throw Refused("The SAML answer is not a LogoutResponse.", "root element is not samlp:LogoutResponse");
        }

        if (expect.InResponseTo is null || !response.HasAttribute("InResponseTo"))
        {
            throw Refused("The SAML answer is not for this sign-out.", "LogoutResponse without InResponseTo");
        }

        CheckResponseHeader(response, expect);
        _ = VerifySignature(document, response, expect.Certificates);
        var status = Child(Child(response, ProtocolNs, "Status"), ProtocolNs, "StatusCode")?.GetAttribute("Value");
        if (status != SuccessStatus)
        {
            throw Refused("The identity provider did not sign the user out.", $"SAML status {status}");
        }
    }

    /// <summary>Core §3.7.1 and §2.2.4: the NameID inside the request's EncryptedID, opened with the pool's key; null when there is no EncryptedID.</summary>
    private static XmlElement? DecryptedId(XmlElement request, SamlExpectations expect)
    {
        if (Child(request, AssertionNs, "EncryptedID") is not { } encrypted)
        {
            return null;
        }

        if (expect.DecryptionKey is null)
        {
            throw Refused("The SAML sign-out request's encrypted NameID cannot be decrypted.", "EncryptedID without a decryption key");
        }

        XmlElement decrypted;
        try
        {
            decrypted = SamlAssertionDecryptor.Decrypt(encrypted, expect.DecryptionKey);
        }
        catch (FederationException e)
        {
            throw Refused("The SAML sign-out request's encrypted NameID cannot be decrypted.", e.Detail ?? e.Message);
        }

        return decrypted.LocalName == "NameID" && decrypted.NamespaceURI == AssertionNs
            ? decrypted
            : throw Refused("The SAML sign-out request does not identify the user.", $"EncryptedID holds {decrypted.LocalName}");
    }

    private static XmlDocument Load(string samlResponse)
    {
        if (samlResponse.Length is 0 or > MaxLength)
        {
            throw Refused("The SAML answer is missing or too long.", $"SAMLResponse of {samlResponse.Length} characters");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(samlResponse);
        }
        catch (FormatException)
        {
            throw Refused("The SAML answer is not valid base64.", "SAMLResponse not base64");
        }

        return Parse(bytes);
    }

    private static XmlDocument Parse(byte[] bytes)
    {
        var document = new XmlDocument { XmlResolver = null, PreserveWhitespace = true };
        try
        {
            // No DTDs: the answer comes through the browser, and entity expansion is the classic XML bomb.
            using var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document.Load(reader);
        }
        catch (XmlException e)
        {
            throw Refused("The SAML answer is not well-formed XML.", e.Message);
        }

        return document;
    }

    private static void CheckResponseHeader(XmlElement response, SamlExpectations expect)
    {
        if (response.GetAttribute("Version") != "2.0")
        {
            throw Refused("The SAML answer is not SAML 2.0.", $"Version {response.GetAttribute("Version")}");
        }

        // Core §3.2.2: Destination, when present, must be where it arrived.
        if (response.HasAttribute("Destination") && response.GetAttribute("Destination") != expect.Recipient)
        {
            throw Refused("The SAML answer is for another service.", $"Destination {response.GetAttribute("Destination")}, expected {expect.Recipient}");
        }

        CheckInResponseTo(response, expect, "Response");
        if (Child(response, AssertionNs, "Issuer") is { } issuer && issuer.InnerText.Trim() != expect.IdpEntityId)
        {
            throw Refused("The SAML answer is from another identity provider.", $"Response Issuer {issuer.InnerText}, expected {expect.IdpEntityId}");
        }
    }

    private static void CheckInResponseTo(XmlElement element, SamlExpectations expect, string what)
    {
        var has = element.HasAttribute("InResponseTo");
        if (expect.InResponseTo is null ? has : has && !FixedEquals(element.GetAttribute("InResponseTo"), expect.InResponseTo))
        {
            throw Refused("The SAML answer is not for this sign-in.", $"{what} InResponseTo {element.GetAttribute("InResponseTo")}, expected {expect.InResponseTo ?? "none"}");
        }
    }

    /// <summary>
    /// Verifies the enveloped signature that is a direct child of <paramref name="element"/>; false when there is none.
    /// The signature must have one reference, to this element's ID, which no other element of the document carries.
    /// </summary>
    private static bool VerifySignature(XmlDocument document, XmlElement element, IReadOnlyList<X509Certificate2> certificates)
    {
        var signatures = element.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "Signature" && e.NamespaceURI == DsigNs).ToList();
        if (signatures.Count == 0)
        {
            return false;
        }

        var id = element.GetAttribute("ID");
        if (signatures.Count > 1 || id.Length == 0)
        {
            throw Refused("The SAML signature is not valid.", $"{signatures.Count} signatures on {element.LocalName}, ID '{id}'");
        }

        // SignedXml finds the referenced element by Id, ID or id anywhere in the document: one match only, this one.
        var carriers = document.SelectNodes("//*")!.OfType<XmlElement>().Count(e => e.GetAttribute("ID") == id || e.GetAttribute("Id") == id || e.GetAttribute("id") == id);
        if (carriers != 1)
        {
            throw Refused("The SAML signature is not valid.", $"ID {id} carried by {carriers} elements");
        }

        var signed = new SignedXml(element);
        try
        {
            signed.LoadXml(signatures[0]);
        }
        catch (CryptographicException e)
        {
            throw Refused("The SAML signature is not valid.", e.Message);
        }

        if (signed.SignedInfo is not { } info || info.References.Count != 1 || info.References[0] is not Reference reference || reference.Uri != "#" + id)
        {
            throw Refused("The SAML signature is not valid.", $"signature on {element.LocalName} does not reference #{id} alone");
        }

        if (!SignatureMethods.Contains(info.SignatureMethod ?? string.Empty)
            || Enumerable.Range(0, reference.TransformChain.Count).Any(i => !Transforms.Contains(reference.TransformChain[i].Algorithm ?? string.Empty)))
        {
            throw Refused("The SAML signature uses an algorithm that is not accepted.", $"SignatureMethod {info.SignatureMethod}");
        }

        foreach (var certificate in certificates)
        {
            using var key = certificate.GetRSAPublicKey();
            if (key is not null && signed.CheckSignature(key))
            {
                return true;
            }
        }

        throw Refused("The SAML signature is not valid.", $"signature on {element.LocalName} matches no certificate of the metadata");
    }

    private static SamlAssertion ReadAssertion(XmlElement assertion, SamlExpectations expect)
    {
        var id = assertion.GetAttribute("ID");
        var issuer = Child(assertion, AssertionNs, "Issuer")?.InnerText.Trim();
        if (issuer != expect.IdpEntityId)
        {
            throw Refused("The SAML answer is from another identity provider.", $"Assertion Issuer {issuer}, expected {expect.IdpEntityId}");
        }

        var now = expect.Now;
        var validUntil = now + ClockSkew;
        var conditions = Child(assertion, AssertionNs, "Conditions");
        if (conditions is not null)
        {
            if (Time(conditions, "NotBefore") is { } notBefore && notBefore - ClockSkew > now)
            {
                throw Refused("The SAML assertion is not valid yet.", $"NotBefore {notBefore:O}, now {now:O}");
            }

            if (Time(conditions, "NotOnOrAfter") is { } notOnOrAfter)
            {
                if (notOnOrAfter + ClockSkew <= now)
                {
                    throw Refused("The SAML assertion has expired.", $"NotOnOrAfter {notOnOrAfter:O}, now {now:O}");
                }

                validUntil = notOnOrAfter + ClockSkew;
            }

            // Core §2.5.1.4: every AudienceRestriction must name us.
            foreach (var restriction in Children(conditions, AssertionNs, "AudienceRestriction"))
            {
                if (!Children(restriction, AssertionNs, "Audience").Any(a => a.InnerText.Trim() == expect.Audience))
                {
                    throw Refused("The SAML assertion is for another service.", $"audience is not {expect.Audience}");
                }
            }
        }

        var subject = Child(assertion, AssertionNs, "Subject");
        var nameId = Child(subject, AssertionNs, "NameID")?.InnerText.Trim();
        if (string.IsNullOrEmpty(nameId))
        {
            throw Refused("The SAML assertion does not identify the user.", "no NameID");
        }

        // Profiles §4.1.4.2: a bearer confirmation for our ACS URL, unexpired, in reply to our request.
        var confirmed = false;
        foreach (var confirmation in Children(subject!, AssertionNs, "SubjectConfirmation").Where(c => c.GetAttribute("Method") == BearerMethod))
        {
            var data = Child(confirmation, AssertionNs, "SubjectConfirmationData");
            if (data is null || data.GetAttribute("Recipient") != expect.Recipient)
            {
                continue;
            }

            if (Time(data, "NotOnOrAfter") is not { } until || until + ClockSkew <= now)
            {
                throw Refused("The SAML assertion has expired.", $"SubjectConfirmationData NotOnOrAfter {data.GetAttribute("NotOnOrAfter")}, now {now:O}");
            }

            CheckInResponseTo(data, expect, "SubjectConfirmationData");
            validUntil = until + ClockSkew > validUntil ? until + ClockSkew : validUntil;
            confirmed = true;
        }

        if (!confirmed)
        {
            throw Refused("The SAML assertion is not for this service.", $"no bearer SubjectConfirmation with Recipient {expect.Recipient}");
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var statement in Children(assertion, AssertionNs, "AttributeStatement"))
        {
            foreach (var attribute in Children(statement, AssertionNs, "Attribute"))
            {
                var name = attribute.GetAttribute("Name");
                var values = Children(attribute, AssertionNs, "AttributeValue").Select(v => v.InnerText).ToList();
                if (name.Length > 0 && values.Count > 0)
                {
                    // A multi-valued attribute becomes one comma-separated value.
                    attributes[name] = string.Join(",", values);
                }
            }
        }

        var sessionIndex = Child(assertion, AssertionNs, "AuthnStatement")?.GetAttribute("SessionIndex");
        return new SamlAssertion(id, nameId, string.IsNullOrEmpty(sessionIndex) ? null : sessionIndex, validUntil, attributes);
    }

    private static DateTimeOffset? Time(XmlElement element, string attribute)
    {
        if (!element.HasAttribute(attribute))
        {
            return null;
        }

        return DateTimeOffset.TryParse(element.GetAttribute(attribute), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw Refused("The SAML assertion has an invalid time.", $"{attribute} {element.GetAttribute(attribute)}");
    }

    private static XmlElement? Child(XmlElement? parent, string ns, string name)
        => parent?.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == name && e.NamespaceURI == ns);

    private static IEnumerable<XmlElement> Children(XmlElement parent, string ns, string name)
        => parent.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == name && e.NamespaceURI == ns);

    private static bool FixedEquals(string a, string b) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static FederationException Refused(string message, string detail) => new("invalid_request", message, detail);
}
