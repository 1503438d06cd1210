// SPDX-License-Identifier: Apache-2.0
// Drop-in mode: the unchanged cognito-express API validates Tessera's tokens. Tessera mints the AWS
// issuer (Tessera:IssuerMode=Aws) and serves HTTPS for cognito-idp.us-east-1.amazonaws.com on
// 127.0.0.1:443 with a certificate from `tessera certificate`; the hosts file points that name at
// loopback and Node trusts the CA through NODE_EXTRA_CA_CERTS. docs/drop-in.md gives the same steps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, accessSync, constants, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { AdminCreateUserCommand, InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTessera, serverDll, freePort } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient } from '../lib/fixtures.mjs';

const host = 'cognito-idp.us-east-1.amazonaws.com';
const hostsLine = `127.0.0.1 ${host} # tessera drop-in test`;
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const expressDir = join(repo, 'samples/SeedWalkthrough/express-api');

function whyNot() {
  if (process.getuid?.() !== 0) return 'needs root: it binds port 443 and adds a hosts entry';
  try { accessSync('/etc/hosts', constants.W_OK); } catch { return '/etc/hosts is not writable on this machine'; }
  if (!existsSync(join(expressDir, 'node_modules/cognito-express'))) return 'npm ci in samples/SeedWalkthrough/express-api first';
  return null;
}

async function portFree(port) {
  return new Promise((ok) => { const s = net.createServer(); s.once('error', () => ok(false)); s.listen(port, '127.0.0.1', () => s.close(() => ok(true))); });
}

const skip = whyNot();
let tessera; let api; let certs; let addedHosts = false;

before(async () => {
  if (skip) return;
  if (!(await portFree(443))) throw new Error('port 443 on 127.0.0.1 is taken');
  certs = mkdtempSync(join(tmpdir(), 'tessera-certs-'));
  execFileSync('dotnet', [serverDll, 'certificate', '--host', host, '--out', certs]);
  const hosts = readFileSync('/etc/hosts', 'utf8');
  if (!hosts.includes(hostsLine)) { writeFileSync('/etc/hosts', `${hosts.trimEnd()}\n${hostsLine}\n`); addedHosts = true; }
});

after(async () => {
  api?.kill('SIGTERM');
  await tessera?.stop();
  if (addedHosts) writeFileSync('/etc/hosts', readFileSync('/etc/hosts', 'utf8').split('\n').filter((l) => l !== hostsLine).join('\n'));
});

test('unchanged Express + cognito-express validates Tessera access tokens', { skip: skip ?? false }, async () => {
  const httpPort = await freePort();
  tessera = await startTessera({
    args: [
      '--Tessera:IssuerMode=Aws',
      `--Kestrel:Endpoints:Http:Url=http://127.0.0.1:${httpPort}`,
      '--Kestrel:Endpoints:Https:Url=https://127.0.0.1:443',
      `--Kestrel:Endpoints:Https:Certificate:Path=${join(certs, 'server.pfx')}`,
    ],
    port: httpPort,
  });
  const idp = idpClient(tessera.url);
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id);
  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'alice', TemporaryPassword: 'Temp-Pass-1', MessageAction: 'SUPPRESS' }));
  const c = await idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: 'Temp-Pass-1' } }));
  const { AuthenticationResult: tokens } = await idp.send(new RespondToAuthChallengeCommand({ ClientId: client.ClientId, ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: c.Session, ChallengeResponses: { USERNAME: 'alice', NEW_PASSWORD: 'Perm-Pass-1' } }));
  const claims = JSON.parse(Buffer.from(tokens.AccessToken.split('.')[1], 'base64url'));
  assert.equal(claims.iss, `https://${host}/${pool.Id}`);

  const port = await freePort();
  api = spawn('node', ['cognito-express.cjs'], {
    cwd: expressDir,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: join(certs, 'ca.pem'), REGION: 'us-east-1', USER_POOL_ID: pool.Id, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = ''; api.stdout.on('data', (d) => { log += d; }); api.stderr.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}/api/hello`;
  let response;
  for (let i = 0; i < 100 && !response; i++) {
    try { response = await fetch(url, { headers: { authorization: `Bearer ${tokens.AccessToken}` } }); } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  assert.ok(response, `the cognito-express API did not start:\n${log}`);
  assert.equal(await response.text(), 'Hi alice, your API call is authenticated!', log);
  const denied = await fetch(url, { headers: { authorization: `Bearer ${tokens.IdToken}` } });
  assert.equal(denied.status, 401);
});
