// SPDX-License-Identifier: Apache-2.0
// Chromium (Playwright) on a page served from another origin than Tessera's, calling it with fetch as any web
// page could: what browsers legitimately call answers that page, /_dev and the administrative operations do not,
// and an administrative call the page forges (start-dev without admin keys accepts any well-formed signature)
// never runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { ListUserPoolsCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient } from '../lib/fixtures.mjs';
import { launchChromium, startCallbackServer, createOAuthPool } from '../lib/hosted-ui.mjs';

let tessera; let idp; let site; let browser; let page;
before(async () => {
  tessera = await startTessera();
  idp = idpClient(tessera.url);
  // Another origin: same host, another port.
  site = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!DOCTYPE html><title>some site</title>'); });
  await new Promise((ok) => site.listen(0, '127.0.0.1', ok));
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
  await page.goto(`http://127.0.0.1:${site.address().port}/`);
});
after(async () => { await browser?.close(); await new Promise((ok) => site?.close(ok)); await tessera?.stop(); });

/** Runs fetch in the page; answers { status, body, headers } or { blocked: message } when the browser refuses to hand the answer over. */
const pageFetch = (url, init) => page.evaluate(async ([u, i]) => {
  try {
    const r = await fetch(u, i);
    return { status: r.status, body: await r.text(), errorType: r.headers.get('x-amzn-errortype'), challenge: r.headers.get('www-authenticate') };
  } catch (e) {
    return { blocked: String(e) };
  }
}, [url, init]);

const awsJson = (target, body, extra = {}) => ({
  method: 'POST', body: JSON.stringify(body),
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, ...extra },
});

test('the page can call unsigned user-pool and identity-pool operations and read the answers', async () => {
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id);
  const signUp = await pageFetch(tessera.url, awsJson('AWSCognitoIdentityProviderService.SignUp',
    { ClientId: client.ClientId, Username: 'from-the-page', Password: 'Perm-Pass-1', UserAttributes: [{ Name: 'email', Value: 'page@example.com' }] }));
  assert.equal(signUp.status, 200, JSON.stringify(signUp));
  assert.match(JSON.parse(signUp.body).UserSub, /^[0-9a-f-]{36}$/);

  const wrong = await pageFetch(tessera.url, awsJson('AWSCognitoIdentityProviderService.InitiateAuth',
    { ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'from-the-page', PASSWORD: 'Wrong-Pass-1' } }));
  assert.equal(wrong.status, 400);
  assert.equal(wrong.errorType, 'UserNotConfirmedException:');

  const getId = await pageFetch(tessera.url, awsJson('AWSCognitoIdentityService.GetId', { IdentityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000' }));
  assert.equal(JSON.parse(getId.body).__type, 'ResourceNotFoundException');
});

test('the page cannot read the development inbox', async () => {
  const pool = await createPool(idp, { AutoVerifiedAttributes: ['email'] });
  const client = await createAppClient(idp, pool.Id);
  await idp.send(new SignUpCommand({ ClientId: client.ClientId, Username: 'victim', Password: 'Perm-Pass-1', UserAttributes: [{ Name: 'email', Value: 'victim@example.com' }] }));
  // The developer's own tools still read it.
  assert.equal((await (await fetch(`${tessera.url}/_dev/inbox?format=json`)).json()).messages.length > 0, true);

  const inbox = await pageFetch(`${tessera.url}/_dev/inbox?format=json`);
  assert.ok(inbox.blocked, `the page read the inbox: ${JSON.stringify(inbox).slice(0, 200)}`);
});

test('an administrative call the page forges is refused before it runs', async () => {
  const name = `forged-${Date.now()}`;
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const forged = await pageFetch(tessera.url, awsJson('AWSCognitoIdentityProviderService.CreateUserPool', { PoolName: name }, {
    'x-amz-date': amzDate,
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${amzDate.slice(0, 8)}/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=${'0'.repeat(64)}`,
  }));
  assert.ok(forged.blocked, `the page read an administrative answer: ${JSON.stringify(forged)}`);
  const { UserPools } = await idp.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  assert.equal(UserPools.some((p) => p.Name === name), false, 'the forged CreateUserPool ran');
});

test('the page can use the token and userInfo endpoints, discovery and JWKS', async () => {
  const cb = await startCallbackServer();
  try {
    const { pool, domain, client } = await createOAuthPool(idp, cb);
    const token = await pageFetch(`${tessera.url}/auth/${domain}/oauth2/token`, { method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: client.ClientId, code: 'not-a-code', redirect_uri: cb.callback }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(token.status, 400, JSON.stringify(token));
    assert.equal(JSON.parse(token.body).error, 'invalid_grant');

    const userInfo = await pageFetch(`${tessera.url}/auth/${domain}/oauth2/userInfo`, { headers: { authorization: 'Bearer not-a-token' } });
    assert.equal(userInfo.status, 401, JSON.stringify(userInfo));
    assert.match(userInfo.challenge, /error="invalid_token"/);

    const discovery = await pageFetch(`${tessera.url}/${pool.Id}/.well-known/openid-configuration`);
    assert.equal(JSON.parse(discovery.body).issuer, `${tessera.url}/${pool.Id}`);
    assert.deepEqual(JSON.parse(discovery.body).code_challenge_methods_supported, ['S256']);
    const jwks = await pageFetch(`${tessera.url}/${pool.Id}/.well-known/jwks.json`);
    assert.ok(JSON.parse(jwks.body).keys.length >= 1);

    // The hosted pages themselves are navigated to, never fetched across origins.
    const login = await pageFetch(`${tessera.url}/auth/${domain}/login?client_id=${client.ClientId}&response_type=code&redirect_uri=${encodeURIComponent(cb.callback)}`);
    assert.ok(login.blocked, 'the page read the login form');
  } finally {
    await cb.close();
  }
});
