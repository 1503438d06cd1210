// SPDX-License-Identifier: Apache-2.0
// The admin console in a real browser (Playwright driving Debian's chromium) against start-dev: create a pool, a
// domain, an app client and a user in the console, see them through the AWS SDK and the AWS CLI (and what the CLI
// makes in the console), then sign that user in through the hosted UI from the console's "Try the hosted UI"
// button, see their last sign-in on their page; disable them in the console and see the next sign-in fail.
// Then `start` with the console configured by `tessera console bootstrap-admin`: every page sends the browser to the
// administration pool's hosted UI first. Screenshots of the main pages go to artifacts/console/ (docs/console.md
// shows them, copied to docs/console/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { AdminGetUserCommand, DescribeUserPoolClientCommand, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTessera, serverDll, defaultHashes, freePort } from '../lib/server.mjs';
import { aws } from '../lib/aws-cli.mjs';
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
  assert.equal((await aws(tessera.url, 'cognito-idp', 'describe-user-pool', '--user-pool-id', poolId)).out.UserPool.Name, 'console-demo');

  // Threat protection in audit mode, so that the user's sign-ins are recorded (the user page shows them).
  await page.getByLabel('Threat protection (sign-in history)').selectOption('AUDIT');
  await page.getByRole('button', { name: 'Save settings', exact: true }).click();
  await page.waitForSelector('text=Settings saved.');
  assert.equal((await aws(tessera.url, 'cognito-idp', 'describe-user-pool', '--user-pool-id', poolId)).out.UserPool.UserPoolAddOns.AdvancedSecurityMode, 'AUDIT');
  await shot(page, 'pool');

  // The other way round: what the AWS CLI makes, the console shows on its next page.
  assert.ok((await aws(tessera.url, 'cognito-idp', 'create-group', '--user-pool-id', poolId, '--group-name', 'made-by-cli')).out.Group);
  await page.getByRole('link', { name: 'Groups' }).click();
  await page.getByRole('link', { name: 'made-by-cli' }).waitFor();

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
  assert.equal((await aws(tessera.url, 'cognito-idp', 'admin-get-user', '--user-pool-id', poolId, '--username', 'dana')).out.UserStatus, 'FORCE_CHANGE_PASSWORD');
  assert.equal(await page.locator('#user-last-sign-in').textContent(), 'none recorded');

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
  // The sign-in just made, as AdminListUserAuthEvents records it: its time on the user's page and in the history.
  const events = (await aws(tessera.url, 'cognito-idp', 'admin-list-user-auth-events', '--user-pool-id', poolId, '--username', 'dana')).out.AuthEvents;
  const signedIn = events.find((e) => e.EventType === 'SignIn' && e.EventResponse === 'Pass');
  assert.ok(signedIn, JSON.stringify(events));
  const lastSignIn = await page.locator('#user-last-sign-in time').getAttribute('datetime');
  // The AWS CLI prints the timestamp as epoch seconds (or ISO 8601, by its configuration).
  const recorded = typeof signedIn.CreationDate === 'number' ? signedIn.CreationDate * 1000 : Date.parse(signedIn.CreationDate);
  assert.ok(Math.abs(Date.parse(lastSignIn) - recorded) < 1000, `${lastSignIn} vs ${signedIn.CreationDate}`);
  await page.getByRole('table', { name: /The last 10 events/ }).getByRole('cell', { name: 'Pass' }).first().waitFor();
  await shot(page, 'user');
  await page.getByRole('button', { name: 'Disable user' }).click();
  await page.waitForSelector('text=User disabled');
  assert.equal((await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dana' }))).Enabled, false);
  assert.equal((await aws(tessera.url, 'cognito-idp', 'admin-get-user', '--user-pool-id', poolId, '--username', 'dana')).out.Enabled, false);

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

test('in start, the console signs its administrators in through the administration pool\'s hosted UI', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-console-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    Tessera__Admin__AccessKeyId: 'AKIDCONSOLEADMIN', Tessera__Admin__SecretAccessKey: randomBytes(24).toString('hex'),
    Tessera__MasterKey: randomBytes(32).toString('base64'), ...defaultHashes,
  };
  const bootstrap = await promisify(execFile)('dotnet', [serverDll, 'console', 'bootstrap-admin', '--username', 'root', `--Tessera:PublicUrl=${url}`], {
    cwd: dir, env: { ...process.env, ...env, TESSERA_ADMIN_PASSWORD: 'Console-Admin-1' }, timeout: 120_000,
  });
  assert.match(bootstrap.stdout, /Administrator {8}root {2}\(created\)/);
  const adminPool = bootstrap.stdout.match(/Tessera__Console__AdminPoolId=(\S+)/)[1];
  const adminClient = bootstrap.stdout.match(/Tessera__Console__AdminClientId=(\S+)/)[1];
  const node = await startTessera({
    command: 'start', dir, port,
    env: { ...env, Tessera__Console__Enabled: 'true', Tessera__Console__AdminPoolId: adminPool, Tessera__Console__AdminClientId: adminClient },
  });
  try {
    // Unauthenticated requests never reach a page: a GET goes to the sign-in, a POST is refused.
    const anonymous = await fetch(`${url}/console/identity-pools`, { redirect: 'manual' });
    assert.equal(anonymous.status, 302);
    assert.equal(anonymous.headers.get('location'), '/console/sign-in?return=%2Fconsole%2Fidentity-pools');
    assert.equal((await fetch(`${url}/console/pools`, { method: 'POST', body: new URLSearchParams({ name: 'x' }), redirect: 'manual' })).status, 401);

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${url}/console`);
    assert.match(page.url(), new RegExp(`^${url}/auth/tessera-console/login\\?`));
    await shot(page, 'sign-in');
    await page.getByLabel('Username').fill('root');
    await page.getByLabel('Password').fill('Console-Admin-1');
    await Promise.all([page.waitForURL(`${url}/console`), page.keyboard.press('Enter')]);
    await page.waitForSelector('text=Signed in as root.');
    await page.getByRole('link', { name: 'tessera-console' }).waitFor();

    // Sign out ends the console's session and the hosted UI's: the next page asks for the password again.
    await Promise.all([page.waitForURL(/\/auth\/tessera-console\/login/), page.getByRole('button', { name: 'Sign out' }).click()]);
    await page.goto(`${url}/console`);
    await page.getByLabel('Password').waitFor();
    await context.close();
  } finally {
    await node.stop();
  }
});
