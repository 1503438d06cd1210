// SPDX-License-Identifier: Apache-2.0
// The passkey enrolment prompt after a password sign-in, in Chromium with a virtual authenticator of the DevTools
// protocol: the pool allows WEB_AUTHN (relying party `localhost`, the page at http://localhost:<port>) and the user has
// no passkey, so the hosted UI offers to add one; the passkey made then signs the user in. The prompt can be skipped, and
// a pool without WEB_AUTHN shows none.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AdminGetUserAuthFactorsCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient } from '../lib/fixtures.mjs';
import { startCallbackServer, createOAuthPool, createConfirmedUser, authorizeParams, launchChromium, exchangeCallbackCode } from '../lib/hosted-ui.mjs';

let tessera; let idp; let cb; let browser; let base;
before(async () => {
  tessera = await startTessera();
  idp = idpClient(tessera.url);
  // WebAuthn's relying party `localhost` needs the page on http://localhost, not 127.0.0.1.
  base = tessera.url.replace('127.0.0.1', 'localhost');
  cb = await startCallbackServer();
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await cb?.close(); await tessera?.stop(); });

async function pool(username, factors) {
  const made = await createOAuthPool(idp, cb, { poolInput: { Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors } } } });
  if (factors.includes('WEB_AUTHN')) {
    await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: made.pool.Id, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'preferred' } }));
  }

  await createConfirmedUser(idp, made.pool.Id, username, 'Pass-word-1');
  return made;
}

/** A browser tab with a virtual platform authenticator (the tab's DevTools target owns it). */
async function tabWithAuthenticator(context) {
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: {
    protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true } });
  return { tab, cdp, authenticatorId };
}

async function passwordSignIn(page, domain, client, username) {
  await page.goto(`${base}/auth/${domain}/oauth2/authorize?${authorizeParams(client, cb)}`);
  await page.fill('#signInFormUsername', username);
  await page.fill('#signInFormPassword', 'Pass-word-1');
  const [response] = await Promise.all([page.waitForNavigation(), page.click('input[name=signInSubmitButton]')]);
  return response;
}

/** AdminGetUserAuthFactors' ConfiguredUserAuthFactors: WEB_AUTHN once the user has a passkey. */
const factors = async (made, username) => (await idp.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: made.Id, Username: username }))).ConfiguredUserAuthFactors ?? [];

const exchange = (page, client, domain) => exchangeCallbackCode(page.url(), tessera.url, domain, client, cb);

test('after a password sign-in the user adds a passkey, then signs in with it', async () => {
  const { pool: made, domain, client } = await pool('ada', ['PASSWORD', 'WEB_AUTHN']);
  const context = await browser.newContext();
  const { tab, cdp, authenticatorId } = await tabWithAuthenticator(context);

  const response = await passwordSignIn(tab, domain, client, 'ada');
  await tab.waitForSelector('#passkeyEnrollForm');
  // The prompt's one script runs by its nonce, as on the passkey sign-in page.
  assert.match(response.headers()['content-security-policy'], /^default-src 'none'; script-src 'nonce-[A-Za-z0-9_-]+'; style-src/);
  await Promise.all([tab.waitForURL(`${cb.callback}?**`), tab.click('#passkeyEnrollButton')]);
  assert.ok((await exchange(tab, client, domain)).access_token);
  assert.ok((await factors(made, 'ada')).includes('WEB_AUTHN'));
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  assert.equal(credentials.length, 1);
  assert.equal(credentials[0].rpId, 'localhost');

  // A new browser session (no hosted-UI cookie), same authenticator: the passkey signs ada in.
  await context.clearCookies();
  await tab.goto(`${base}/auth/${domain}/oauth2/authorize?${authorizeParams(client, cb)}`);
  await tab.fill('#passwordlessUsername', 'ada');
  await Promise.all([tab.waitForNavigation(), tab.click('#passkeyChoice')]);
  await tab.waitForSelector('#passkeyForm');
  await Promise.all([tab.waitForURL(`${cb.callback}?**`), tab.click('#passkeyButton')]);
  const again = await exchange(tab, client, domain);
  assert.equal(JSON.parse(Buffer.from(again.id_token.split('.')[1], 'base64url'))['cognito:username'], 'ada');

  // With a passkey, a later password sign-in goes straight to the app.
  await context.clearCookies();
  await passwordSignIn(tab, domain, client, 'ada');
  assert.ok(tab.url().startsWith(`${cb.callback}?`), tab.url());
  await context.close();
});

test('the prompt can be skipped: the app gets its code and no passkey is registered', async () => {
  const { pool: made, domain, client } = await pool('bo', ['PASSWORD', 'WEB_AUTHN']);
  const context = await browser.newContext();
  const { tab, cdp, authenticatorId } = await tabWithAuthenticator(context);
  await passwordSignIn(tab, domain, client, 'bo');
  await tab.waitForSelector('#passkeyEnrollForm');
  await Promise.all([tab.waitForURL(`${cb.callback}?**`), tab.click('#passkeySkipButton')]);
  assert.ok((await exchange(tab, client, domain)).access_token);
  assert.ok(!(await factors(made, 'bo')).includes('WEB_AUTHN'));
  assert.equal((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials.length, 0);
  await context.close();
});

test('the prompt needs the sign-in\'s session cookie and a CSRF token', async () => {
  const { domain, client } = await pool('cy', ['PASSWORD', 'WEB_AUTHN']);
  const url = `${tessera.url}/auth/${domain}/passkeyEnrollment?${authorizeParams(client, cb)}`;
  const noCsrf = await fetch(url, { method: 'POST', body: new URLSearchParams({ action: 'skip' }), redirect: 'manual' });
  assert.equal(noCsrf.status, 403);

  const login = await fetch(`${tessera.url}/auth/${domain}/login?${authorizeParams(client, cb)}`);
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith('XSRF-TOKEN=')).split(';')[0];
  const token = /name="_csrf" value="([^"]+)"/.exec(await login.text())[1];
  const noSession = await fetch(url, { method: 'POST', body: new URLSearchParams({ _csrf: token, action: 'skip' }), headers: { cookie }, redirect: 'manual' });
  assert.equal(noSession.status, 400);
  assert.match(await noSession.text(), /Your session has expired/);
});

test('no prompt when the pool does not allow passkeys', async () => {
  const { domain, client } = await pool('di', ['PASSWORD', 'EMAIL_OTP']);
  const context = await browser.newContext();
  const tab = await context.newPage();
  await passwordSignIn(tab, domain, client, 'di');
  assert.ok(tab.url().startsWith(`${cb.callback}?`), tab.url());
  assert.ok((await exchange(tab, client, domain)).access_token);
  await context.close();
});
