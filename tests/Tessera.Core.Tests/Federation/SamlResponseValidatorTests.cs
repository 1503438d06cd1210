// SPDX-License-Identifier: Apache-2.0
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using Tessera.Core.Federation;

namespace Tessera.Core.Tests.Federation;

public sealed class SamlResponseValidatorTests : IDisposable
{
    private const string Idp = "https://idp.example/metadata";
    private const string Audience = "urn:amazon:cognito:sp:us-east-1_Test";
    private const string Acs = "https://app.auth.example/saml2/idpresponse";
    private const string RequestId = "_request-1";
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private readonly RSA key = RSA.Create(2048);
    private readonly X509Certificate2 certificate;

    public SamlResponseValidatorTests()
    {
        certificate = new CertificateRequest("CN=idp", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(Now.AddDays(-1), Now.AddDays(1));
    }

    public void Dispose()
    {
        certificate.Dispose();
        key.Dispose();
    }

    [Fact]
    public void Validate_SignedAssertion_ReturnsNameIdAttributesAndSession()
    {
        var assertion = SamlResponseValidator.Validate(Sign(Response()), Expect());

        assertion.NameId.ShouldBe("ada");
        assertion.Id.ShouldBe("_assertion-1");
        assertion.SessionIndex.ShouldBe("_session-1");
        assertion.Attributes["email"].ShouldBe("ada@corp.example");
        assertion.Attributes["groups"].ShouldBe("staff,admins");
        assertion.ValidUntil.ShouldBe(Now.AddMinutes(5) + SamlResponseValidator.ClockSkew);
    }

    [Fact]
    public void Validate_SignedResponseOnly_IsAccepted()
        => SamlResponseValidator.Validate(Sign(Response(), signResponse: true, signAssertion: false), Expect()).NameId.ShouldBe("ada");

    [Fact]
    public void Validate_ChangedAfterSigning_RefusedAsBadSignature()
        => Refused(Tamper(Sign(Response()), x => x.Replace(">ada<", ">mallory<", StringComparison.Ordinal)), Expect(), "matches no certificate");

    [Fact]
    public void Validate_SignedByAnotherKey_Refused()
    {
        using var other = RSA.Create(2048);
        using var otherCertificate = new CertificateRequest("CN=other", other, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(Now.AddDays(-1), Now.AddDays(1));
        Refused(Sign(Response()), Expect() with { Certificates = [otherCertificate] }, "matches no certificate");
    }

    [Fact]
    public void Validate_Unsigned_Refused() => Refused(Encode(Response()), Expect(), "not signed");

    [Fact]
    public void Validate_SecondAssertionBesideTheSignedOne_Refused()
    {
        // XML signature wrapping: the signed assertion stays, an unsigned one with another NameID is added.
        var signed = Decode(Sign(Response()));
        var evil = Response(nameId: "mallory", assertionId: "_evil");
        var evilAssertion = evil[evil.IndexOf("<saml:Assertion", StringComparison.Ordinal)..(evil.IndexOf("</saml:Assertion>", StringComparison.Ordinal) + "</saml:Assertion>".Length)];
        Refused(Encode(signed.Replace("</samlp:Response>", evilAssertion + "</samlp:Response>", StringComparison.Ordinal)), Expect(), "exactly one assertion");
    }

    [Fact]
    public void Validate_SignedAssertionMovedIntoAnExtensionBesideAForgedOne_Refused()
    {
        // The signed assertion hidden in an Extensions element, a forged one in its place: still two assertions.
        var signed = Decode(Sign(Response()));
        var original = signed[signed.IndexOf("<saml:Assertion", StringComparison.Ordinal)..(signed.IndexOf("</saml:Assertion>", StringComparison.Ordinal) + "</saml:Assertion>".Length)];
        var forged = original.Replace(">ada<", ">mallory<", StringComparison.Ordinal);
        var wrapped = signed.Replace(original, $"<samlp:Extensions>{original}</samlp:Extensions>{forged}", StringComparison.Ordinal);
        Refused(Encode(wrapped), Expect(), "exactly one assertion");
    }

    [Fact]
    public void Validate_SignatureReferencingAnotherId_Refused()
    {
        var signed = Decode(Sign(Response()));
        Refused(Encode(signed.Replace("URI=\"#_assertion-1\"", "URI=\"#_response-1\"", StringComparison.Ordinal)), Expect(), "does not reference #_assertion-1 alone");
    }

    [Fact]
    public void Validate_Sha1Signature_Refused()
        => Refused(Sign(Response(), algorithm: SignedXml.XmlDsigRSASHA1Url), Expect(), "algorithm that is not accepted");

    [Fact]
    public void Validate_WrongAudience_Refused()
        => Refused(Sign(Response(audience: "urn:amazon:cognito:sp:us-east-1_Other")), Expect(), "for another service");

    [Fact]
    public void Validate_WrongIssuer_Refused()
        => Refused(Sign(Response()), Expect() with { IdpEntityId = "https://other.example" }, "another identity provider");

    [Fact]
    public void Validate_Expired_Refused()
        => Refused(Sign(Response()), Expect() with { Now = Now.AddMinutes(8) }, "has expired");

    [Fact]
    public void Validate_WithinClockSkew_Accepted()
        => SamlResponseValidator.Validate(Sign(Response()), Expect() with { Now = Now.AddMinutes(6) }).NameId.ShouldBe("ada");

    [Fact]
    public void Validate_NotYetValid_Refused()
        => Refused(Sign(Response()), Expect() with { Now = Now.AddMinutes(-10) }, "not valid yet");

    [Fact]
    public void Validate_OtherRecipient_Refused()
        => Refused(Sign(Response()), Expect() with { Recipient = "https://other.example/saml2/idpresponse" }, "another service");

    [Fact]
    public void Validate_AnswerToAnotherRequest_Refused()
        => Refused(Sign(Response()), Expect() with { InResponseTo = "_request-2" }, "not for this sign-in");

    [Fact]
    public void Validate_SolicitedAnswerTakenAsUnsolicited_Refused()
        => Refused(Sign(Response()), Expect() with { InResponseTo = null }, "not for this sign-in");

    [Fact]
    public void Validate_UnsolicitedAnswer_AcceptedWhenNoRequestIsExpected()
        => SamlResponseValidator.Validate(Sign(Response(inResponseTo: null)), Expect() with { InResponseTo = null }).NameId.ShouldBe("ada");

    [Fact]
    public void Validate_StatusNotSuccess_AccessDenied()
    {
        var error = Should.Throw<FederationException>(() => SamlResponseValidator.Validate(
            Sign(Response().Replace("status:Success", "status:Requester", StringComparison.Ordinal)), Expect()));
        error.Error.ShouldBe("access_denied");
    }

    [Fact]
    public void Validate_Dtd_Refused()
        => Refused(Encode("<!DOCTYPE r [<!ENTITY a \"aaaa\">]>" + Response()), Expect(), "not well-formed");

    [Fact]
    public void Validate_NotBase64_Refused() => Refused("%%%", Expect(), "not valid base64");

    [Fact]
    public void Validate_EncryptedSignedAssertion_IsDecryptedWithThePoolKeyAndVerified()
    {
        using var pool = RSA.Create(2048);
        var encrypted = Encrypt(Decode(Sign(Response())), pool, EncryptedXml.XmlEncRSAOAEPUrl);

        SamlResponseValidator.Validate(encrypted, Expect() with { DecryptionKey = pool }).NameId.ShouldBe("ada");
    }

    [Fact]
    public void Validate_EncryptedWithoutEncryptedResponses_Refused()
    {
        using var pool = RSA.Create(2048);
        Refused(Encrypt(Decode(Sign(Response())), pool, EncryptedXml.XmlEncRSAOAEPUrl), Expect(), "EncryptedResponses is off");
    }

    [Fact]
    public void Validate_EncryptedWithRsaPkcs1KeyTransport_Refused()
    {
        using var pool = RSA.Create(2048);
        Refused(Encrypt(Decode(Sign(Response())), pool, EncryptedXml.XmlEncRSA15Url), Expect() with { DecryptionKey = pool }, "algorithm that is not accepted");
    }

    [Fact]
    public void Validate_AssertionEncryptedWithAesGcmAndOaepSha256_IsDecryptedAndVerified()
    {
        using var pool = RSA.Create(2048);
        var encrypted = EncryptGcm(Decode(Sign(Response())), pool);

        SamlResponseValidator.Validate(encrypted, Expect() with { DecryptionKey = pool }).NameId.ShouldBe("ada");
    }

    [Fact]
    public void ValidateLogoutRequest_SignedByTheIdp_ReturnsTheUserAndSessions()
    {
        var request = SamlResponseValidator.ValidateLogoutRequest(SignRoot(LogoutRequest(Idp, Now.AddMinutes(5))), Expect());

        request.Id.ShouldBe("_idp-logout-1");
        request.NameId.ShouldBe("ada");
        request.SessionIndexes.ShouldBe(["_session-1"]);
        SamlResponseValidator.IssuerOf(Encode(LogoutRequest(Idp, Now))).ShouldBe(Idp);
    }

    [Fact]
    public void ValidateLogoutRequest_Unsigned_Refused()
        => Refused(Encode(LogoutRequest(Idp, Now.AddMinutes(5))), Expect(), "not signed", (r, e) => SamlResponseValidator.ValidateLogoutRequest(r, e));

    [Fact]
    public void ValidateLogoutRequest_FromAnotherIssuer_Refused()
        => Refused(SignRoot(LogoutRequest("https://other.example", Now.AddMinutes(5))), Expect(), "another identity provider", (r, e) => SamlResponseValidator.ValidateLogoutRequest(r, e));

    [Fact]
    public void ValidateLogoutRequest_Expired_Refused()
        => Refused(SignRoot(LogoutRequest(Idp, Now.AddMinutes(-5))), Expect(), "has expired", (r, e) => SamlResponseValidator.ValidateLogoutRequest(r, e));

    [Fact]
    public void ValidateLogoutRequest_SignedByAnotherKey_Refused()
    {
        using var other = RSA.Create(2048);
        using var otherCertificate = new CertificateRequest("CN=other", other, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(Now.AddDays(-1), Now.AddDays(1));
        Refused(SignRoot(LogoutRequest(Idp, Now.AddMinutes(5))), Expect() with { Certificates = [otherCertificate] }, "matches no certificate",
            (r, e) => SamlResponseValidator.ValidateLogoutRequest(r, e));
    }

    [Fact]
    public void ValidateLogoutRequest_EncryptedId_IsOpenedWithThePoolKey_SignedOnTheRedirectQuery()
    {
        using var pool = RSA.Create(2048);
        var xml = LogoutRequest(Idp, Now.AddMinutes(5), EncryptedId("ada@corp", pool));

        var request = SamlResponseValidator.ValidateLogoutRequest(SamlRedirectMessage.Parse(RedirectQuery(xml, key), "SAMLRequest"), Expect() with { DecryptionKey = pool });

        request.NameId.ShouldBe("ada@corp");
        request.SessionIndexes.ShouldBe(["_session-1"]);
        SamlResponseValidator.IssuerOf(SamlRedirectMessage.Parse(RedirectQuery(xml, key), "SAMLRequest")).ShouldBe(Idp);
    }

    [Fact]
    public void ValidateLogoutRequest_EncryptedIdForAnotherKey_Refused()
    {
        using var pool = RSA.Create(2048);
        using var other = RSA.Create(2048);
        var query = RedirectQuery(LogoutRequest(Idp, Now.AddMinutes(5), EncryptedId("ada", other)), key);
        var error = Should.Throw<FederationException>(() => SamlResponseValidator.ValidateLogoutRequest(SamlRedirectMessage.Parse(query, "SAMLRequest"), Expect() with { DecryptionKey = pool }));
        error.Message.ShouldBe("The SAML sign-out request's encrypted NameID cannot be decrypted.");
    }

    [Fact]
    public void ValidateLogoutRequest_RedirectSignedByAnotherKey_Refused()
    {
        using var other = RSA.Create(2048);
        var query = RedirectQuery(LogoutRequest(Idp, Now.AddMinutes(5)), other);
        Should.Throw<FederationException>(() => SamlResponseValidator.ValidateLogoutRequest(SamlRedirectMessage.Parse(query, "SAMLRequest"), Expect()))
            .Detail.ShouldBe("query-string signature matches no certificate of the metadata");
    }

    [Fact]
    public void ValidateLogoutRequest_RedirectExpired_Refused()
    {
        var query = RedirectQuery(LogoutRequest(Idp, Now.AddMinutes(-5)), key);
        Should.Throw<FederationException>(() => SamlResponseValidator.ValidateLogoutRequest(SamlRedirectMessage.Parse(query, "SAMLRequest"), Expect()))
            .Message.ShouldBe("The SAML sign-out request has expired.");
    }

    private static string LogoutRequest(string issuer, DateTimeOffset notOnOrAfter, string nameId = "<saml:NameID>ada</saml:NameID>")
        => "<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" "
            + $"ID=\"_idp-logout-1\" Version=\"2.0\" IssueInstant=\"2026-12-07T10:00:00Z\" Destination=\"{Acs}\" "
            + $"NotOnOrAfter=\"{notOnOrAfter.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)}\">"
            + $"<saml:Issuer>{issuer}</saml:Issuer>{nameId}<samlp:SessionIndex>_session-1</samlp:SessionIndex></samlp:LogoutRequest>";

    /// <summary>
    /// An EncryptedID (Core §2.2.4) as Shibboleth writes it: the NameID under AES-256-GCM, the key wrapped with XML
    /// Encryption 1.1 RSA-OAEP, DigestMethod SHA-256 and no MGF element (so MGF1 with SHA-1).
    /// </summary>
    private static string EncryptedId(string nameId, RSA pool)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(12);
        var plain = Encoding.UTF8.GetBytes($"<saml:NameID xmlns:saml=\"{SamlResponseValidator.AssertionNs}\" Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">{nameId}</saml:NameID>");
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using (var gcm = new AesGcm(key, 16))
        {
            gcm.Encrypt(iv, plain, cipher, tag);
        }

        var wrapped = RsaOaepTests.Encrypt(pool, key, HashAlgorithmName.SHA256, HashAlgorithmName.SHA1);
        return "<saml:EncryptedID><xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" Type=\"http://www.w3.org/2001/04/xmlenc#Element\">"
            + $"<xenc:EncryptionMethod Algorithm=\"{SamlAssertionDecryptor.Aes256Gcm}\"/><ds:KeyInfo><xenc:EncryptedKey>"
            + $"<xenc:EncryptionMethod Algorithm=\"{SamlAssertionDecryptor.RsaOaep11}\"><ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/></xenc:EncryptionMethod>"
            + $"<xenc:CipherData><xenc:CipherValue>{Convert.ToBase64String(wrapped)}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>"
            + $"<xenc:CipherData><xenc:CipherValue>{Convert.ToBase64String([.. iv, .. cipher, .. tag])}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml:EncryptedID>";
    }

    /// <summary>The HTTP-Redirect query of <paramref name="xml"/>, signed over its octets with RSA-SHA256 (Bindings §3.4.4.1).</summary>
    private static string RedirectQuery(string xml, RSA signer)
    {
        var query = "SAMLRequest=" + Uri.EscapeDataString(SamlRedirectMessageTests.Deflate(xml)) + "&RelayState=r&SigAlg=" + Uri.EscapeDataString(SignedXml.XmlDsigRSASHA256Url);
        return query + "&Signature=" + Uri.EscapeDataString(Convert.ToBase64String(signer.SignData(Encoding.UTF8.GetBytes(query), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)));
    }

    /// <summary>Replaces the assertion with an EncryptedAssertion as XML Encryption 1.1 writes it: AES-256-GCM, the key wrapped with RSA-OAEP SHA-256.</summary>
    private static string EncryptGcm(string responseXml, RSA pool)
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(responseXml);
        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("saml", SamlResponseValidator.AssertionNs);
        var assertion = (XmlElement)document.SelectSingleNode("//saml:Assertion", ns)!;
        var key = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(12);
        var plain = Encoding.UTF8.GetBytes(assertion.OuterXml);
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using (var gcm = new AesGcm(key, 16))
        {
            gcm.Encrypt(iv, plain, cipher, tag);
        }

        var wrapper = document.CreateElement("saml", "EncryptedAssertion", SamlResponseValidator.AssertionNs);
        wrapper.InnerXml = "<xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" xmlns:xenc11=\"http://www.w3.org/2009/xmlenc11#\" Type=\"http://www.w3.org/2001/04/xmlenc#Element\">"
            + $"<xenc:EncryptionMethod Algorithm=\"{SamlAssertionDecryptor.Aes256Gcm}\"/><ds:KeyInfo><xenc:EncryptedKey>"
            + $"<xenc:EncryptionMethod Algorithm=\"{SamlAssertionDecryptor.RsaOaep11}\"><ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><xenc11:MGF Algorithm=\"{SamlAssertionDecryptor.Mgf1Sha256}\"/></xenc:EncryptionMethod>"
            + $"<xenc:CipherData><xenc:CipherValue>{Convert.ToBase64String(pool.Encrypt(key, RSAEncryptionPadding.OaepSHA256))}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>"
            + $"<xenc:CipherData><xenc:CipherValue>{Convert.ToBase64String([.. iv, .. cipher, .. tag])}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData>";
        assertion.ParentNode!.ReplaceChild(wrapper, assertion);
        return Encode(document.OuterXml);
    }

    [Fact]
    public void ValidateLogoutResponse_SignedSuccessForOurRequest_Passes()
        => Should.NotThrow(() => SamlResponseValidator.ValidateLogoutResponse(SignRoot(LogoutResponse(RequestId, "Success")), Expect()));

    [Theory]
    [InlineData("_request-2", "Success", "not for this sign-in")]
    [InlineData(RequestId, "Requester", "did not sign the user out")]
    public void ValidateLogoutResponse_OtherRequestOrFailure_Refused(string inResponseTo, string status, string message)
        => Refused(SignRoot(LogoutResponse(inResponseTo, status)), Expect(), message, SamlResponseValidator.ValidateLogoutResponse);

    [Fact]
    public void ValidateLogoutResponse_ChangedAfterSigning_Refused()
        => Refused(Tamper(SignRoot(LogoutResponse(RequestId, "Success")), x => x.Replace("Destination=", "Consent=\"x\" Destination=", StringComparison.Ordinal)), Expect(), "matches no certificate",
            SamlResponseValidator.ValidateLogoutResponse);

    private static string LogoutResponse(string inResponseTo, string status)
        => "<samlp:LogoutResponse xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" "
            + $"ID=\"_logout-1\" Version=\"2.0\" IssueInstant=\"2026-12-07T10:00:00Z\" Destination=\"{Acs}\" InResponseTo=\"{inResponseTo}\">"
            + $"<saml:Issuer>{Idp}</saml:Issuer><samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:{status}\"/></samlp:Status></samlp:LogoutResponse>";

    private string SignRoot(string xml)
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(xml);
        SignElement(document.DocumentElement!, SignedXml.XmlDsigRSASHA256Url);
        return Encode(document.OuterXml);
    }

    /// <summary>Replaces the assertion with an EncryptedAssertion: AES-256-CBC data, its key wrapped for <paramref name="pool"/>.</summary>
    private static string Encrypt(string responseXml, RSA pool, string keyTransport)
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(responseXml);
        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("saml", SamlResponseValidator.AssertionNs);
        var assertion = (XmlElement)document.SelectSingleNode("//saml:Assertion", ns)!;
        using var aes = Aes.Create();
        aes.KeySize = 256;
        var data = new EncryptedData
        {
            Type = EncryptedXml.XmlEncElementUrl,
            EncryptionMethod = new EncryptionMethod(EncryptedXml.XmlEncAES256Url),
            CipherData = new CipherData(new EncryptedXml().EncryptData(assertion, aes, false)),
        };
        var key = new EncryptedKey
        {
            EncryptionMethod = new EncryptionMethod(keyTransport),
            CipherData = new CipherData(EncryptedXml.EncryptKey(aes.Key, pool, keyTransport == EncryptedXml.XmlEncRSAOAEPUrl)),
        };
        data.KeyInfo.AddClause(new KeyInfoEncryptedKey(key));
        var wrapper = document.CreateElement("saml", "EncryptedAssertion", SamlResponseValidator.AssertionNs);
        wrapper.AppendChild(document.ImportNode(data.GetXml(), true));
        assertion.ParentNode!.ReplaceChild(wrapper, assertion);
        return Encode(document.OuterXml);
    }

    private SamlExpectations Expect() => new(Idp, [certificate], Audience, Acs, RequestId, Now);

    private static void Refused(string samlResponse, SamlExpectations expect, string message, Action<string, SamlExpectations>? validate = null)
    {
        var error = Should.Throw<FederationException>(() => (validate ?? ((r, e) => SamlResponseValidator.Validate(r, e)))(samlResponse, expect));
        error.Error.ShouldBe("invalid_request");
        $"{error.Message} ({error.Detail})".ShouldContain(message);
    }

    private static string Response(string nameId = "ada", string assertionId = "_assertion-1", string audience = Audience, string? inResponseTo = RequestId)
    {
        var reply = inResponseTo is null ? string.Empty : $" InResponseTo=\"{inResponseTo}\"";
        var notBefore = Now.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var until = Now.AddMinutes(5).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        return "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" "
            + $"ID=\"_response-1\" Version=\"2.0\" IssueInstant=\"{notBefore}\" Destination=\"{Acs}\"{reply}>"
            + $"<saml:Issuer>{Idp}</saml:Issuer><samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>"
            + $"<saml:Assertion ID=\"{assertionId}\" Version=\"2.0\" IssueInstant=\"{notBefore}\"><saml:Issuer>{Idp}</saml:Issuer>"
            + $"<saml:Subject><saml:NameID>{nameId}</saml:NameID><saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
            + $"<saml:SubjectConfirmationData NotOnOrAfter=\"{until}\" Recipient=\"{Acs}\"{reply}/></saml:SubjectConfirmation></saml:Subject>"
            + $"<saml:Conditions NotBefore=\"{notBefore}\" NotOnOrAfter=\"{until}\"><saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>"
            + $"<saml:AuthnStatement AuthnInstant=\"{notBefore}\" SessionIndex=\"_session-1\"/>"
            + "<saml:AttributeStatement><saml:Attribute Name=\"email\"><saml:AttributeValue>ada@corp.example</saml:AttributeValue></saml:Attribute>"
            + "<saml:Attribute Name=\"groups\"><saml:AttributeValue>staff</saml:AttributeValue><saml:AttributeValue>admins</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>"
            + "</saml:Assertion></samlp:Response>";
    }

    /// <summary>Signs the assertion and/or the response as an IdP does: enveloped, exclusive C14N, placed after the Issuer.</summary>
    private string Sign(string xml, bool signResponse = false, bool signAssertion = true, string algorithm = SignedXml.XmlDsigRSASHA256Url)
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(xml);
        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("saml", SamlResponseValidator.AssertionNs);
        if (signAssertion)
        {
            SignElement((XmlElement)document.SelectSingleNode("//saml:Assertion", ns)!, algorithm);
        }

        if (signResponse)
        {
            SignElement(document.DocumentElement!, algorithm);
        }

        return Encode(document.OuterXml);
    }

    private void SignElement(XmlElement element, string algorithm)
    {
        var signed = new SignedXml(element) { SigningKey = key };
        signed.SignedInfo!.SignatureMethod = algorithm;
        signed.SignedInfo.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        var reference = new Reference("#" + element.GetAttribute("ID"))
        {
            DigestMethod = algorithm == SignedXml.XmlDsigRSASHA1Url ? SignedXml.XmlDsigSHA1Url : SignedXml.XmlDsigSHA256Url,
        };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signed.AddReference(reference);
        signed.ComputeSignature();
        var issuer = element.ChildNodes.OfType<XmlElement>().First(e => e.LocalName == "Issuer");
        element.InsertAfter(element.OwnerDocument.ImportNode(signed.GetXml(), true), issuer);
    }

    private static string Encode(string xml) => Convert.ToBase64String(Encoding.UTF8.GetBytes(xml));

    private static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));

    private static string Tamper(string base64, Func<string, string> change) => Encode(change(Decode(base64)));
}
