// SPDX-License-Identifier: Apache-2.0
// A real SAML 2.0 identity provider for the federation suites, built on the npm package `samlify` (with the offline
// xmllint-wasm schema validator): it publishes metadata, takes AuthnRequests with the HTTP-Redirect binding (validated
// against the SAML schema), shows a login form, and answers with a signed Response through the HTTP-POST binding.
// `tamper` lets a test change the response before it is signed, and `sign: false` sends it unsigned. For single logout
// it answers the pool's LogoutRequests and starts its own (IdP-initiated, HTTP-POST or HTTP-Redirect, the NameID plain or
// as an EncryptedID), taking the pool's LogoutResponse.
import http from 'node:http';
import { X509Certificate, constants, createCipheriv, publicEncrypt, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import samlify from 'samlify';
import * as validator from '@authenio/samlify-xmllint-wasm';

samlify.setSchemaValidator(validator);

const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

/** A fresh RSA key and self-signed certificate (PEM), made with the openssl CLI. */
export function makeKeyPair(cn = 'saml-idp.test') {
  const dir = mkdtempSync(join(tmpdir(), 'saml-idp-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2', '-subj', `/CN=${cn}`,
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { privateKey: readFileSync(join(dir, 'key.pem'), 'utf8'), certificate: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A base64 DER certificate (GetSigningCertificate's answer) as PEM. */
const pem = (der) => `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g).join('\n')}\n-----END CERTIFICATE-----\n`;

const escape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An EncryptedID (SAML Core §2.2.4) for `nameId`, encrypted for the base64 DER `certificate` by node:crypto: the NameID
 * under AES-256-GCM (XML Encryption 1.1), its key wrapped with `xmlenc11#rsa-oaep`, SHA-256 and MGF1-SHA-256 (OpenSSL's
 * MGF1 digest follows `oaepHash`).
 */
function encryptedId(nameId, certificate) {
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const xml = `<saml:NameID xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${escape(nameId)}</saml:NameID>`;
  const data = Buffer.concat([iv, cipher.update(xml, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
  const wrapped = publicEncrypt({ key: new X509Certificate(pem(certificate)).publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, key).toString('base64');
  return '<saml:EncryptedID><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Type="http://www.w3.org/2001/04/xmlenc#Element">'
    + '<xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"/><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><xenc:EncryptedKey>'
    + '<xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#rsa-oaep"><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>'
    + '<xenc11:MGF xmlns:xenc11="http://www.w3.org/2009/xmlenc11#" Algorithm="http://www.w3.org/2009/xmlenc11#mgf1sha256"/></xenc:EncryptionMethod>'
    + `<xenc:CipherData><xenc:CipherValue>${wrapped}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>`
    + `<xenc:CipherData><xenc:CipherValue>${data}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml:EncryptedID>`;
}

/**
 * Starts the IdP on 127.0.0.1. Each service provider (a user pool) is registered with `addServiceProvider(poolId, acs)`.
 * `options.users` maps a login to its attributes. Returns { url, metadataUrl, metadata, requests, setBehaviour, close }.
 */
export async function startSamlIdp({ users = {} } = {}) {
  const keys = makeKeyPair();
  let base = '';
  let behaviour = {};
  const requests = [];
  const logouts = [];
  const logoutResponses = [];
  const sps = new Map();
  let idp;

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, base);
      if (url.pathname === '/metadata') {
        res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' });
        res.end(idp.getMetadata());
        return;
      }

      if (url.pathname === '/slo' && req.method === 'GET' && url.searchParams.has('SAMLResponse')) {
        // The pool's answer to an IdP-initiated LogoutRequest: samlify checks its signature with the pool's certificate.
        const { xml, query, octetString, sp } = redirected(url, 'SAMLResponse');
        const { extract } = await idp.parseLogoutResponse(sp, 'redirect', { query, octetString });
        logoutResponses.push({ xml, query, extract });
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!DOCTYPE html><title>Signed out</title><h1 id="idpSignedOut">Signed out everywhere</h1>');
        return;
      }

      if (url.pathname === '/slo' && req.method === 'GET') {
        // A signed LogoutRequest (samlify checks the signature with the pool's certificate), answered by a signed
        // LogoutResponse posted to the pool's /saml2/logout.
        const { xml, query, octetString, sp } = redirected(url);
        const { extract } = await idp.parseLogoutRequest(sp, 'redirect', { query, octetString });
        logouts.push({ xml, query, extract });
        const { context, entityEndpoint, relayState } = idp.createLogoutResponse(sp, { extract }, 'post', query.RelayState ?? '');
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<!DOCTYPE html><title>Signed out</title><form method="post" action="${escape(entityEndpoint)}">
          <input type="hidden" name="SAMLResponse" value="${escape(context)}"><input type="hidden" name="RelayState" value="${escape(relayState)}">
          <button type="submit" id="continue">Continue</button></form>`);
        return;
      }

      if (url.pathname === '/sso' && req.method === 'GET') {
        // samlify parses and schema-validates the AuthnRequest.
        const { xml, query, octetString, sp, issuer } = redirected(url);
        const { extract } = await idp.parseLoginRequest(sp, 'redirect', { query, octetString });
        requests.push({ xml, query, extract });
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<!DOCTYPE html><title>Test IdP</title><h1>Test IdP sign-in</h1><form method="post" action="/login">
          <input type="hidden" name="issuer" value="${escape(issuer)}"><input type="hidden" name="requestId" value="${escape(extract.request.id)}">
          <input type="hidden" name="relayState" value="${escape(query.RelayState ?? '')}">
          <input name="login"><button type="submit">Sign in</button></form>`);
        return;
      }

      if (url.pathname === '/login' && req.method === 'POST') {
        const body = new URLSearchParams(await new Promise((ok) => { let b = ''; req.on('data', (c) => { b += c; }); req.on('end', () => ok(b)); }));
        const form = await respond(body.get('issuer'), body.get('login'), body.get('requestId'), body.get('relayState'));
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(form);
        return;
      }

      res.writeHead(404).end();
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error?.stack ?? error));
    }
  });
  /** The HTTP-Redirect message of `url`, inflated, and the service provider its Issuer names. */
  function redirected(url, parameter = 'SAMLRequest') {
    const xml = inflateRawSync(Buffer.from(url.searchParams.get(parameter), 'base64')).toString('utf8');
    const issuer = /<saml:Issuer[^>]*>([^<]+)<\/saml:Issuer>/.exec(xml)?.[1];
    const sp = sps.get(issuer);
    if (!sp) throw new Error(`unknown SP ${issuer}`);
    const octetString = url.search.slice(1).split('&').filter((p) => !p.startsWith('Signature=')).join('&');
    return { xml, query: Object.fromEntries(url.searchParams), octetString, sp, issuer };
  }

  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}`;
  idp = samlify.IdentityProvider({
    entityID: `${base}/metadata`, privateKey: keys.privateKey, signingCert: keys.certificate, wantAuthnRequestsSigned: false,
    wantLogoutRequestSigned: true, singleLogoutService: [{ Binding: REDIRECT, Location: `${base}/slo` }],
    nameIDFormat: ['urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'],
    singleSignOnService: [{ Binding: REDIRECT, Location: `${base}/sso` }, { Binding: POST, Location: `${base}/sso` }],
  });

  /** The signed SAMLResponse (base64) for `login`, answering `requestId` (none: IdP-initiated). */
  async function samlResponse(issuer, login, requestId) {
    const sp = sps.get(issuer);
    if (!sp) throw new Error(`unknown SP ${issuer}`);
    const { acs } = sp.tessera;
    const user = users[login] ?? { email: `${login}@corp.example`, name: `User ${login}` };
    const now = new Date(Date.now() + (behaviour.shiftMs ?? 0));
    const later = new Date(now.getTime() + 5 * 60_000);
    const id = `_${Math.random().toString(36).slice(2)}${Date.now()}`;
    const assertionId = `_a${Math.random().toString(36).slice(2)}${Date.now()}`;
    const attributes = Object.entries(user).map(([name, value]) =>
      `<saml:Attribute Name="${escape(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic"><saml:AttributeValue xsi:type="xs:string">${escape(value)}</saml:AttributeValue></saml:Attribute>`).join('');
    let values = {
      ID: id, AssertionID: assertionId, Destination: acs, Audience: issuer, SubjectRecipient: acs, Issuer: idp.entityMeta.getEntityID(),
      IssueInstant: now.toISOString(), StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
      ConditionsNotBefore: now.toISOString(), ConditionsNotOnOrAfter: later.toISOString(), SubjectConfirmationDataNotOnOrAfter: later.toISOString(),
      NameIDFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent', NameID: login, InResponseTo: requestId ?? undefined,
      AuthnStatement: '@@AuthnStatement@@', AttributeStatement: '@@AttributeStatement@@',
    };
    // samlify escapes every value, so the two statements (XML) go in after the substitution.
    const statements = {
      AuthnStatement: `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="${id}-session"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`,
      AttributeStatement: attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '',
    };
    if (behaviour.values) values = { ...values, ...behaviour.values(values) };
    // EncryptedResponses: the signed assertion encrypted for the SP's certificate with RSA-OAEP and AES-256-CBC, or
    // with the XML Encryption 1.1 algorithm `encrypt` names (aes128-gcm, aes256-gcm).
    idp.entitySetting.isAssertionEncrypted = Boolean(behaviour.encrypt);
    idp.entitySetting.dataEncryptionAlgorithm = typeof behaviour.encrypt === 'string'
      ? `http://www.w3.org/2009/xmlenc11#${behaviour.encrypt}` : 'http://www.w3.org/2001/04/xmlenc#aes256-cbc';
    const { context } = await idp.createLoginResponse(sp, { extract: { request: { id: requestId } } }, 'post', {},
      (template) => ({ id, context: samlify.SamlLib.replaceTagsByValue(template, values)
        .replace('@@AuthnStatement@@', statements.AuthnStatement).replace('@@AttributeStatement@@', statements.AttributeStatement) }));
    let xml = Buffer.from(context, 'base64').toString('utf8');
    if (behaviour.tamper) xml = behaviour.tamper(xml);
    return Buffer.from(xml, 'utf8').toString('base64');
  }

  async function respond(issuer, login, requestId, relayState) {
    const response = await samlResponse(issuer, login, requestId);
    const { acs } = sps.get(issuer).tessera;
    return `<!DOCTYPE html><title>Posting to the service provider</title><form method="post" action="${escape(acs)}">
      <input type="hidden" name="SAMLResponse" value="${escape(response)}"><input type="hidden" name="RelayState" value="${escape(relayState ?? '')}">
      <button type="submit" id="continue">Continue</button></form>`;
  }

  return {
    url: base,
    metadataUrl: `${base}/metadata`,
    metadata: () => idp.getMetadata(),
    requests,
    logouts,
    logoutResponses,
    /**
     * Registers a user pool as a service provider: its entity id is Cognito's urn:amazon:cognito:sp:{poolId}. For single
     * logout, `signingCertificate` is the pool's (GetSigningCertificate) and `slo` its /saml2/logout.
     */
    addServiceProvider(poolId, acs, { signingCertificate, slo } = {}) {
      const entityID = `urn:amazon:cognito:sp:${poolId}`;
      const sp = samlify.ServiceProvider({ entityID, wantAssertionsSigned: true, wantMessageSigned: false, authnRequestsSigned: false,
        wantLogoutResponseSigned: true, wantLogoutRequestSigned: true, assertionConsumerService: [{ Binding: POST, Location: acs }],
        ...(slo ? { singleLogoutService: [{ Binding: POST, Location: slo }, { Binding: REDIRECT, Location: slo }] } : {}),
        ...(signingCertificate ? { signingCert: pem(signingCertificate), encryptCert: pem(signingCertificate) } : {}) });
      sp.tessera = { acs };
      sps.set(entityID, sp);
    },
    /** `{ tamper(xml), values(defaults), shiftMs, encrypt }` for the next responses; `{}` restores honest answers. */
    setBehaviour(next) { behaviour = next; },
    /** An HTML page that posts an IdP-initiated (unsolicited) response for `login` to the pool's ACS with `relayState`. */
    unsolicited: (poolId, login, relayState) => respond(`urn:amazon:cognito:sp:${poolId}`, login, undefined, relayState),
    /** An HTML page that posts a signed IdP-initiated LogoutRequest for `login` to the pool's /saml2/logout. */
    idpLogout(poolId, login, relayState = '') {
      const sp = sps.get(`urn:amazon:cognito:sp:${poolId}`);
      const { context, entityEndpoint } = idp.createLogoutRequest(sp, 'post', { logoutNameID: login }, relayState);
      return `<!DOCTYPE html><title>Signing out</title><form method="post" action="${escape(entityEndpoint)}">
        <input type="hidden" name="SAMLRequest" value="${escape(context)}"><input type="hidden" name="RelayState" value="${escape(relayState)}">
        <button type="submit" id="continue">Continue</button></form>`;
    },
    /**
     * The URL of a LogoutRequest for `login` with the HTTP-Redirect binding to the pool's /saml2/logout, signed over the
     * query string by samlify (RSA-SHA256). With `encryptFor` (the pool's certificate, base64 DER) the NameID is sent as
     * an EncryptedID instead.
     */
    idpLogoutRedirect(poolId, login, relayState = '', { encryptFor } = {}) {
      const sp = sps.get(`urn:amazon:cognito:sp:${poolId}`);
      const replace = encryptFor ? (template, tags) => ({ id: tags.ID, context: samlify.SamlLib.replaceTagsByValue(template, tags)
        .replace(/<saml:NameID[^>]*>[^<]*<\/saml:NameID>/, encryptedId(login, encryptFor)).replace(/<samlp:SessionIndex>[^<]*<\/samlp:SessionIndex>/, '') }) : undefined;
      return idp.createLogoutRequest(sp, 'redirect', { logoutNameID: login }, relayState, replace).context;
    },
    samlResponse: (poolId, login, requestId) => samlResponse(`urn:amazon:cognito:sp:${poolId}`, login, requestId),
    close: () => new Promise((ok) => server.close(ok)),
  };
}
