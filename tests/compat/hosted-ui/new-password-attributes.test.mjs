// SPDX-License-Identifier: Apache-2.0
// The hosted UI's new-password step (NEW_PASSWORD_REQUIRED) and attributes: in Chromium, a user created by an
// administrator sets the required attribute they lack; a forged form field writes nothing the client may not write.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AdminCreateUserCommand, AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient } from '../lib/fixtures.mjs';
import { startCallbackServer, createOAuthPool, authorizeParams, launchChromium } from '../lib/hosted-ui.mjs';

let tessera; let idp; let cb; let browser;
before(async () => {
  tessera = await startTessera();
  idp = idpClient(tessera.url);
  cb = await startCallbackServer();
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await cb?.close(); await tessera?.stop(); });

const poolInput = { Schema: [{ Name: 'given_name', AttributeDataType: 'String', Required: true }] };
const attrs = async (UserPoolId, Username) => Object.fromEntries((await idp.send(new AdminGetUserCommand({ UserPoolId, Username }))).UserAttributes.map((a) => [a.Name, a.Value]));

async function invite(UserPoolId, Username) {
  await idp.send(new AdminCreateUserCommand({ UserPoolId, Username, TemporaryPassword: 'Temp-Pass-1', MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }] }));
}

test('the new-password page asks for the required attribute the user lacks, and sets it', async () => {
  const { pool, domain, client } = await createOAuthPool(idp, cb, { poolInput });
  await invite(pool.Id, 'kate');
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${tessera.url}/auth/${domain}/login?${authorizeParams(client, cb)}`);
  await page.getByLabel('Username').fill('kate');
  await page.getByLabel('Password').fill('Temp-Pass-1');
  await page.click('input[name=signInSubmitButton]');
  await page.waitForSelector('text=Change Password');
  await page.getByLabel('given name').fill('Kate');
  await page.getByLabel('New Password', { exact: true }).fill('Perm-Pass-1');
  await page.getByLabel('Enter New Password Again').fill('Perm-Pass-1');
  await Promise.all([page.waitForURL(`${cb.callback}?**`), page.click('input[name=reset_password]')]);
  assert.ok(new URL(page.url()).searchParams.get('code'));
  assert.equal((await attrs(pool.Id, 'kate')).given_name, 'Kate');
  await context.close();
});

test('a forged field on the new-password form cannot mark an address verified', async () => {
  const { pool, domain, client } = await createOAuthPool(idp, cb, { poolInput });
  await invite(pool.Id, 'leo');
  const authBase = `${tessera.url}/auth/${domain}`;
  const params = authorizeParams(client, cb);
  const loginPage = await fetch(`${authBase}/login?${params}`);
  const xsrf = (res) => res.headers.getSetCookie().find((c) => c.startsWith('XSRF-TOKEN='))?.split(';')[0];
  const csrf = (text) => /name="_csrf" value="([^"]+)"/.exec(text)[1];
  let cookie = xsrf(loginPage);
  const login = await fetch(`${authBase}/login?${params}`, { method: 'POST', headers: { cookie }, redirect: 'manual',
    body: new URLSearchParams({ username: 'leo', password: 'Temp-Pass-1', _csrf: csrf(await loginPage.text()) }) });
  const html = await login.text();
  assert.equal(login.status, 200);
  assert.match(html, /name="requiredAttributes\[given_name\]"/);
  cookie = xsrf(login) ?? cookie;
  const form = new URLSearchParams({
    _csrf: csrf(html),
    session: /name="session" value="([^"]+)"/.exec(html)[1],
    password: 'Perm-Pass-1', confirmPassword: 'Perm-Pass-1',
    'requiredAttributes[given_name]': 'Leo', 'requiredAttributes[email_verified]': 'true',
  });
  const answer = await fetch(`${authBase}/newPassword?${params}`, { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });

  assert.equal(answer.status, 400);
  assert.match(await answer.text(), /A client attempted to write unauthorized attribute/);
  const leo = await attrs(pool.Id, 'leo');
  assert.equal(leo.email_verified, undefined);
  assert.equal(leo.given_name, undefined);
});
