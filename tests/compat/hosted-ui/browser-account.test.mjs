// SPDX-License-Identifier: Apache-2.0
// The hosted UI's account pages in a real browser: sign up → confirm with the code from the development
// inbox → sign in → callback; and forgot password → reset with the emailed code → sign in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTessera } from '../lib/server.mjs';
import { idpClient } from '../lib/fixtures.mjs';
import { latestCode } from '../lib/inbox.mjs';
import { startCallbackServer, createOAuthPool, createConfirmedUser, authorizeParams, launchChromium } from '../lib/hosted-ui.mjs';

let tessera; let idp; let cb; let browser;
before(async () => {
  tessera = await startTessera();
  idp = idpClient(tessera.url);
  cb = await startCallbackServer();
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await cb?.close(); await tessera?.stop(); });

test('sign up → confirm with the inbox code → sign in → callback', async () => {
  const { domain, client } = await createOAuthPool(idp, cb, { poolInput: { AutoVerifiedAttributes: ['email'] } });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${tessera.url}/auth/${domain}/oauth2/authorize?${authorizeParams(client, cb)}`);
  await page.click('text=Sign up');
  await page.getByLabel('Username').fill('hana');
  await page.getByLabel('Email').fill('hana@example.com');
  await page.getByLabel('Password').fill('Perm-Pass-1');
  await page.click('input[name=signUpButton]');
  await page.waitForSelector('text=Confirm your account');

  await page.getByLabel('Verification Code').fill(await latestCode(tessera.url, 'hana@example.com'));
  await page.click('input[name=confirm]');
  await page.waitForSelector('text=Your account is confirmed');
  assert.equal(await page.getByLabel('Username').inputValue(), 'hana');
  await page.getByLabel('Password').fill('Perm-Pass-1');
  await Promise.all([page.waitForURL(`${cb.callback}?**`), page.click('input[name=signInSubmitButton]')]);
  const url = new URL(page.url());
  assert.ok(url.searchParams.get('code'));
  assert.equal(url.searchParams.get('state'), 'state-42');
  await context.close();
});

test('forgot password → reset with the emailed code → sign in with the new password', async () => {
  const { pool, domain, client } = await createOAuthPool(idp, cb);
  await createConfirmedUser(idp, pool.Id, 'ivan', 'Perm-Pass-1');
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${tessera.url}/auth/${domain}/login?${authorizeParams(client, cb)}`);
  await page.click('text=Forgot your password?');
  await page.getByLabel('Username').fill('ivan');
  await page.click('input[name=reset_my_password]');
  await page.waitForSelector('text=Reset your password');
  await page.getByLabel('Code').fill(await latestCode(tessera.url, 'ivan@example.com'));
  await page.getByLabel('New Password', { exact: true }).fill('Newer-Pass-2');
  await page.getByLabel('Enter New Password Again').fill('Newer-Pass-2');
  await page.click('input[name=reset_password]');
  await page.waitForSelector('text=Your password has been reset');
  await page.getByLabel('Password').fill('Newer-Pass-2');
  await Promise.all([page.waitForURL(`${cb.callback}?**`), page.click('input[name=signInSubmitButton]')]);
  assert.ok(new URL(page.url()).searchParams.get('code'));
  await context.close();
});
