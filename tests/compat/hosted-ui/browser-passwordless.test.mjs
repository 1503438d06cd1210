// SPDX-License-Identifier: Apache-2.0
// The hosted UI's passwordless sign-ins in Chromium: a passkey (the pool's relying party is `localhost`, the page is
// opened at http://localhost:<port>, the passkey lives in a virtual authenticator of the DevTools protocol) and a code
// mailed to the user. Both end at the callback with a code the token endpoint exchanges.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteWebAuthnRegistrationCommand, InitiateAuthCommand, SetUserPoolMfaConfigCommand, StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createAppClient } from '../lib/fixtures.mjs';
import { startCallbackServer, createOAuthPool, createConfirmedUser, authorizeParams, launchChromium, exchangeCallbackCode } from '../lib/hosted-ui.mjs';
import { latestCode } from '../lib/inbox.mjs';
import { SoftwareAuthenticator } from '../lib/webauthn.mjs';

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

/** A pool with a domain allowing passwords, emailed codes and passkeys for relying party `localhost`, and a user. */
async function passwordlessPool(username) {
  const { pool, domain, client } = await createOAuthPool(idp, cb, {
    poolInput: { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] } } } });
  await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'preferred' } }));
  await createConfirmedUser(idp, pool.Id, username, 'Pass-word-1');
  return { pool, domain, client };
}

/** Opens the sign-in page, names the user in the passwordless form and picks `choice` (a button id); returns the page and the answer. */
async function choose(page, domain, client, username, choice) {
  await page.goto(`${base}/auth/${domain}/oauth2/authorize?${authorizeParams(client, cb)}`);
  await page.fill('#passwordlessUsername', username);
  const [response] = await Promise.all([page.waitForNavigation(), page.click(choice)]);
  return { page, response };
}

const exchange = (page, client, domain) => exchangeCallbackCode(page.url(), tessera.url, domain, client, cb);

test('sign in with a passkey: the passkey page asks the authenticator and reaches the callback', async () => {
  const { pool, domain, client } = await passwordlessPool('pia');
  // The passkey is registered through the API and its key put in the browser's virtual authenticator.
  const api = await createAppClient(idp, pool.Id);
  const { AuthenticationResult: session } = await idp.send(new InitiateAuthCommand({ ClientId: api.ClientId, AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'pia', PASSWORD: 'Pass-word-1' } }));
  const { CredentialCreationOptions: options } = await idp.send(new StartWebAuthnRegistrationCommand({ AccessToken: session.AccessToken }));
  const key = new SoftwareAuthenticator();
  await idp.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: session.AccessToken, Credential: key.register(options, base) }));

  const context = await browser.newContext();
  // A virtual authenticator belongs to one page (its DevTools target): the sign-in happens in that page.
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: {
    protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true } });
  await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: {
    credentialId: key.credentialId.toString('base64'), isResidentCredential: true, rpId: 'localhost', privateKey: key.pkcs8,
    userHandle: Buffer.from(options.user.id, 'base64url').toString('base64'), signCount: 0 } });

  const { page, response } = await choose(tab, domain, client, 'pia', '#passkeyChoice');
  await page.waitForSelector('#passkeyForm');
  // The page's one script runs by its nonce; nothing else may.
  assert.match(response.headers()['content-security-policy'], /^default-src 'none'; script-src 'nonce-[A-Za-z0-9_-]+'; style-src/);
  await Promise.all([page.waitForURL(`${cb.callback}?**`), page.click('#passkeyButton')]);
  const tokens = await exchange(page, client, domain);
  const id = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url'));
  assert.equal(id['cognito:username'], 'pia');
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  assert.equal(credentials[0].signCount, 1);
  await context.close();
});

test('sign in with an emailed code: a wrong code can be tried again, the right one reaches the callback', async () => {
  const { domain, client } = await passwordlessPool('eli');
  const context = await browser.newContext();
  const { page } = await choose(await context.newPage(), domain, client, 'eli', '#emailCodeChoice');
  await page.waitForSelector('form[name=cognitoPasswordlessCodeForm]');
  assert.match(await page.textContent('body'), /We have sent a code by email to e\*\*\*@e\*\*\*/);
  const code = await latestCode(tessera.url, 'eli@example.com');

  await page.getByLabel('Code').fill(code === '123456' ? '654321' : '123456');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#errorMessage');
  assert.equal(await page.textContent('#errorMessage'), 'Invalid code or auth state for the user.');

  await page.getByLabel('Code').fill(code);
  await Promise.all([page.waitForURL(`${cb.callback}?**`), page.keyboard.press('Enter')]);
  assert.ok((await exchange(page, client, domain)).access_token);
  await context.close();
});

test('a user without a passkey is told so on the sign-in page; the page has no script and allows none', async () => {
  const { domain, client } = await passwordlessPool('noa');
  const context = await browser.newContext();
  const { page } = await choose(await context.newPage(), domain, client, 'noa', '#passkeyChoice');
  await page.waitForSelector('#errorMessage');
  assert.equal(await page.textContent('#errorMessage'), 'You have no passkey for this account. Sign in another way, then add one.');
  const response = await fetch(`${tessera.url}/auth/${domain}/login?${authorizeParams(client, cb)}`);
  assert.doesNotMatch(response.headers.get('content-security-policy'), /script-src/);
  await context.close();
});
