// SPDX-License-Identifier: Apache-2.0
// Sign in through a SAML 2.0 identity provider in Chromium: a real IdP built on the npm package `samlify` (lib/saml-idp.mjs).
// The app starts at /oauth2/authorize; Tessera sends an AuthnRequest (HTTP-Redirect), the user signs in at the IdP, which
// posts a signed Response to /saml2/idpresponse; the app gets a code, the tokens verify with aws-jwt-verify and buy AWS
// credentials. Then the answers Tessera must refuse, each on its error page without creating a user: a bad signature,
// a wrapped assertion, another audience, an expired assertion, a replayed one, and an unsolicited one without IDPInit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import * as oidc from 'openid-client';
import {
  CreateUserPoolDomainCommand, CreateUserPoolClientCommand, CreateIdentityProviderCommand, AdminGetUserCommand, ListUsersCommand,
  AdminListGroupsForUserCommand, UpdateIdentityProviderCommand, GetSigningCertificateCommand, DescribeIdentityProviderCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool } from '../lib/fixtures.mjs';
import { startCallbackServer, pkcePair, launchChromium, exchangeCode } from '../lib/hosted-ui.mjs';
import { callerArnForIdToken } from '../lib/identity-pool.mjs';
import { startSamlIdp } from '../lib/saml-idp.mjs';

let tessera; let idp; let cb; let browser; let saml;

before(async () => {
  tessera = await startTessera();
  idp = idpClient(tessera.url);
  cb = await startCallbackServer();
  browser = await launchChromium();
  saml = await startSamlIdp();
});
after(async () => {
  await browser?.close();
  await cb?.close();
  await saml?.close();
  await tessera?.stop();
});

/** A pool with a domain, the SAML provider Corp (metadata by URL) and a client that offers it. */
async function samlPool(details = {}, mapping = { email: 'email', name: 'name' }) {
  const pool = await createPool(idp, { Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }] });
  const domain = `saml${randomBytes(5).toString('hex')}`;
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain }));
  const auth = `${tessera.url}/auth/${domain}`;
  const { Certificate } = await idp.send(new GetSigningCertificateCommand({ UserPoolId: pool.Id }));
  saml.addServiceProvider(pool.Id, `${auth}/saml2/idpresponse`, { signingCertificate: Certificate, slo: `${auth}/saml2/logout` });
  await idp.send(new CreateIdentityProviderCommand({
    UserPoolId: pool.Id, ProviderName: 'Corp', ProviderType: 'SAML',
    ProviderDetails: { MetadataURL: saml.metadataUrl, ...details },
    AttributeMapping: mapping,
  }));
  const { UserPoolClient: client } = await idp.send(new CreateUserPoolClientCommand({
    UserPoolId: pool.Id, ClientName: 'web', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: ['openid', 'email', 'profile'], CallbackURLs: [cb.callback], LogoutURLs: [cb.signedOut], SupportedIdentityProviders: ['COGNITO', 'Corp'],
  }));
  return { pool, client, auth };
}

function authorizeUrl(auth, client, challenge, extra = {}) {
  return `${auth}/oauth2/authorize?${new URLSearchParams({
    response_type: 'code', client_id: client.ClientId, redirect_uri: cb.callback, scope: 'openid email profile', state: 'app-state-1',
    code_challenge: challenge, code_challenge_method: 'S256', ...extra })}`;
}

/** Signs in at the test IdP's form and lets its page post the answer to Tessera; stops wherever that ends. */
async function signInAtIdp(page, login) {
  assert.ok(page.url().startsWith(`${saml.url}/sso`), `IdP expected, at ${page.url()}`);
  await page.fill('input[name="login"]', login);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  await Promise.all([page.waitForNavigation(), page.click('#continue')]);
}

const exchange = (auth, client, code, verifier) => exchangeCode(auth, client, cb, code, verifier);

test('Sign in with a SAML IdP: AuthnRequest, signed assertion, code at the app; tokens verify and buy AWS credentials', async () => {
  const { pool, client, auth } = await samlPool();
  const context = await browser.newContext();
  const page = await context.newPage();
  const { verifier, challenge } = pkcePair();
  await page.goto(authorizeUrl(auth, client, challenge));
  await Promise.all([page.waitForNavigation(), page.click('text=Sign in with Corp')]);

  // The AuthnRequest as samlify read (and schema-validated) it.
  const request = saml.requests.at(-1);
  assert.match(request.xml, new RegExp(`<saml:Issuer>urn:amazon:cognito:sp:${pool.Id}</saml:Issuer>`));
  assert.equal(request.extract.request.assertionConsumerServiceUrl, `${auth}/saml2/idpresponse`);
  assert.match(request.query.RelayState, /^[A-Za-z0-9_-]{43}$/, 'Tessera sends its own random state as RelayState');

  await signInAtIdp(page, 'ada');
  assert.ok(page.url().startsWith(cb.callback), `callback expected, at ${page.url()}`);
  const params = new URL(page.url()).searchParams;
  assert.equal(params.get('state'), 'app-state-1');
  const tokens = await exchange(auth, client, params.get('code'), verifier);

  const poolIssuer = `${tessera.url}/${pool.Id}`;
  const idVerifier = JwtRsaVerifier.create({ issuer: poolIssuer, audience: client.ClientId, tokenUse: 'id', jwksUri: `${poolIssuer}/.well-known/jwks.json` });
  idVerifier.cacheJwks(await (await fetch(`${poolIssuer}/.well-known/jwks.json`)).json());
  const id = await idVerifier.verify(tokens.id_token);
  assert.equal(id['cognito:username'], 'Corp_ada');
  assert.equal(id.email, 'ada@corp.example');
  assert.equal(id.name, 'User ada');
  assert.deepEqual(id['cognito:groups'], [`${pool.Id}_Corp`]);
  assert.equal(id.identities[0].providerType, 'SAML');
  assert.equal(id.identities[0].providerName, 'Corp');
  assert.equal(id.identities[0].userId, 'ada');
  const user = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'Corp_ada' }));
  assert.equal(user.UserStatus, 'EXTERNAL_PROVIDER');
  const groups = await idp.send(new AdminListGroupsForUserCommand({ UserPoolId: pool.Id, Username: 'Corp_ada' }));
  assert.deepEqual(groups.Groups.map((g) => g.GroupName), [`${pool.Id}_Corp`]);

  // GetId → GetCredentialsForIdentity → STS GetCallerIdentity.
  assert.equal(await callerArnForIdToken(tessera.url, pool.Id, client.ClientId, tokens.id_token, 'saml'), 'arn:aws:sts::000000000000:assumed-role/saml/CognitoIdentityCredentials');
  await context.close();
});

test('refused answers: bad signature, wrapped assertion, another audience, expired; each an error page and no user', async () => {
  const { pool, client, auth } = await samlPool();
  const cases = [
    ['changed after signing', { tamper: (xml) => xml.replace('>eve<', '>mallory<') }, /signature is not valid/],
    ['a second, unsigned assertion', { tamper: (xml) => xml.replace('</samlp:Response>',
      `${/<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)[0].replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '').replace(/ID="[^"]+"/, 'ID="_evil"').replace('>eve<', '>mallory<')}</samlp:Response>`) },
    /exactly one assertion/],
    ['another audience', { values: () => ({ Audience: 'urn:amazon:cognito:sp:us-east-1_Other' }) }, /for another service/],
    ['expired', { shiftMs: -20 * 60_000 }, /has expired/],
  ];
  for (const [name, behaviour, message] of cases) {
    saml.setBehaviour(behaviour);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(authorizeUrl(auth, client, pkcePair().challenge, { identity_provider: 'Corp' }));
    const answer = page.waitForResponse((r) => r.url().endsWith('/saml2/idpresponse'));
    await signInAtIdp(page, 'eve');
    assert.equal((await answer).status(), 400, name);
    assert.ok(page.url().startsWith(auth), `${name}: Tessera's error page expected, at ${page.url()}`);
    assert.match(await page.content(), message, name);
    await context.close();
  }
  saml.setBehaviour({});
  assert.deepEqual((await idp.send(new ListUsersCommand({ UserPoolId: pool.Id }))).Users, []);
});

test('IdP-initiated: refused without IDPInit; with it the app gets a code, and the same assertion cannot be used twice', async () => {
  const { pool, client, auth } = await samlPool();
  const relayState = new URLSearchParams({ identity_provider: 'Corp', client_id: client.ClientId, redirect_uri: cb.callback, response_type: 'code', scope: 'openid email' }).toString();
  const post = (response) => fetch(`${auth}/saml2/idpresponse`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ SAMLResponse: response, RelayState: relayState }),
  });

  const unsolicited = await post(await saml.samlResponse(pool.Id, 'ivan'));
  assert.equal(unsolicited.status, 400);
  assert.match(await unsolicited.text(), /does not allow IdP-initiated sign-in/);
  assert.deepEqual((await idp.send(new ListUsersCommand({ UserPoolId: pool.Id }))).Users, []);

  await idp.send(new UpdateIdentityProviderCommand({ UserPoolId: pool.Id, ProviderName: 'Corp', ProviderDetails: { MetadataURL: saml.metadataUrl, IDPInit: 'true' } }));
  const response = await saml.samlResponse(pool.Id, 'ivan');
  const accepted = await post(response);
  assert.equal(accepted.status, 302, await accepted.clone().text());
  const location = new URL(accepted.headers.get('location'));
  assert.equal(`${location.origin}${location.pathname}`, cb.callback);
  assert.ok(location.searchParams.get('code'));

  const replayed = await post(response);
  assert.equal(replayed.status, 400);
  assert.match(await replayed.text(), /already been used/);
  // An answer that claims to reply to a request is not unsolicited.
  const solicited = await post(await saml.samlResponse(pool.Id, 'ivan', '_not-ours'));
  assert.equal(solicited.status, 400);
  assert.deepEqual((await idp.send(new ListUsersCommand({ UserPoolId: pool.Id }))).Users.map((u) => u.Username), ['Corp_ivan']);
});

test('openid-client as the relying party: identity_provider=Corp through the SAML IdP, nonce and PKCE checked, userInfo', async () => {
  const { pool, client } = await samlPool();
  const config = await oidc.discovery(new URL(`${tessera.url}/${pool.Id}`), client.ClientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, { redirect_uri: cb.callback, scope: 'openid email profile', identity_provider: 'Corp',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', nonce, state });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url.href);
  await signInAtIdp(page, 'olga');
  assert.ok(page.url().startsWith(cb.callback), `callback expected, at ${page.url()}`);

  const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: verifier, expectedNonce: nonce, expectedState: state, idTokenExpected: true });
  const claims = tokens.claims();
  assert.equal(claims['cognito:username'], 'Corp_olga');
  assert.equal(claims.nonce, nonce);
  const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
  assert.equal(info.email, 'olga@corp.example');
  assert.equal(info.username, 'Corp_olga');
  await context.close();
});

test('single logout: with IDPSignout, /logout sends a signed LogoutRequest to the IdP; its LogoutResponse ends at the app', async () => {
  const { client, auth } = await samlPool({ IDPSignout: 'true' });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(authorizeUrl(auth, client, pkcePair().challenge, { identity_provider: 'Corp' }));
  await signInAtIdp(page, 'lena');
  assert.ok(page.url().startsWith(cb.callback), `callback expected, at ${page.url()}`);

  await page.goto(`${auth}/logout?${new URLSearchParams({ client_id: client.ClientId, logout_uri: cb.signedOut })}`);
  assert.ok(page.url().startsWith(`${saml.url}/slo`), `the IdP's SingleLogoutService expected, at ${page.url()}`);
  // samlify verified the signature with the pool's certificate; the request names the user's NameID and IdP session.
  const request = saml.logouts.at(-1);
  assert.equal(request.query.SigAlg, 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
  assert.match(request.xml, /<saml:NameID>lena<\/saml:NameID>/);
  assert.match(request.xml, /<samlp:SessionIndex>[^<]+-session<\/samlp:SessionIndex>/);
  const answer = page.waitForRequest((r) => r.url().endsWith('/saml2/logout'));
  await Promise.all([page.waitForURL(`${cb.signedOut}**`), page.click('#continue')]);

  // The hosted-UI session is over: the login page asks again. The LogoutResponse cannot be used twice.
  await page.goto(authorizeUrl(auth, client, pkcePair().challenge));
  assert.match(new URL(page.url()).pathname, /\/login$/);
  const replay = await fetch(`${auth}/saml2/logout`, { method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: (await answer).postData() });
  assert.equal(replay.status, 400);
  await context.close();
});

test('EncryptedResponses: the IdP encrypts the signed assertion for the pool certificate; Tessera decrypts and verifies it', async () => {
  const { pool, client, auth } = await samlPool({ EncryptedResponses: 'true' });
  const { IdentityProvider: described } = await idp.send(new DescribeIdentityProviderCommand({ UserPoolId: pool.Id, ProviderName: 'Corp' }));
  const { Certificate } = await idp.send(new GetSigningCertificateCommand({ UserPoolId: pool.Id }));
  assert.equal(described.ProviderDetails.ActiveEncryptionCertificate, Certificate);
  saml.setBehaviour({ encrypt: true });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const posted = page.waitForRequest((r) => r.url().endsWith('/saml2/idpresponse'));
    await page.goto(authorizeUrl(auth, client, pkcePair().challenge, { identity_provider: 'Corp' }));
    await signInAtIdp(page, 'erin');
    const response = Buffer.from(new URLSearchParams((await posted).postData()).get('SAMLResponse'), 'base64').toString('utf8');
    assert.match(response, /EncryptedAssertion/);
    assert.doesNotMatch(response, /erin@corp\.example/);
    assert.ok(page.url().startsWith(cb.callback), `callback expected, at ${page.url()}`);
    assert.equal((await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'Corp_erin' }))).UserAttributes.find((a) => a.Name === 'email').Value, 'erin@corp.example');
    await context.close();
  } finally {
    saml.setBehaviour({});
  }
});

test('EncryptedResponses with AES-128-GCM (XML Encryption 1.1), as samlify encrypts: decrypted and verified', async () => {
  const { pool, client, auth } = await samlPool({ EncryptedResponses: 'true' });
  saml.setBehaviour({ encrypt: 'aes128-gcm' });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const posted = page.waitForRequest((r) => r.url().endsWith('/saml2/idpresponse'));
    await page.goto(authorizeUrl(auth, client, pkcePair().challenge, { identity_provider: 'Corp' }));
    await signInAtIdp(page, 'gina');
    const response = Buffer.from(new URLSearchParams((await posted).postData()).get('SAMLResponse'), 'base64').toString('utf8');
    assert.match(response, /Algorithm="http:\/\/www\.w3\.org\/2009\/xmlenc11#aes128-gcm"/);
    assert.ok(page.url().startsWith(cb.callback), `callback expected, at ${page.url()}`);
    assert.equal((await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'Corp_gina' }))).UserAttributes.find((a) => a.Name === 'email').Value, 'gina@corp.example');
    await context.close();
  } finally {
    saml.setBehaviour({});
  }
});

test('sign-out started by the IdP: a signed LogoutRequest ends the user\'s sessions and is answered with a signed LogoutResponse', async () => {
  const { client, auth } = await samlPool({ IDPSignout: 'true' });
  const context = await browser.newContext();
  const page = await context.newPage();
  const { verifier, challenge } = pkcePair();
  await page.goto(authorizeUrl(auth, client, challenge, { identity_provider: 'Corp' }));
  await signInAtIdp(page, 'ivy');
  const tokens = await exchange(auth, client, new URL(page.url()).searchParams.get('code'), verifier);
  const refresh = () => fetch(`${auth}/oauth2/token`, { method: 'POST', body: new URLSearchParams({
    grant_type: 'refresh_token', client_id: client.ClientId, refresh_token: tokens.refresh_token }) });
  assert.equal((await refresh()).status, 200);

  // An unsigned request (the signature taken out) is refused and signs no one out.
  const signed = /name="SAMLRequest" value="([^"]+)"/.exec(saml.idpLogout(client.UserPoolId, 'ivy'))[1];
  const unsigned = Buffer.from(Buffer.from(signed, 'base64').toString('utf8').replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, ''), 'utf8').toString('base64');
  const refused = await fetch(`${auth}/saml2/logout`, { method: 'POST', body: new URLSearchParams({ SAMLRequest: unsigned }), redirect: 'manual' });
  assert.equal(refused.status, 400);
  assert.match(await refused.text(), /not signed/);
  assert.equal((await refresh()).status, 200);

  await page.setContent(saml.idpLogout(client.UserPoolId, 'ivy', 'idp-relay-1'));
  await Promise.all([page.waitForURL(`${saml.url}/slo?**`), page.click('#continue')]);
  await page.waitForSelector('#idpSignedOut');
  // samlify verified the LogoutResponse's signature with the pool's certificate; it answers the IdP's request.
  const answer = saml.logoutResponses.at(-1);
  assert.equal(answer.query.RelayState, 'idp-relay-1');
  assert.equal(answer.query.SigAlg, 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
  assert.match(answer.xml, /urn:oasis:names:tc:SAML:2\.0:status:Success/);
  assert.match(answer.xml, /InResponseTo="[^"]+"/);

  // The user's sessions are over: the refresh token no longer works, and the app's sign-in asks again.
  const after = await refresh();
  assert.equal(after.status, 400);
  assert.equal((await after.json()).error, 'invalid_grant');
  await page.goto(authorizeUrl(auth, client, pkcePair().challenge));
  assert.match(new URL(page.url()).pathname, /\/login$/);
  await context.close();
});

test('sign-out started by the IdP is refused when the provider has no IDPSignout', async () => {
  const { client, auth } = await samlPool();
  const signed = /name="SAMLRequest" value="([^"]+)"/.exec(saml.idpLogout(client.UserPoolId, 'ivy'))[1];
  const refused = await fetch(`${auth}/saml2/logout`, { method: 'POST', body: new URLSearchParams({ SAMLRequest: signed }), redirect: 'manual' });
  assert.equal(refused.status, 400);
  assert.match(await refused.text(), /IDPSignout is off/);
});

test('sign-out started by the IdP with the HTTP-Redirect binding: signed query string, an EncryptedID, username mapped from an attribute', async () => {
  const { pool, client, auth } = await samlPool({ IDPSignout: 'true' }, { username: 'email', email: 'email', name: 'name' });
  const { Certificate } = await idp.send(new GetSigningCertificateCommand({ UserPoolId: pool.Id }));
  const context = await browser.newContext();
  const page = await context.newPage();
  const { verifier, challenge } = pkcePair();
  await page.goto(authorizeUrl(auth, client, challenge, { identity_provider: 'Corp' }));
  await signInAtIdp(page, 'kim');
  const tokens = await exchange(auth, client, new URL(page.url()).searchParams.get('code'), verifier);
  // The username comes from the email attribute, not from the NameID (kim).
  assert.equal(JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url'))['cognito:username'], 'Corp_kim@corp.example');
  const refresh = () => fetch(`${auth}/oauth2/token`, { method: 'POST', body: new URLSearchParams({
    grant_type: 'refresh_token', client_id: client.ClientId, refresh_token: tokens.refresh_token }) });
  assert.equal((await refresh()).status, 200);

  const url = saml.idpLogoutRedirect(pool.Id, 'kim', 'idp-relay-2', { encryptFor: Certificate });
  assert.ok(url.startsWith(`${auth}/saml2/logout?SAMLRequest=`), url);
  const sent = inflateRawSync(Buffer.from(new URL(url).searchParams.get('SAMLRequest'), 'base64')).toString('utf8');
  assert.match(sent, /<saml:EncryptedID>/);
  assert.doesNotMatch(sent, /kim/);
  assert.equal(new URL(url).searchParams.get('SigAlg'), 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');

  // The query string is what is signed: another RelayState breaks it, and no one is signed out.
  const tampered = await fetch(url.replace('RelayState=idp-relay-2', 'RelayState=idp-relay-3'), { redirect: 'manual' });
  assert.equal(tampered.status, 400);
  assert.match(await tampered.text(), /signature is not valid/);
  // Sent other than through the user's browser, the request cannot be tied to the user (username is not the NameID):
  // it is answered, and signs no one out.
  const backChannel = await fetch(saml.idpLogoutRedirect(pool.Id, 'kim', '', { encryptFor: Certificate }), { redirect: 'manual' });
  assert.equal(backChannel.status, 302);
  assert.ok(backChannel.headers.get('location').startsWith(`${saml.url}/slo?SAMLResponse=`));
  assert.equal((await refresh()).status, 200);

  // Through the browser that signed in: its sealed SAML session names the user; the IdP gets a signed LogoutResponse.
  await page.goto(url);
  await page.waitForSelector('#idpSignedOut');
  const answer = saml.logoutResponses.at(-1);
  assert.equal(answer.query.RelayState, 'idp-relay-2');
  assert.match(answer.xml, /urn:oasis:names:tc:SAML:2\.0:status:Success/);
  const after = await refresh();
  assert.equal(after.status, 400);
  assert.equal((await after.json()).error, 'invalid_grant');
  await context.close();
});
