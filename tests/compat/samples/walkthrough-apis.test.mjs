// SPDX-License-Identifier: Apache-2.0
// The walkthrough's two APIs — ASP.NET Core with Tessera.AspNetCore.Authentication, and Express with
// aws-jwt-verify — protect /api/hello with access tokens from a started Tessera.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdminCreateUserCommand, InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTessera, freePort } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient } from '../lib/fixtures.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const apiDll = join(repo, 'samples/SeedWalkthrough/Api/bin/Release/net10.0/SeedWalkthrough.Api.dll');
const expressDir = join(repo, 'samples/SeedWalkthrough/express-api');

let tessera; let idp; let pool; let client; let tokens;
const children = [];

async function startApi(command, args, env, cwd) {
  const port = await freePort();
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`API exited:\n${log}`);
    try { await fetch(`${url}/api/hello`); return url; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  throw new Error(`API did not start:\n${log}`);
}

before(async () => {
  tessera = await startTessera();
  idp = idpClient(tessera.url);
  pool = await createPool(idp);
  client = await createAppClient(idp, pool.Id);
  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'alice', TemporaryPassword: 'Temp-Pass-1', MessageAction: 'SUPPRESS' }));
  const c = await idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: 'Temp-Pass-1' } }));
  tokens = (await idp.send(new RespondToAuthChallengeCommand({ ClientId: client.ClientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: c.Session,
    ChallengeResponses: { USERNAME: 'alice', NEW_PASSWORD: 'Perm-Pass-1' } }))).AuthenticationResult;
});

after(async () => {
  for (const child of children) child.kill('SIGTERM');
  await tessera?.stop();
});

async function expectProtected(url) {
  const ok = await fetch(`${url}/api/hello`, { headers: { authorization: `Bearer ${tokens.AccessToken}` } });
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), 'Hi alice, your API call is authenticated!');

  const missing = await fetch(`${url}/api/hello`);
  assert.equal(missing.status, 401);
  assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
  assert.match((await missing.json()).message, /Missing bearer token/);

  const idToken = await fetch(`${url}/api/hello`, { headers: { authorization: `Bearer ${tokens.IdToken}` } });
  assert.equal(idToken.status, 401);
  assert.match(idToken.headers.get('www-authenticate'), /error="invalid_token"/);

  const garbage = await fetch(`${url}/api/hello`, { headers: { authorization: 'Bearer not-a-jwt' } });
  assert.equal(garbage.status, 401);
}

test('ASP.NET Core API with AddCognitoJwtBearer', { skip: !existsSync(apiDll) && `build the solution first (${apiDll})` }, async () => {
  const url = await startApi('dotnet', [apiDll], (port) => ({
    ASPNETCORE_URLS: `http://127.0.0.1:${port}`,
    Authentication__Schemes__Cognito__Authority: `${tessera.url}/${pool.Id}`,
    Authentication__Schemes__Cognito__ClientIds__0: client.ClientId,
  }), repo);
  await expectProtected(url);
});

test('Express API with aws-jwt-verify', { skip: !existsSync(join(expressDir, 'node_modules')) && 'npm ci in samples/SeedWalkthrough/express-api first' }, async () => {
  const url = await startApi('node', ['server.mjs'], (port) => ({ PORT: String(port), ISSUER: `${tessera.url}/${pool.Id}`, CLIENT_ID: client.ClientId }), expressDir);
  await expectProtected(url);
});
