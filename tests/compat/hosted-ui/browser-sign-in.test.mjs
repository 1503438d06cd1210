// SPDX-License-Identifier: Apache-2.0
// A real browser (Playwright driving Debian's chromium) through the hosted UI: authorize, sign in with a
// temporary password, the new-password page, the callback, then the token exchange exactly as a single-page
// app does it. Custom CSS from SetUICustomization is checked on the rendered page and kept as a screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { AdminCreateUserCommand, GetUICustomizationCommand, SetUICustomizationCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient } from '../lib/fixtures.mjs';
import { startCallbackServer, createOAuthPool, authorizeParams, pkcePair, launchChromium } from '../lib/hosted-ui.mjs';

const artifacts = resolve(dirname(fileURLToPath(import.meta.url)), '../../../artifacts/hosted-ui');
const logoPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let tessera; let idp; let cb; let browser;
before(async () => {
  tessera = await startTessera();
  idp = idpClient(tessera.url);
  cb = await startCallbackServer();
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await cb?.close(); await tessera?.stop(); });

test('authorize → sign in → new password → callback with code and state → fetch token exchange', async () => {
  const { pool, domain, client } = await createOAuthPool(idp, cb);
  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'carol', TemporaryPassword: 'Temp-Pass-1', MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: 'carol@example.com' }, { Name: 'email_verified', Value: 'true' }] }));
  await idp.send(new SetUICustomizationCommand({
    UserPoolId: pool.Id, ClientId: client.ClientId, ImageFile: logoPng,
    CSS: '.submitButton-customizable { background-color: rgb(255, 102, 0); color: rgb(0, 0, 0); } .banner-customizable { padding: 12px 12px 12px 12px; background-color: rgb(0, 128, 128); } .background-customizable { background-color: rgb(240, 255, 240); }',
  }));
  const discovery = await (await fetch(`${tessera.url}/${pool.Id}/.well-known/openid-configuration`)).json();
  assert.equal(discovery.authorization_endpoint, `${tessera.url}/auth/${domain}/oauth2/authorize`);

  const context = await browser.newContext();
  const page = await context.newPage();
  const { verifier, challenge } = pkcePair();
  const params = authorizeParams(client, cb, { nonce: 'nonce-7', code_challenge: challenge, code_challenge_method: 'S256' });
  await page.goto(`${discovery.authorization_endpoint}?${params}`);
  assert.match(new URL(page.url()).pathname, /\/login$/);

  // The customer's CSS is applied with AWS's class names, the logo is shown.
  const button = page.locator('.submitButton-customizable');
  assert.equal(await button.evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(255, 102, 0)');
  assert.equal(await page.locator('.banner-customizable').evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(0, 128, 128)');
  assert.equal(await page.locator('img.logo-customizable').evaluate((e) => e.complete && e.naturalWidth), 1);
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, 'login-custom-css.png'), fullPage: true });

  // Labels point at the inputs AWS names username and password; the form works from the keyboard.
  await page.getByLabel('Username').fill('carol');
  await page.getByLabel('Password').fill('Temp-Pass-1');
  await page.keyboard.press('Enter');
  await page.waitForSelector('text=Change Password');
  await page.getByLabel('New Password', { exact: true }).fill('Perm-Pass-1');
  await page.getByLabel('Enter New Password Again').fill('Perm-Pass-1');
  await Promise.all([page.waitForURL(`${cb.callback}?**`), page.click('input[type=submit]')]);

  const callback = new URL(page.url());
  assert.equal(callback.searchParams.get('state'), 'state-42');
  const code = callback.searchParams.get('code');
  assert.ok(code);

  const tokenEndpoint = discovery.token_endpoint;
  const response = await fetch(tokenEndpoint, { method: 'POST', body: new URLSearchParams({
    grant_type: 'authorization_code', client_id: client.ClientId, code, redirect_uri: cb.callback, code_verifier: verifier }) });
  assert.equal(response.status, 200, await response.clone().text());
  const tokens = await response.json();
  assert.equal(tokens.token_type, 'Bearer');
  const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
  const { payload: id } = await jwtVerify(tokens.id_token, jwks, { issuer: discovery.issuer, audience: client.ClientId });
  assert.equal(id.nonce, 'nonce-7');
  assert.ok(id.at_hash);
  assert.equal(id.email, 'carol@example.com');
  const { payload: access } = await jwtVerify(tokens.access_token, jwks, { issuer: discovery.issuer });
  assert.equal(access.scope, 'openid email');

  // A second authorize in the same browser skips the form: the session cookie signs the user in.
  await page.goto(`${discovery.authorization_endpoint}?${authorizeParams(client, cb, { state: 'again' })}`);
  const second = new URL(page.url());
  assert.equal(second.origin + second.pathname, cb.callback);
  assert.equal(second.searchParams.get('state'), 'again');

  const info = await (await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}` } })).json();
  assert.equal(info.email, 'carol@example.com');
  assert.equal(info.username, 'carol');
  await context.close();
});

test('the token exchange without PKCE, exactly as fetch(tokenEndpoint, {method, body: URLSearchParams})', async () => {
  const { pool, domain, client } = await createOAuthPool(idp, cb);
  const { createConfirmedUser } = await import('../lib/hosted-ui.mjs');
  await createConfirmedUser(idp, pool.Id, 'dave', 'Perm-Pass-1');
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${tessera.url}/auth/${domain}/oauth2/authorize?${authorizeParams(client, cb)}`);
  await page.fill('input[name=username]', 'dave');
  await page.fill('input[name=password]', 'Perm-Pass-1');
  await Promise.all([page.waitForURL(`${cb.callback}?**`), page.click('input[name=signInSubmitButton]')]);
  const url = new URL(page.url());
  const tokenEndpoint = `${tessera.url}/auth/${domain}/oauth2/token`;
  const res = await fetch(tokenEndpoint, { method: 'POST', body: new URLSearchParams({
    grant_type: 'authorization_code', client_id: client.ClientId, code: url.searchParams.get('code'), redirect_uri: cb.callback }) });
  assert.equal(res.status, 200);
  const tokens = await res.json();
  assert.ok(tokens.access_token && tokens.id_token && tokens.refresh_token);
  assert.equal(url.searchParams.get('state'), 'state-42');
  await context.close();
});

test('a framed login page is refused and the wrong password shows AWS\'s message', async () => {
  const { pool, domain, client } = await createOAuthPool(idp, cb);
  const { createConfirmedUser } = await import('../lib/hosted-ui.mjs');
  await createConfirmedUser(idp, pool.Id, 'erin', 'Perm-Pass-1');
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(`${tessera.url}/auth/${domain}/login?${authorizeParams(client, cb)}`);
  assert.match(response.headers()['content-security-policy'], /frame-ancestors 'none'/);
  await page.fill('input[name=username]', 'erin');
  await page.fill('input[name=password]', 'Wrong-Pass-1');
  await page.click('input[name=signInSubmitButton]');
  assert.equal((await page.locator('[role=alert]').textContent()).trim(), 'Incorrect username or password.');
  await context.close();
});

test('CSS that hides markup in a comment is refused; /login keeps the CSS it had and stays put', async () => {
  const { pool, domain, client } = await createOAuthPool(idp, cb);
  const good = '.submitButton-customizable { background-color: rgb(255, 102, 0); }';
  await idp.send(new SetUICustomizationCommand({ UserPoolId: pool.Id, ClientId: client.ClientId, CSS: good }));
  const evil = `/* </style><meta http-equiv="refresh" content="0;url=${cb.base}/stolen"> */ .label-customizable { font-weight: 700; }`;
  await assert.rejects(idp.send(new SetUICustomizationCommand({ UserPoolId: pool.Id, ClientId: client.ClientId, CSS: evil })), (e) => {
    assert.equal(e.name, 'InvalidParameterException');
    assert.equal(e.message, 'CSS cannot contain HTML or JavaScript.');
    return true;
  });
  const stored = await idp.send(new GetUICustomizationCommand({ UserPoolId: pool.Id, ClientId: client.ClientId }));
  assert.equal(stored.UICustomization.CSS, good);

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${tessera.url}/auth/${domain}/login?${authorizeParams(client, cb)}`);
  await page.waitForTimeout(300);
  assert.match(new URL(page.url()).pathname, /\/login$/);
  assert.equal(await page.locator('meta[http-equiv]').count(), 0);
  assert.equal(await page.locator('.submitButton-customizable').evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(255, 102, 0)');
  assert.ok(!cb.hits.some((h) => h.startsWith('/stolen')));
  await context.close();
});
