// SPDX-License-Identifier: Apache-2.0
// A real browser (Playwright driving Debian's chromium) through the hosted UI's second factor: a TOTP code from an
// authenticator app (otplib), an EMAIL_OTP code read from the development inbox, and MFA_SETUP, where the page
// shows the secret and the first code enrols the app. Each ends at the callback and a fetch token exchange.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from 'otplib';
import {
  InitiateAuthCommand, AssociateSoftwareTokenCommand, VerifySoftwareTokenCommand, SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand, AdminSetUserMFAPreferenceCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createAppClient } from '../lib/fixtures.mjs';
import { startCallbackServer, createOAuthPool, createConfirmedUser, authorizeParams, launchChromium, exchangeCallbackCode } from '../lib/hosted-ui.mjs';
import { latestMessage } from '../lib/inbox.mjs';

let tessera; let idp; let cb; let browser;
before(async () => {
  tessera = await startTessera();
  idp = idpClient(tessera.url);
  cb = await startCallbackServer();
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await cb?.close(); await tessera?.stop(); });

const now = () => Math.floor(Date.now() / 1000);
/** The code an authenticator app shows `offset` seconds from now. */
const totp = (secret, offset = 0) => generate({ secret, epoch: now() + offset });

/** Opens the authorize URL and submits the password form from the keyboard; returns the page on the next step. */
async function signInWithPassword(domain, client, username, password) {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${tessera.url}/auth/${domain}/oauth2/authorize?${authorizeParams(client, cb)}`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.keyboard.press('Enter');
  await page.waitForLoadState();
  return page;
}

/** Submits the code and follows the redirect to the callback; returns the exchanged tokens. */
async function submitCodeAndExchange(page, client, domain, code) {
  await page.getByLabel('Code').fill(code);
  await Promise.all([page.waitForURL(`${cb.callback}?**`), page.keyboard.press('Enter')]);
  return exchangeCallbackCode(page.url(), tessera.url, domain, client, cb);
}

test('TOTP during sign-in: password, then the authenticator code page, a wrong code shows an error, the right one reaches the callback', async () => {
  const { pool, domain, client } = await createOAuthPool(idp, cb);
  await createConfirmedUser(idp, pool.Id, 'tina', 'Tina-Pass-1');
  const api = await createAppClient(idp, pool.Id);
  const { AuthenticationResult: session } = await idp.send(new InitiateAuthCommand({ ClientId: api.ClientId, AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'tina', PASSWORD: 'Tina-Pass-1' } }));
  await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
  const { SecretCode } = await idp.send(new AssociateSoftwareTokenCommand({ AccessToken: session.AccessToken }));
  await idp.send(new VerifySoftwareTokenCommand({ AccessToken: session.AccessToken, UserCode: await totp(SecretCode) }));
  await idp.send(new SetUserMFAPreferenceCommand({ AccessToken: session.AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));

  const page = await signInWithPassword(domain, client, 'tina', 'Tina-Pass-1');
  await page.waitForSelector('form[name=cognitoMfaForm]');
  assert.match(await page.textContent('body'), /authenticator app/);

  const next = await totp(SecretCode, 30); // the next time step: the enrolment used the current one
  await page.getByLabel('Code').fill(next === '123456' ? '654321' : '123456');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#errorMessage');
  assert.equal(await page.textContent('#errorMessage'), 'Invalid code or auth state for the user.');

  const tokens = await submitCodeAndExchange(page, client, domain, next);
  const id = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url'));
  assert.equal(id['cognito:username'], 'tina');
  await page.context().close();
});

test('EMAIL_OTP during sign-in: the code from the development inbox reaches the callback', async () => {
  const { pool, domain, client } = await createOAuthPool(idp, cb);
  await createConfirmedUser(idp, pool.Id, 'ed', 'Ed-Pass-12');
  await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, MfaConfiguration: 'OPTIONAL',
    EmailMfaConfiguration: { Message: 'Your sign-in code is {####}', Subject: 'Sign-in code' } }));
  await idp.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: pool.Id, Username: 'ed', EmailMfaSettings: { Enabled: true } }));

  const page = await signInWithPassword(domain, client, 'ed', 'Ed-Pass-12');
  await page.waitForSelector('form[name=cognitoMfaForm]');
  assert.match(await page.textContent('body'), /We have sent a code by email to e\*\*\*@e\*\*\*/);
  const message = await latestMessage(tessera.url, 'ed@example.com');
  assert.equal(message.subject, 'Sign-in code');

  const tokens = await submitCodeAndExchange(page, client, domain, message.code);
  assert.ok(tokens.access_token);
  await page.context().close();
});

test('MFA_SETUP: a pool requiring MFA shows the secret and otpauth URI, and the first code enrols the app and signs in', async () => {
  const { pool, domain, client } = await createOAuthPool(idp, cb);
  await createConfirmedUser(idp, pool.Id, 'sam', 'Sam-Pass-12');
  await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));

  const page = await signInWithPassword(domain, client, 'sam', 'Sam-Pass-12');
  await page.waitForSelector('form[name=cognitoMfaSetupForm]');
  const secret = await page.textContent('#totpSecret');
  assert.match(secret, /^[A-Z2-7]{32}$/);
  const uri = new URL(await page.getAttribute('#totpUri', 'href'));
  assert.equal(uri.protocol, 'otpauth:');
  assert.equal(uri.searchParams.get('secret'), secret);
  assert.match(decodeURIComponent(uri.pathname), /:sam$/);
  // The same URI as a QR code, drawn server-side into a data: image the page's CSP admits.
  assert.ok(await page.locator('#totpQrCode').evaluate((img) => img.complete && img.naturalWidth > 100));

  await submitCodeAndExchange(page, client, domain, await totp(secret));
  await page.context().close();

  // Enrolled: the next sign-in asks for the authenticator code instead.
  const again = await signInWithPassword(domain, client, 'sam', 'Sam-Pass-12');
  await again.waitForSelector('form[name=cognitoMfaForm]');
  await again.context().close();
});
