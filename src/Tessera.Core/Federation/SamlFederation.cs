// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Tessera.Core.Federation;

/// <summary>
/// The user pool as a SAML 2.0 service provider of a SAML IdP, as Cognito is one: SP-initiated sign-in sends an
/// AuthnRequest with the HTTP-Redirect binding, and the IdP answers at <c>/saml2/idpresponse</c> with the HTTP-POST
/// binding; IdP-initiated answers are taken only from providers with IDPInit.
/// </summary>
public sealed class SamlFederation(
    IIdentityProviderStore store, IdentityProviderService providers, FederatedUsers federatedUsers, Users.IUserStore users, Sessions.SessionService sessions, TimeProvider time)
{
    /// <summary>Cognito's SP entity id, the Audience every assertion must name: <c>urn:amazon:cognito:sp:{poolId}</c>.</summary>
    public static string SpEntityId(string poolId) => "urn:amazon:cognito:sp:" + poolId;

    /// <summary>The AuthnRequest ID of a sign-in: derived from its sealed state, so InResponseTo binds the answer to the browser.</summary>
    public static string RequestId(FederationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return "_" + state.Nonce;
    }

    /// <summary>
    /// The IdP's HTTP-Redirect single sign-on URL with a deflated AuthnRequest and <paramref name="state"/>'s state as
    /// RelayState; signed with the pool's SAML key (SAML Bindings §3.4.4.1) when the provider's RequestSigningAlgorithm is set.
    /// </summary>
    public async Task<string> AuthnRequestUrlAsync(IdentityProvider provider, string acsUrl, FederationState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(state);
        var metadata = Metadata(provider);
        var destination = metadata.SsoRedirectUrl
            ?? throw new FederationException("invalid_request", "The identity provider's metadata has no HTTP-Redirect sign-in endpoint.", "no SingleSignOnService with the HTTP-Redirect binding");
        XNamespace samlp = SamlResponseValidator.ProtocolNs;
        XNamespace saml = SamlResponseValidator.AssertionNs;
        var request = new XElement(samlp + "AuthnRequest",
            new XAttribute(XNamespace.Xmlns + "samlp", samlp.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "saml", saml.NamespaceName),
            new XAttribute("ID", RequestId(state)),
            new XAttribute("Version", "2.0"),
            new XAttribute("IssueInstant", Instant()),
            new XAttribute("Destination", destination),
            new XAttribute("AssertionConsumerServiceURL", acsUrl),
            new XAttribute("ProtocolBinding", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"),
            new XElement(saml + "Issuer", SpEntityId(provider.PoolId)),
            new XElement(samlp + "NameIDPolicy", new XAttribute("Format", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"), new XAttribute("AllowCreate", "true")));
        return await RedirectUrlAsync(provider, destination, "SAMLRequest", request, state.State, provider.Details.GetValueOrDefault("RequestSigningAlgorithm") == "rsa-sha256", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Single logout (Cognito's "SAML sign-out flow"): the IdP's HTTP-Redirect SingleLogoutService with a LogoutRequest
    /// for the user's NameID and SessionIndex, always signed with the pool's key; null when the provider has no IDPSignout
    /// or its metadata no such endpoint.
    /// </summary>
    public async Task<string?> LogoutRequestUrlAsync(IdentityProvider provider, SamlSession session, FederationState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(state);
        if (provider.Details.GetValueOrDefault("IDPSignout") != "true" || Metadata(provider).SloRedirectUrl is not { } destination)
        {
            return null;
        }

        XNamespace samlp = SamlResponseValidator.ProtocolNs;
        XNamespace saml = SamlResponseValidator.AssertionNs;
        var request = new XElement(samlp + "LogoutRequest",
            new XAttribute(XNamespace.Xmlns + "samlp", samlp.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "saml", saml.NamespaceName),
            new XAttribute("ID", RequestId(state)),
            new XAttribute("Version", "2.0"),
            new XAttribute("IssueInstant", Instant()),
            new XAttribute("Destination", destination),
            new XElement(saml + "Issuer", SpEntityId(provider.PoolId)),
            new XElement(saml + "NameID", session.NameId),
            session.SessionIndex is null ? null : new XElement(samlp + "SessionIndex", session.SessionIndex));
        return await RedirectUrlAsync(provider, destination, "SAMLRequest", request, state.State, sign: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// IdP-initiated single logout (SAML 2.0 Profiles §4.4.4.1) with the HTTP-POST binding: the LogoutRequest must come from
    /// one of the pool's SAML providers with IDPSignout, signed by it; then every session of the user its NameID names ends
    /// (hosted-UI sessions and the refresh tokens they issued, as a global sign-out) and the answer is a signed
    /// LogoutResponse for the IdP's SingleLogoutService (HTTP-Redirect), or null when its metadata names none.
    /// <paramref name="browser"/> is the SAML session of the browser the request came through, if any (see <see cref="LogoutUsersAsync"/>).
    /// </summary>
    public Task<string?> IdpLogoutAsync(string poolId, string samlRequest, string? relayState, SamlSession? browser, string logoutUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samlRequest);
        return IdpLogoutAsync(poolId, SamlResponseValidator.IssuerOf(samlRequest), relayState, browser,
            expect => SamlResponseValidator.ValidateLogoutRequest(samlRequest, expect), logoutUrl, cancellationToken);
    }

    /// <summary>The same with the HTTP-Redirect binding (<c>GET /saml2/logout</c>), its signature on the query string (Bindings §3.4.4.1).</summary>
    public Task<string?> IdpLogoutAsync(string poolId, SamlRedirectMessage message, SamlSession? browser, string logoutUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return IdpLogoutAsync(poolId, SamlResponseValidator.IssuerOf(message), message.RelayState, browser,
            expect => SamlResponseValidator.ValidateLogoutRequest(message, expect), logoutUrl, cancellationToken);
    }

    private async Task<string?> IdpLogoutAsync(
        string poolId, string? issuer, string? relayState, SamlSession? browser, Func<SamlExpectations, SamlLogoutRequest> validate, string logoutUrl, CancellationToken cancellationToken)
    {
        if (issuer is null)
        {
            throw new FederationException("invalid_request", "The SAML sign-out request does not name its identity provider.", "LogoutRequest without Issuer");
        }

        IdentityProvider? provider = null;
        SamlIdpMetadata? metadata = null;
        foreach (var candidate in await store.ListAsync(poolId, cancellationToken).ConfigureAwait(false))
        {
            if (candidate.ProviderType == ProviderTypes.Saml && candidate.Metadata is { } xml && SamlIdpMetadata.TryParse(xml) is { } m && m.EntityId == issuer)
            {
                (provider, metadata) = (candidate, m);
                break;
            }
        }

        if (provider is null || metadata is null)
        {
            throw new FederationException("invalid_request", "The SAML sign-out request is from an unknown identity provider.", $"no SAML provider with entity id {issuer}");
        }

        if (provider.Details.GetValueOrDefault("IDPSignout") != "true")
        {
            throw new FederationException("invalid_request", "The identity provider may not sign users out of this user pool (IDPSignout is off).", $"{provider.ProviderName} without IDPSignout");
        }

        // An EncryptedID is encrypted for the pool's certificate, as assertions are (ActiveEncryptionCertificate).
        SamlLogoutRequest request;
        using (var decryptionKey = await providers.SamlSigningKeyAsync(poolId, cancellationToken).ConfigureAwait(false))
        {
            request = validate(new SamlExpectations(metadata.EntityId, metadata.SigningCertificates, SpEntityId(poolId), logoutUrl, null, time.GetUtcNow(), decryptionKey));
        }

        foreach (var user in await LogoutUsersAsync(provider, request.NameId, browser, cancellationToken).ConfigureAwait(false))
        {
            await sessions.EndAllAsync(user, Sessions.SessionEndReason.IdpLogout, cancellationToken).ConfigureAwait(false);
        }

        if (metadata.SloResponseRedirectUrl is not { } destination)
        {
            return null;
        }

        // Core §3.7.3.2: Success, also when no session was found (the user is signed out either way).
        XNamespace samlp = SamlResponseValidator.ProtocolNs;
        XNamespace saml = SamlResponseValidator.AssertionNs;
        var response = new XElement(samlp + "LogoutResponse",
            new XAttribute(XNamespace.Xmlns + "samlp", samlp.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "saml", saml.NamespaceName),
            new XAttribute("ID", "_" + Security.RandomIds.OpaqueToken(20)),
            new XAttribute("Version", "2.0"),
            new XAttribute("IssueInstant", Instant()),
            new XAttribute("Destination", destination),
            new XAttribute("InResponseTo", request.Id),
            new XElement(saml + "Issuer", SpEntityId(poolId)),
            new XElement(samlp + "Status", new XElement(samlp + "StatusCode", new XAttribute("Value", SamlResponseValidator.SuccessStatus))));
        return await RedirectUrlAsync(provider, destination, "SAMLResponse", response, relayState, sign: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The users a LogoutRequest for <paramref name="nameId"/> signs out: the user the sign-in made or found for that NameID
    /// when the provider maps <c>username</c> from it (the default; a native user linked to it included), and the user
    /// <paramref name="browser"/>'s sealed SAML session says that NameID signed in, which is how the user is found when
    /// <c>username</c> is mapped from another attribute (the front channel: the request comes through that browser).
    /// </summary>
    private async Task<IReadOnlyList<Users.User>> LogoutUsersAsync(IdentityProvider provider, string nameId, SamlSession? browser, CancellationToken cancellationToken)
    {
        var found = new List<Users.User>();
        if ((provider.AttributeMapping.GetValueOrDefault("username") ?? "sub") == "sub"
            && await federatedUsers.FindAsync(provider, nameId, cancellationToken).ConfigureAwait(false) is { } byNameId)
        {
            found.Add(byNameId);
        }

        if (browser is { UserId: { } id } && browser.PoolId == provider.PoolId && browser.ProviderName == provider.ProviderName && browser.NameId == nameId
            && found.All(u => u.Id != id) && await users.FindByIdAsync(provider.PoolId, id, cancellationToken).ConfigureAwait(false) is { } bySession)
        {
            found.Add(bySession);
        }

        return found;
    }

    /// <summary>Verifies the IdP's LogoutResponse to the LogoutRequest <paramref name="state"/> sent.</summary>
    public void CompleteLogout(IdentityProvider provider, string samlResponse, string logoutUrl, FederationState state)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(state);
        var metadata = Metadata(provider);
        SamlResponseValidator.ValidateLogoutResponse(samlResponse, new SamlExpectations(
            metadata.EntityId, metadata.SigningCertificates, SpEntityId(provider.PoolId), logoutUrl, RequestId(state), time.GetUtcNow()));
    }

    /// <summary>SAML Bindings §3.4.4: the message deflated and base64-encoded with its RelayState, signed per §3.4.4.1 when asked.</summary>
    private async Task<string> RedirectUrlAsync(IdentityProvider provider, string destination, string parameter, XElement message, string? relayState, bool sign, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(Encoding.UTF8.GetBytes(message.ToString(SaveOptions.DisableFormatting)));
        }

        var query = new StringBuilder()
            .Append(parameter).Append('=').Append(Uri.EscapeDataString(Convert.ToBase64String(buffer.ToArray())));
        if (!string.IsNullOrEmpty(relayState))
        {
            query.Append("&RelayState=").Append(Uri.EscapeDataString(relayState));
        }

        if (sign)
        {
            query.Append("&SigAlg=").Append(Uri.EscapeDataString(System.Security.Cryptography.Xml.SignedXml.XmlDsigRSASHA256Url));
            using var key = await providers.SamlSigningKeyAsync(provider.PoolId, cancellationToken).ConfigureAwait(false);
            var signature = key.SignData(Encoding.UTF8.GetBytes(query.ToString()), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            query.Append("&Signature=").Append(Uri.EscapeDataString(Convert.ToBase64String(signature)));
        }

        return destination + (destination.Contains('?', StringComparison.Ordinal) ? '&' : '?') + query;
    }

    private string Instant() => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>
    /// Verifies the IdP's answer (<see cref="SamlResponseValidator"/>) for the sign-in <paramref name="state"/> started, or,
    /// when it is null, as an unsolicited answer; then records the assertion so it cannot be used again. Returns the
    /// SAML attributes with the NameID as <c>sub</c>, the upstream user id attribute mapping reads by default, and the
    /// IdP session single logout names.
    /// </summary>
    public async Task<(Dictionary<string, string> Claims, SamlSession Session)> CompleteAsync(IdentityProvider provider, string samlResponse, string acsUrl, FederationState? state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var metadata = Metadata(provider);
        var now = time.GetUtcNow();
        // With EncryptedResponses the IdP encrypts for the pool's certificate (ActiveEncryptionCertificate).
        using var decryptionKey = provider.Details.GetValueOrDefault("EncryptedResponses") == "true"
            ? await providers.SamlSigningKeyAsync(provider.PoolId, cancellationToken).ConfigureAwait(false)
            : null;
        var assertion = SamlResponseValidator.Validate(samlResponse, new SamlExpectations(
            metadata.EntityId, metadata.SigningCertificates, SpEntityId(provider.PoolId), acsUrl, state is null ? null : RequestId(state), now, decryptionKey));

        var use = new SamlAssertionUse
        {
            PoolId = provider.PoolId,
            AssertionHash = SHA256.HashData(Encoding.UTF8.GetBytes(metadata.EntityId + "\n" + assertion.Id)),
            ExpiresAt = assertion.ValidUntil,
        };
        if (!await store.TryRecordAssertionAsync(use, now, cancellationToken).ConfigureAwait(false))
        {
            throw new FederationException("invalid_request", "The SAML assertion has already been used.", $"replayed assertion {assertion.Id}");
        }

        var claims = new Dictionary<string, string>(assertion.Attributes, StringComparer.Ordinal)
        {
            ["sub"] = assertion.NameId,
        };
        return (claims, new SamlSession(provider.PoolId, provider.ProviderName, assertion.NameId, assertion.SessionIndex));
    }

    private static SamlIdpMetadata Metadata(IdentityProvider provider)
        => provider.Metadata is { } xml && SamlIdpMetadata.TryParse(xml) is { } metadata
            ? metadata
            : throw new FederationException("invalid_request", "The identity provider's SAML metadata cannot be read.", $"{provider.ProviderName} has no usable metadata");
}
