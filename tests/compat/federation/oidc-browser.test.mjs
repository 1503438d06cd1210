// SPDX-License-Identifier: Apache-2.0
// Sign in through an upstream OpenID Connect provider in Chromium: a real `oidc-provider` (npm) is the IdP. The app
// starts at /oauth2/authorize, the user picks "Sign in with Corp" (or the app names the provider), signs in upstream,
// and lands on the app's callback with a code; the tokens are verified with aws-jwt-verify and the ID token buys AWS
// credentials from an identity pool. Then the ways it must fail: forged or replayed state, another browser, an upstream
// that refuses or is down, an unknown provider; none of them creates a user.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import {
  CreateUserPoolDomainCommand, CreateUserPoolClientCommand, CreateIdentityProviderCommand, AdminGetUserCommand, ListUsersCommand,
  AdminLinkProviderForUserCommand, AdminDisableProviderForUserCommand, AdminCreateUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera, freePort } from '../lib/server.mjs';
import { idpClient, createPool, rejectsWith } from '../lib/fixtures.mjs';
import { startCallbackServer, pkcePair, launchChromium, exchangeCode } from '../lib/hosted-ui.mjs';
import { callerArnForIdToken } from '../lib/identity-pool.mjs';
import { startOidcProvider, signInUpstream as signIn } from '../lib/oidc-upstream.mjs';

const UPSTREAM_SECRET = 'upstream-secret-of-tessera';
const domains = Array.from({ length: 5 }, () => `fed${randomBytes(5).toString('hex')}`);
let tessera; let idp; let cb; let browser; let upstream; let issuer;

before(async () => {
  tessera = await startTessera();
  idp = idpClient(tessera.url);
  cb = await startCallbackServer();
  browser = await launchChromium();
  upstream = await startOidcProvider({ port: await freePort(), secret: UPSTREAM_SECRET,
    redirectUris: domains.map((d) => `${tessera.url}/auth/${d}/oauth2/idpresponse`) });
  issuer = upstream.issuer;
});
after(async () => {
  await browser?.close();
  await cb?.close();
  await upstream?.close();
  await tessera?.stop();
});

/** A pool on one of the registered domains with the Corp OIDC provider and a client that offers it. */
async function federatedPool(domain, details = {}, { cognito = true } = {}) {
  const pool = await createPool(idp, { Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }] });
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain }));
  await idp.send(new CreateIdentityProviderCommand({
    UserPoolId: pool.Id, ProviderName: 'Corp', ProviderType: 'OIDC',
    ProviderDetails: { client_id: 'tessera', client_secret: UPSTREAM_SECRET, authorize_scopes: 'openid email profile', attributes_request_method: 'GET', oidc_issuer: issuer, ...details },
    AttributeMapping: { email: 'email', email_verified: 'email_verified', name: 'name' },
  }));
  const { UserPoolClient: client } = await idp.send(new CreateUserPoolClientCommand({
    UserPoolId: pool.Id, ClientName: 'web', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: ['openid', 'email', 'profile'], CallbackURLs: [cb.callback], SupportedIdentityProviders: cognito ? ['COGNITO', 'Corp'] : ['Corp'],
  }));
  return { pool, client, auth: `${tessera.url}/auth/${domain}` };
}

function authorizeUrl(auth, client, challenge, extra = {}) {
  return `${auth}/oauth2/authorize?${new URLSearchParams({
    response_type: 'code', client_id: client.ClientId, redirect_uri: cb.callback, scope: 'openid email profile', state: 'app-state-1',
    nonce: 'app-nonce-1', code_challenge: challenge, code_challenge_method: 'S256', ...extra })}`;
}

const signInUpstream = (page, login) => signIn(page, login, [cb.base, tessera.url]);

const callbackParams = (page) => new URL(page.url()).searchParams;

const exchange = (auth, client, code, verifier) => exchangeCode(auth, client, cb, code, verifier);

test('Sign in with Corp: the login page button, upstream sign-in, the app gets a code; tokens verify; the ID token buys AWS credentials', async () => {
  const { pool, client, auth } = await federatedPool(domains[0]);
  const context = await browser.newContext();
  const page = await context.newPage();
  const { verifier, challenge } = pkcePair();
  await page.goto(authorizeUrl(auth, client, challenge));
  assert.match(new URL(page.url()).pathname, /\/login$/);
  await Promise.all([page.waitForNavigation(), page.click('text=Sign in with Corp')]);
  assert.ok(page.url().startsWith(`${issuer}/`), `upstream expected, at ${page.url()}`);
  await signInUpstream(page, 'ada');

  assert.ok(page.url().startsWith(cb.callback), `callback expected, at ${page.url()}`);
  assert.equal(callbackParams(page).get('state'), 'app-state-1');
  const tokens = await exchange(auth, client, callbackParams(page).get('code'), verifier);

  const poolIssuer = `${tessera.url}/${pool.Id}`;
  const jwks = await (await fetch(`${poolIssuer}/.well-known/jwks.json`)).json();
  const idVerifier = JwtRsaVerifier.create({ issuer: poolIssuer, audience: client.ClientId, tokenUse: 'id', jwksUri: `${poolIssuer}/.well-known/jwks.json` });
  idVerifier.cacheJwks(jwks);
  const id = await idVerifier.verify(tokens.id_token);
  assert.equal(id['cognito:username'], 'Corp_ada');
  assert.equal(id.email, 'ada@corp.example');
  assert.equal(id.email_verified, true);
  assert.equal(id.name, 'User ada');
  assert.equal(id.nonce, 'app-nonce-1');
  assert.equal(id.identities.length, 1);
  assert.deepEqual({ ...id.identities[0], dateCreated: undefined }, { userId: 'ada', providerName: 'Corp', providerType: 'OIDC', issuer: null, primary: 'true', dateCreated: undefined });
  assert.match(id.identities[0].dateCreated, /^\d{13}$/);
  const accessVerifier = JwtRsaVerifier.create({ issuer: poolIssuer, audience: null, tokenUse: 'access', jwksUri: `${poolIssuer}/.well-known/jwks.json` });
  accessVerifier.cacheJwks(jwks);
  assert.equal((await accessVerifier.verify(tokens.access_token)).username, 'Corp_ada');

  const user = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'Corp_ada' }));
  assert.equal(user.UserStatus, 'EXTERNAL_PROVIDER');
  assert.equal(user.UserAttributes.find((a) => a.Name === 'email').Value, 'ada@corp.example');

  // The same person again, the app naming the provider: no login page, the same user.
  const again = pkcePair();
  await page.goto(authorizeUrl(auth, client, again.challenge, { identity_provider: 'Corp', state: 'app-state-2' }));
  await signInUpstream(page, 'ada');
  assert.equal(callbackParams(page).get('state'), 'app-state-2');
  const second = await exchange(auth, client, callbackParams(page).get('code'), again.verifier);
  assert.equal((await idVerifier.verify(second.id_token)).sub, id.sub);
  assert.equal((await idp.send(new ListUsersCommand({ UserPoolId: pool.Id }))).Users.length, 1);

  // GetId → GetCredentialsForIdentity → STS GetCallerIdentity, as for any user of the pool.
  assert.equal(await callerArnForIdToken(tessera.url, pool.Id, client.ClientId, second.id_token, 'federated'), 'arn:aws:sts::000000000000:assumed-role/federated/CognitoIdentityCredentials');
  await context.close();
});

test('a client without COGNITO shows only the provider; idp_identifier is not enough without the provider enabled', async () => {
  const { client, auth } = await federatedPool(domains[1], {}, { cognito: false });
  const page = await browser.newPage();
  await page.goto(authorizeUrl(auth, client, pkcePair().challenge));
  assert.equal(await page.locator('text=Sign in with Corp').count(), 1);
  assert.equal(await page.locator('input[name="password"]').count(), 0);
  const unknown = await fetch(authorizeUrl(auth, client, pkcePair().challenge, { identity_provider: 'Nope' }), { redirect: 'manual' });
  assert.equal(unknown.status, 400);
  assert.match(await unknown.text(), /does not exist or is not enabled/);
  await page.close();
});

test('forged, replayed or foreign state, an upstream refusal and an upstream that is down: clear errors, no user', async () => {
  const { pool, client, auth } = await federatedPool(domains[2]);

  // An answer carried to another browser, and a forged one, are refused on Tessera's page; the forged one also ends
  // this browser's pending sign-in, so the real answer that follows is refused too.
  const context = await browser.newContext();
  const page = await context.newPage();
  const answers = [];
  const sent = [];
  page.on('request', (r) => {
    if (r.url().includes('/oauth2/idpresponse')) answers.push(r.url());
    if (r.url().startsWith(`${issuer}/auth?`)) sent.push(r.url());
  });
  await page.goto(authorizeUrl(auth, client, pkcePair().challenge, { identity_provider: 'Corp' }));
  const upstreamLogin = page.url();
  const upstreamState = new URL(sent[0]).searchParams.get('state');
  assert.match(upstreamState, /^[A-Za-z0-9_-]{43}$/, 'Tessera sends its own random state upstream');
  assert.equal(new URL(sent[0]).searchParams.get('code_challenge_method'), 'S256');
  const other = await browser.newContext();
  const foreign = await (await other.newPage()).goto(`${auth}/oauth2/idpresponse?code=stolen&state=${encodeURIComponent(upstreamState)}`);
  assert.equal(foreign.status(), 400);
  assert.match(await foreign.text(), /started in another browser/);
  await other.close();
  const forged = await page.goto(`${auth}/oauth2/idpresponse?code=x&state=forged`);
  assert.equal(forged.status(), 400);
  await page.goto(upstreamLogin);
  await signInUpstream(page, 'bob');
  assert.ok(page.url().includes('/oauth2/idpresponse'), page.url());
  assert.match(await page.content(), /expired or was started in another browser/);

  // A complete sign-in, then its upstream answer replayed: refused.
  answers.length = 0;
  await page.goto(authorizeUrl(auth, client, pkcePair().challenge, { identity_provider: 'Corp' }));
  await signInUpstream(page, 'bob');
  assert.ok(page.url().startsWith(cb.callback), page.url());
  assert.equal(answers.length, 1);
  const replay = await page.goto(answers[0]);
  assert.equal(replay.status(), 400);

  // The user cancels at the provider: the app hears access_denied with its own state.
  const cancelPage = await context.newPage();
  await context.clearCookies();
  await cancelPage.goto(authorizeUrl(auth, client, pkcePair().challenge, { identity_provider: 'Corp', state: 'cancelled' }));
  await Promise.all([cancelPage.waitForNavigation(), cancelPage.click('text=[ Cancel ]')]);
  assert.ok(cancelPage.url().startsWith(cb.callback), cancelPage.url());
  assert.equal(callbackParams(cancelPage).get('error'), 'access_denied');
  assert.equal(callbackParams(cancelPage).get('state'), 'cancelled');
  await context.close();
  assert.deepEqual((await idp.send(new ListUsersCommand({ UserPoolId: pool.Id }))).Users.map((u) => u.Username), ['Corp_bob']);
});

test('an upstream token endpoint that is down: the app gets invalid_request, no user is created', async () => {
  const dead = `http://127.0.0.1:${await freePort()}`;
  const { pool, client, auth } = await federatedPool(domains[3], {
    authorize_url: `${issuer}/auth`, token_url: `${dead}/token`, attributes_url: `${dead}/me`, jwks_uri: `${dead}/jwks`,
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(authorizeUrl(auth, client, pkcePair().challenge, { identity_provider: 'Corp', state: 'down' }));
  await signInUpstream(page, 'carl');
  assert.ok(page.url().startsWith(cb.callback), page.url());
  assert.equal(callbackParams(page).get('error'), 'invalid_request');
  assert.equal(callbackParams(page).get('error_description'), 'The identity provider did not accept the sign-in.');
  assert.equal(callbackParams(page).get('state'), 'down');
  assert.deepEqual((await idp.send(new ListUsersCommand({ UserPoolId: pool.Id }))).Users, []);
  await context.close();
});

test('AdminLinkProviderForUser: the upstream identity signs in as the native user; AdminDisableProviderForUser undoes it', async () => {
  const { pool, client, auth } = await federatedPool(domains[4]);
  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'alice', MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }] }));
  const link = (value, username = 'alice') => idp.send(new AdminLinkProviderForUserCommand({ UserPoolId: pool.Id,
    DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: username },
    SourceUser: { ProviderName: 'Corp', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: value } }));
  await link('dora');
  await rejectsWith(link('eve', 'nobody'), 'UserNotFoundException');
  await rejectsWith(idp.send(new AdminLinkProviderForUserCommand({ UserPoolId: pool.Id,
    DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'alice' },
    SourceUser: { ProviderName: 'Nope', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'x' } })), 'InvalidParameterException');

  const context = await browser.newContext();
  const page = await context.newPage();
  const signIn = async () => {
    const { verifier, challenge } = pkcePair();
    await page.goto(authorizeUrl(auth, client, challenge, { identity_provider: 'Corp' }));
    await signInUpstream(page, 'dora');
    assert.ok(page.url().startsWith(cb.callback), page.url());
    const tokens = await exchange(auth, client, callbackParams(page).get('code'), verifier);
    return JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url'));
  };
  const linked = await signIn();
  assert.equal(linked['cognito:username'], 'alice');
  assert.equal(linked.email, 'alice@example.com', 'a linked native user keeps its own attributes');
  assert.equal(linked.identities[0].providerName, 'Corp');
  assert.equal(linked.identities[0].userId, 'dora');
  // Once signed in, the source cannot be linked to anyone else.
  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'bob', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }] }));
  await rejectsWith(link('dora', 'bob'), 'AliasExistsException');

  await idp.send(new AdminDisableProviderForUserCommand({ UserPoolId: pool.Id,
    User: { ProviderName: 'Corp', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'dora' } }));
  const alice = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'alice' }));
  assert.equal(alice.UserAttributes.find((a) => a.Name === 'identities'), undefined);
  assert.equal((await signIn())['cognito:username'], 'Corp_dora');
  await rejectsWith(link('dora'), 'InvalidParameterException', 'Merging is not currently supported, provide a SourceUser that has not been used to sign into the user pool.');

  // Named as the Cognito user, AdminDisableProviderForUser removes every identity linked to it.
  await link('fay');
  await link('gus');
  const disableNative = (attribute, username) => idp.send(new AdminDisableProviderForUserCommand({ UserPoolId: pool.Id,
    User: { ProviderName: 'Cognito', ProviderAttributeName: attribute, ProviderAttributeValue: username } }));
  await rejectsWith(disableNative('email', 'alice'), 'InvalidParameterException');
  await rejectsWith(disableNative('Cognito_Subject', 'nobody'), 'UserNotFoundException');
  await rejectsWith(link('fay', 'bob'), 'AliasExistsException');
  await disableNative('Cognito_Subject', 'alice');
  // Free again: both can be linked to bob now, and fay signs in as bob.
  await link('fay', 'bob');
  await link('gus', 'bob');
  const { verifier, challenge } = pkcePair();
  await context.clearCookies();
  await page.goto(authorizeUrl(auth, client, challenge, { identity_provider: 'Corp' }));
  await signInUpstream(page, 'fay');
  const fay = await exchange(auth, client, callbackParams(page).get('code'), verifier);
  assert.equal(JSON.parse(Buffer.from(fay.id_token.split('.')[1], 'base64url'))['cognito:username'], 'bob');
  await context.close();
});
