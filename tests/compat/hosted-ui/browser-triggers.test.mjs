// SPDX-License-Identifier: Apache-2.0
// The hosted UI with Lambda triggers, in a real browser (Playwright + Debian chromium): the tests/compat/triggers
// functions served by serverless-offline; PreAuthentication runs at /login, PreTokenGeneration with
// TokenGeneration_HostedAuth adds its claim to the id token from /oauth2/token, and a PreAuthentication that
// throws shows its error on the login page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { UpdateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { startLambda } from '../lib/lambda.mjs';
import { idpClient } from '../lib/fixtures.mjs';
import { startCallbackServer, createOAuthPool, createConfirmedUser, authorizeParams, launchChromium } from '../lib/hosted-ui.mjs';

const service = join(dirname(fileURLToPath(import.meta.url)), '../triggers/functions');
const eventsDir = mkdtempSync(join(tmpdir(), 'tessera-hosted-trigger-events-'));
let lambda; let tessera; let idp; let cb; let browser;
before(async () => {
  lambda = await startLambda({ service, env: { TRIGGER_EVENTS_DIR: eventsDir } });
  tessera = await startTessera({ env: { Tessera__Lambda__Endpoint: lambda.endpoint } });
  idp = idpClient(tessera.url);
  cb = await startCallbackServer();
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await cb?.close(); await tessera?.stop(); await lambda?.stop(); });

function events(triggerSource, userName) {
  return readdirSync(eventsDir).filter((f) => f.startsWith(`${triggerSource}-`))
    .map((f) => JSON.parse(readFileSync(join(eventsDir, f), 'utf8')))
    .filter((e) => e.userName === userName);
}

async function triggerPool() {
  return createOAuthPool(idp, cb, { poolInput: { LambdaConfig: {
    PreAuthentication: lambda.arn('preAuthentication'), PreTokenGeneration: lambda.arn('preTokenV1') } } });
}

async function submitLogin(page, domain, client, username) {
  await page.goto(`${tessera.url}/auth/${domain}/oauth2/authorize?${authorizeParams(client, cb)}`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', 'Perm-Pass-1');
}

test('hosted sign-in runs PreAuthentication, and PreTokenGeneration (TokenGeneration_HostedAuth) adds its claim to the id token', async () => {
  const { pool, domain, client } = await triggerPool();
  await createConfirmedUser(idp, pool.Id, 'hosted-hal', 'Perm-Pass-1');
  const context = await browser.newContext();
  const page = await context.newPage();
  await submitLogin(page, domain, client, 'hosted-hal');
  await Promise.all([page.waitForURL(`${cb.callback}?**`), page.click('input[name=signInSubmitButton]')]);
  const code = new URL(page.url()).searchParams.get('code');
  await context.close();

  const res = await fetch(`${tessera.url}/auth/${domain}/oauth2/token`, { method: 'POST', body: new URLSearchParams({
    grant_type: 'authorization_code', client_id: client.ClientId, code, redirect_uri: cb.callback }) });
  assert.equal(res.status, 200);
  const tokens = await res.json();
  const issuer = `${tessera.url}/${pool.Id}`;
  const { payload: id } = await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`)), { issuer, audience: client.ClientId });
  assert.equal(id.tier, 'gold');
  assert.deepEqual(id['cognito:groups'], ['from-trigger']);

  // createConfirmedUser signed in once through its own client; this is the hosted sign-in's event.
  const pre = events('PreAuthentication_Authentication', 'hosted-hal').find((e) => e.callerContext.clientId === client.ClientId);
  assert.ok(pre, 'PreAuthentication ran for the hosted sign-in');
  assert.equal(pre.callerContext.clientId, client.ClientId);
  assert.equal(pre.request.userAttributes.email, 'hosted-hal@example.com');
  assert.equal(events('TokenGeneration_HostedAuth', 'hosted-hal').length, 1);
});

test('a PreAuthentication that throws shows its error on the login page, not a 500', async () => {
  const { pool, domain, client } = await createOAuthPool(idp, cb);
  await createConfirmedUser(idp, pool.Id, 'blocked-bea', 'Perm-Pass-1');
  // The trigger is set after the user exists: createConfirmedUser's own sign-in would be refused by it.
  await idp.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, LambdaConfig: {
    PreAuthentication: lambda.arn('preAuthentication'), PreTokenGeneration: lambda.arn('preTokenV1') } }));
  const context = await browser.newContext();
  const page = await context.newPage();
  await submitLogin(page, domain, client, 'blocked-bea');
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('input[name=signInSubmitButton]')]);
  assert.ok(response.status() < 500, `login answered ${response.status()}`);
  assert.equal((await page.locator('[role=alert]').textContent()).trim(), 'PreAuthentication failed with error This account is on hold.');
  assert.ok(await page.locator('input[name=password]').isVisible(), 'still the login form');
  assert.equal(events('TokenGeneration_HostedAuth', 'blocked-bea').length, 0);
  await context.close();
});
