// SPDX-License-Identifier: Apache-2.0
// The walkthrough sample end to end: samples/SeedWalkthrough/run.sh (the one command) starts Tessera, provisions,
// starts both APIs and the browser app; chromium (Playwright) then signs in through the hosted UI, calls both
// APIs, gets AWS credentials through the identity pool and STS with the browser build of the AWS SDK, and
// signs out. Ctrl-C must stop everything run.sh started, and a second run must find what the first created.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { freePort, serverDll, cheapHashes } from '../lib/server.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const runSh = join(repo, 'samples/SeedWalkthrough/run.sh');
const artifacts = join(repo, 'artifacts/walkthrough');
const password = 'Walkthrough-Test-1';
const stateDir = mkdtempSync(join(tmpdir(), 'tessera-walkthrough-'));

let ports; let urls; let first; let browser;

/** Runs run.sh; resolves once it printed that the walkthrough is running. */
async function runWalkthrough(extraEnv = {}) {
  const child = spawn('bash', [runSh], {
    env: {
      ...process.env,
      TESSERA_URL: urls.tessera, TESSERA_DLL: serverDll,
      WALKTHROUGH_APP_PORT: String(ports.app), WALKTHROUGH_API_PORT: String(ports.api), WALKTHROUGH_EXPRESS_PORT: String(ports.express),
      WALKTHROUGH_PASSWORD: password, WALKTHROUGH_STATE_DIR: stateDir,
      // Cheap password hashes for the test, as lib/server.mjs does.
      ...cheapHashes,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run = { child, log: '' };
  child.stdout.on('data', (d) => { run.log += d; });
  child.stderr.on('data', (d) => { run.log += d; });
  run.exited = new Promise((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
  const deadline = Date.now() + 300_000;
  while (!run.log.includes('The walkthrough is running')) {
    if (child.exitCode !== null) throw new Error(`run.sh exited with ${child.exitCode}:\n${run.log}`);
    if (Date.now() > deadline) { child.kill('SIGTERM'); throw new Error(`run.sh did not get ready:\n${run.log}`); }
    await new Promise((r) => setTimeout(r, 250));
  }
  return run;
}

/** Ctrl-C: SIGINT to run.sh, as a terminal sends it. */
async function interrupt(run) {
  if (run.child.exitCode !== null) return run.child.exitCode;
  run.child.kill('SIGINT');
  return (await run.exited).code;
}

const answers = async (url) => { try { await fetch(url); return true; } catch { return false; } };

before(async () => {
  ports = { tessera: await freePort(), app: await freePort(), api: await freePort(), express: await freePort() };
  urls = {
    tessera: `http://localhost:${ports.tessera}`, app: `http://localhost:${ports.app}`,
    api: `http://localhost:${ports.api}`, express: `http://localhost:${ports.express}`,
  };
  first = await runWalkthrough();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  if (first) await interrupt(first);
  rmSync(stateDir, { recursive: true, force: true });
});

const config = () => JSON.parse(readFileSync(join(stateDir, 'config.json'), 'utf8'));

test('run.sh prints the URL to open and the sign-in, and wrote the page configuration', () => {
  assert.match(first.log, new RegExp(`Open ${urls.app}\\n`));
  assert.match(first.log, new RegExp(`Sign in as:  alice / ${password}`));
  assert.match(first.log, /==> starting Tessera .* at http:\/\/localhost:\d+/);
  const c = config();
  assert.match(c.userPoolId, /^us-east-1_\w+$/);
  assert.equal(c.redirectUri, `${urls.app}/callback`);
  assert.equal(c.issuer, `${urls.tessera}/${c.userPoolId}`);
  assert.match(c.authorizationEndpoint, new RegExp(`^${urls.tessera}/auth/seed-walkthrough-[0-9a-f]{8}/oauth2/authorize$`));
  assert.equal(c.logoutEndpoint, c.authorizationEndpoint.replace('/oauth2/authorize', '/logout'));
});

test('the CORS preflights the page causes are answered for its origin', async () => {
  const preflight = (url, headers) => fetch(url, { method: 'OPTIONS', headers: {
    origin: urls.app, 'access-control-request-method': 'POST', 'access-control-request-headers': headers } });
  // What the browser SDK sends to cognito-identity (unsigned JSON) and to STS (SigV4 with a session token).
  for (const headers of ['amz-sdk-invocation-id,amz-sdk-request,content-type,x-amz-target,x-amz-user-agent',
    'amz-sdk-invocation-id,amz-sdk-request,authorization,content-type,x-amz-date,x-amz-security-token,x-amz-user-agent']) {
    const res = await preflight(`${urls.tessera}/`, headers);
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-methods'), /POST/);
    assert.equal(res.headers.get('access-control-allow-headers'), headers);
  }
  for (const api of [urls.api, urls.express]) {
    const res = await fetch(`${api}/api/hello`, { method: 'OPTIONS', headers: {
      origin: urls.app, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    assert.ok(res.status === 204 || res.status === 200, `${api}: ${res.status}`);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-headers'), /authorization/i);
  }
  // The token exchange is a simple request (form body, no custom header): only the answer needs the header.
  const token = await fetch(config().tokenEndpoint, { method: 'POST', headers: { origin: urls.app },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config().clientId, code: 'not-a-code', redirect_uri: config().redirectUri }) });
  assert.equal(token.status, 400);
  assert.equal(token.headers.get('access-control-allow-origin'), '*');
});

test('in chromium: sign in through the hosted UI, call both APIs, get AWS credentials, sign out', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const tokenRequests = [];
  page.on('request', (r) => { if (r.url() === config().tokenEndpoint) tokenRequests.push(r); });

  await page.goto(urls.app);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/login\?/);
  const authorize = new URL(page.url()).searchParams;
  assert.equal(authorize.get('code_challenge_method'), 'S256');
  assert.match(authorize.get('code_challenge'), /^[\w-]{43}$/);
  assert.match(authorize.get('state'), /^[\w-]{43}$/);
  assert.equal(authorize.get('redirect_uri'), `${urls.app}/callback`);

  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL(`${urls.app}/callback?**`), page.keyboard.press('Enter')]);
  await page.getByText('Signed in as alice').waitFor();
  assert.equal(page.url(), `${urls.app}/`, 'the callback URL is replaced once the code is spent');

  // The exchange, as the brief's fetch(tokenEndpoint, { method: 'POST', body: new URLSearchParams(...) }) sends it.
  assert.equal(tokenRequests.length, 1);
  assert.equal(tokenRequests[0].method(), 'POST');
  assert.match(tokenRequests[0].headers()['content-type'], /^application\/x-www-form-urlencoded/);
  const form = new URLSearchParams(tokenRequests[0].postData());
  assert.deepEqual([...form.keys()], ['grant_type', 'client_id', 'code', 'redirect_uri', 'code_verifier']);
  assert.equal(form.get('grant_type'), 'authorization_code');
  assert.equal(form.get('client_id'), config().clientId);

  for (const api of ['aspnet', 'express']) {
    await page.getByLabel('API').selectOption(api);
    await page.locator('#api-result').evaluate((e) => { e.textContent = ''; });
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${config().apis[api].url}/api/hello`),
      page.getByRole('button', { name: 'Call API' }).click(),
    ]);
    assert.equal(response.status(), 200, api);
    await page.locator('#api-result').getByText('Hi alice, your API call is authenticated!').waitFor();
  }

  await page.getByRole('button', { name: 'Get AWS credentials' }).click();
  const arn = page.locator('#role-arn');
  await arn.waitFor({ timeout: 15_000 }).catch(async () => {
    throw new Error(`no role ARN; the page says: ${await page.locator('#error').textContent()}`);
  });
  assert.equal(await arn.textContent(), 'arn:aws:sts::000000000000:assumed-role/SeedWalkthroughAuthenticated/CognitoIdentityCredentials');
  assert.match(await page.locator('#identity-id').textContent(), /^us-east-1:[0-9a-f-]{36}$/);
  assert.match(await page.locator('#access-key').textContent(), /^ASIA[A-Z2-7]{16}$/);
  assert.equal(await page.locator('#error').textContent(), '');
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, 'signed-in.png'), fullPage: true });

  // Sign out goes through the hosted UI's /logout, which ends its session and returns to the app.
  const logout = page.waitForRequest((r) => r.url().startsWith(`${config().logoutEndpoint}?`));
  await page.getByRole('button', { name: 'Sign out' }).click();
  const logoutUrl = new URL((await logout).url());
  assert.equal(logoutUrl.searchParams.get('logout_uri'), `${urls.app}/`);
  await page.waitForURL(`${urls.app}/`);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  // The hosted UI asks for the password again: its session cookie is gone.
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/login\?/);
  await page.getByLabel('Password').waitFor();

  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('Ctrl-C stops everything run.sh started; a second run finds what the first created', async () => {
  const before = config();
  assert.equal(await interrupt(first), 130);
  assert.match(first.log, /stopping what run.sh started/);
  for (const url of [`${urls.tessera}/health`, urls.app, `${urls.api}/api/public`, `${urls.express}/api/hello`]) {
    assert.equal(await answers(url), false, `${url} still answers after Ctrl-C`);
  }

  // Same data folder: the Tessera it starts again holds the pool, client, domain, user and identity pool.
  const second = await runWalkthrough({ WALKTHROUGH_NO_BUILD: '1' });
  try {
    for (const what of ['user pool', 'app client', 'hosted UI domain', 'user alice', 'identity pool']) {
      assert.match(second.log, new RegExp(`${what} \\S* ?\\(found`), what);
    }
    const again = config();
    for (const key of ['userPoolId', 'clientId', 'identityPoolId', 'authorizationEndpoint']) assert.equal(again[key], before[key], key);
    const hello = await fetch(`${urls.api}/api/hello`);
    assert.equal(hello.status, 401);
  } finally {
    assert.equal(await interrupt(second), 130);
  }
});
