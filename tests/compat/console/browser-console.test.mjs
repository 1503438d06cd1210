// SPDX-License-Identifier: Apache-2.0
// The admin console in a real browser (Playwright driving Debian's chromium) against start-dev: create a pool, a
// domain, an app client and a user in the console, see them through the AWS SDK, then sign that user in through
// the hosted UI from the console's "Try the hosted UI" button; disable them in the console and see the next
// sign-in fail. Screenshots of the main pages go to artifacts/console/ (docs/console.md shows them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { AdminGetUserCommand, DescribeUserPoolClientCommand, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient } from '../lib/fixtures.mjs';
import { startCallbackServer, launchChromium } from '../lib/hosted-ui.mjs';

const artifacts = resolve(dirname(fileURLToPath(import.meta.url)), '../../../artifacts/console');

let tessera; let idp; let cb; let browser;
before(async () => {
  tessera = await startTessera();
  idp = idpClient(tessera.url);
  cb = await startCallbackServer();
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
});
after(async () => { await browser?.close(); await cb?.close(); await tessera?.stop(); });

const shot = (page, name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

test('pool, domain, client and user made in the console; the user signs in through the hosted UI, then is disabled', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  // A CSP refusal or a script error is logged to the console; the browser's own favicon request (404) is not ours.
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(`${tessera.url}/console`);
  await page.getByLabel('Pool name').fill('console-demo');
  await page.getByRole('button', { name: 'Create user pool' }).click();
  await page.waitForSelector('text=Created user pool console-demo');
  const poolId = new URL(page.url()).pathname.split('/').pop();
  assert.match(poolId, /^us-east-1_/);
  assert.equal((await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool.Name, 'console-demo');
  await shot(page, 'pool');

  // Domain and branding, with the live preview restyled as one types (no request in between).
  await page.getByRole('link', { name: 'Domain and branding' }).click();
  const domain = `c${randomBytes(5).toString('hex')}`;
  await page.getByLabel('Domain prefix').fill(domain);
  await page.getByRole('button', { name: 'Create domain' }).click();
  await page.waitForSelector(`text=Created domain ${domain}`);
  await page.getByLabel(/^CSS/).fill('.submitButton-customizable { background-color: rgb(255, 102, 0); }');
  const previewColor = await page.locator('#preview').evaluate((host) => getComputedStyle(host.shadowRoot.querySelector('.submitButton-customizable')).backgroundColor);
  assert.equal(previewColor, 'rgb(255, 102, 0)');
  await page.getByRole('button', { name: 'Save customization' }).click();
  await page.waitForSelector('text=Customization saved.');
  await shot(page, 'branding');

  // An app client for the hosted UI.
  await page.getByRole('link', { name: 'App clients' }).click();
  await page.getByLabel('Client name').fill('web');
  await page.getByLabel('Callback URL for the hosted UI').fill(cb.callback);
  await page.getByRole('button', { name: 'Create app client' }).click();
  await page.waitForSelector('text=Created app client web.');
  const clientId = await page.locator('#client-id-value').textContent();
  const client = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))).UserPoolClient;
  assert.deepEqual(client.CallbackURLs, [cb.callback]);
  assert.deepEqual(client.AllowedOAuthFlows, ['code']);
  await shot(page, 'client');

  // A user with a temporary password.
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByLabel('User name', { exact: true }).fill('dana');
  await page.getByLabel('Email', { exact: true }).fill('dana@example.com');
  await page.getByLabel('Temporary password').fill('Temp-Pass-1');
  await page.getByLabel('Do not send the invitation message').check();
  await page.getByRole('button', { name: 'Create user' }).click();
  await page.waitForSelector('text=Created user dana (FORCE_CHANGE_PASSWORD).');
  assert.equal((await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dana' }))).UserStatus, 'FORCE_CHANGE_PASSWORD');
  await shot(page, 'user');

  // The hosted UI from the client's page, in the tab the button opens.
  await page.goto(`${tessera.url}/console/pools/${poolId}/clients/${clientId}`);
  const [hosted] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Try the hosted UI' }).click()]);
  await hosted.waitForLoadState();
  assert.equal(await hosted.locator('.submitButton-customizable').evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(255, 102, 0)');
  await hosted.getByLabel('Username').fill('dana');
  await hosted.getByLabel('Password').fill('Temp-Pass-1');
  await hosted.keyboard.press('Enter');
  await hosted.waitForSelector('text=Change Password');
  await hosted.getByLabel('New Password', { exact: true }).fill('Perm-Pass-1');
  await hosted.getByLabel('Enter New Password Again').fill('Perm-Pass-1');
  await Promise.all([hosted.waitForURL(`${cb.callback}?**`), hosted.click('input[type=submit]')]);
  assert.ok(new URL(hosted.url()).searchParams.get('code'));
  await hosted.close();

  // The console shows the user confirmed; disabling them there stops the next sign-in.
  await page.goto(`${tessera.url}/console/pools/${poolId}/users?filter=${encodeURIComponent('username = "dana"')}`);
  await page.getByRole('link', { name: 'dana' }).click();
  assert.equal(await page.locator('#user-status').textContent(), 'CONFIRMED');
  await page.getByRole('button', { name: 'Disable user' }).click();
  await page.waitForSelector('text=User disabled');
  assert.equal((await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dana' }))).Enabled, false);

  const again = await browser.newContext();
  const signIn = await again.newPage();
  await signIn.goto(`${tessera.url}/auth/${domain}/login?client_id=${clientId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(cb.callback)}`);
  await signIn.getByLabel('Username').fill('dana');
  await signIn.getByLabel('Password').fill('Perm-Pass-1');
  await signIn.keyboard.press('Enter');
  await signIn.waitForSelector('text=User is disabled.');
  await again.close();

  assert.deepEqual(errors, [], 'no script or CSP errors on the console pages');
  await context.close();
});

test('a form posted without the console page (no CSRF token) is refused', async () => {
  const response = await fetch(`${tessera.url}/console/pools`, { method: 'POST', body: new URLSearchParams({ PoolName: 'x' }) });
  assert.equal(response.status, 403);
  assert.match(response.headers.get('content-security-policy'), /^default-src 'none';/);
});
