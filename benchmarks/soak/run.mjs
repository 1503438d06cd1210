// SPDX-License-Identifier: Apache-2.0
// Issue 23.4's soak: does what revocation leaves behind stay bounded? Starts a published Tessera (start-dev, SQLite)
// on loopback in a fresh data folder with housekeeping every 10 s and a 30 s retention, seeds one pool with USERS
// users, then (1) measures the sustainable rate of a mixed cycle from 8 closed loops for 20 s, and (2) runs that
// cycle open-loop at 60 % of it for MINUTES minutes. The cycle is a real user's: InitiateAuth (USER_PASSWORD_AUTH),
// GetUser, REFRESH_TOKEN_AUTH, GetUser with the new token, then GlobalSignOut or RevokeToken (half each); every
// fifth cycle also a ForgotPassword, which puts a code in the development inbox (at most 3 per user: the pool's
// send limit refuses more), kept to 50 per pool here. Every 15 s it samples the database
// size (the SQLite file and its WAL), the server's RSS and the rows housekeeping reports in its log.
// Usage: node benchmarks/soak/run.mjs [minutes] [users]   (after `dotnet publish src/Tessera.Server -c Release -o artifacts/server`)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import {
  CognitoIdentityProviderClient, CreateUserPoolCommand, CreateUserPoolClientCommand, AdminCreateUserCommand,
  AdminSetUserPasswordCommand, InitiateAuthCommand, GetUserCommand, GlobalSignOutCommand, RevokeTokenCommand,
  ForgotPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dll = process.env.TESSERA_DLL ?? join(repo, 'artifacts/server/tessera.dll');
const MINUTES = Number(process.argv[2] ?? 10);
const USERS = Number(process.argv[3] ?? 50);
const port = await new Promise((ok) => { const s = createServer().listen(0, '127.0.0.1', () => { const { port: p } = s.address(); s.close(() => ok(p)); }); });
const url = `http://127.0.0.1:${port}`;
const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-soak-'));
let log = '';
const server = spawn('dotnet', [dll, 'start-dev', `--urls=${url}`, `--Tessera:PublicUrl=${url}`], {
  cwd: dir,
  stdio: ['ignore', 'pipe', 'pipe'],
  env: {
    ...process.env, Tessera__Passwords__MemoryKiB: '8', Tessera__Passwords__Passes: '1',
    Tessera__Housekeeping__Interval: '00:00:10', Tessera__Housekeeping__Retention: '00:00:30', Tessera__Housekeeping__InboxMessagesPerPool: '50',
  },
});
server.stdout.on('data', (d) => { log += d; });
server.stderr.on('data', (d) => { log += d; });
const cleanup = () => { try { process.kill(server.pid, 'SIGKILL'); } catch { /* gone */ } };
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]) * 1024;
const dbBytes = () => {
  const data = join(dir, '.tessera');
  if (!existsSync(data)) return 0;
  return readdirSync(data).filter((f) => /\.db(-wal)?$/.test(f)).reduce((sum, f) => sum + statSync(join(data, f)).size, 0);
};
const purged = () => {
  const totals = [0, 0, 0, 0];
  for (const m of log.matchAll(/purged (\d+) refresh tokens, (\d+) sessions, (\d+) authorization codes, (\d+) inbox messages/g)) {
    for (let i = 0; i < 4; i++) totals[i] += Number(m[i + 1]);
  }
  return totals;
};

for (const deadline = Date.now() + 30_000; ;) {
  try { if ((await fetch(`${url}/health`)).ok) break; } catch { /* not yet */ }
  if (Date.now() > deadline) throw new Error(`Tessera did not start:\n${log}`);
  await sleep(100);
}

const idp = new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1 });
const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'soak', AutoVerifiedAttributes: ['email'] }));
const { UserPoolClient } = await idp.send(new CreateUserPoolClientCommand({
  UserPoolId: UserPool.Id, ClientName: 'soak', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
const ClientId = UserPoolClient.ClientId;
for (let i = 0; i < USERS; i++) {
  const Username = `user${i}`;
  await idp.send(new AdminCreateUserCommand({ UserPoolId: UserPool.Id, Username, MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }, { Name: 'email_verified', Value: 'true' }] }));
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: UserPool.Id, Username, Password: 'Soak-Pass-1', Permanent: true }));
}

let cycles = 0;
const errors = new Map();
const recoveries = new Map();
async function cycle(n) {
  const USERNAME = `user${n % USERS}`;
  try {
    const signedIn = (await idp.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD: 'Soak-Pass-1' } }))).AuthenticationResult;
    await idp.send(new GetUserCommand({ AccessToken: signedIn.AccessToken }));
    const refreshed = (await idp.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: signedIn.RefreshToken } }))).AuthenticationResult;
    await idp.send(new GetUserCommand({ AccessToken: refreshed.AccessToken }));
    if (n % 2 === 0) {
      await idp.send(new GlobalSignOutCommand({ AccessToken: refreshed.AccessToken }));
    } else {
      await idp.send(new RevokeTokenCommand({ ClientId, Token: signedIn.RefreshToken }));
    }
    if (n % 5 === 0 && (recoveries.get(USERNAME) ?? 0) < 3) {
      recoveries.set(USERNAME, (recoveries.get(USERNAME) ?? 0) + 1);
      await idp.send(new ForgotPasswordCommand({ ClientId, Username: USERNAME }));
    }
    cycles++;
  } catch (e) {
    const key = `${e.name}: ${e.message}`;
    errors.set(key, (errors.get(key) ?? 0) + 1);
  }
}

// (1) The sustainable rate: 8 closed loops for 20 s.
let next = 0;
const calibrateUntil = Date.now() + 20_000;
await Promise.all(Array.from({ length: 8 }, async () => { while (Date.now() < calibrateUntil) await cycle(next++); }));
const sustainable = cycles / 20;
const rate = sustainable * 0.6;
console.log(`sustainable: ${sustainable.toFixed(1)} cycles/s (8 closed loops, 20 s); soak at 60 %: ${rate.toFixed(1)} cycles/s for ${MINUTES} min, ${USERS} users`);
cycles = 0;

// (2) Open loop at 60 %: a cycle starts every 1/rate s whatever the others do.
const samples = [];
const started = Date.now();
const end = started + MINUTES * 60_000;
const inFlight = new Set();
const sampler = setInterval(() => {
  const [rt, se, co, ib] = purged();
  samples.push({ t: Math.round((Date.now() - started) / 1000), cycles, db: dbBytes(), rss: rss(), rt, se, co, ib });
  const s = samples.at(-1);
  console.log(`${String(s.t).padStart(5)} s  cycles ${String(s.cycles).padStart(6)}  db ${mb(s.db).padStart(9)}  rss ${mb(s.rss).padStart(9)}  purged: ${rt} refresh tokens, ${se} sessions, ${co} codes, ${ib} inbox`);
}, 15_000);
for (let n = next, at = Date.now(); Date.now() < end; n++) {
  at += 1000 / rate;
  const wait = at - Date.now();
  if (wait > 0) await sleep(wait);
  const p = cycle(n).finally(() => inFlight.delete(p));
  inFlight.add(p);
}
await Promise.all(inFlight);
clearInterval(sampler);

const warm = samples.filter((s) => s.t >= 120);
const first = warm[0] ?? samples[0];
const last = samples.at(-1);
const pct = (a, b) => `${(((b - a) / a) * 100).toFixed(1)} %`;
console.log(`\ncycles completed: ${cycles} (${(cycles / (MINUTES * 60)).toFixed(1)}/s); errors: ${errors.size === 0 ? 'none' : [...errors].map(([k, v]) => `${v}× ${k}`).join('; ')}`);
console.log(`after warm-up (${first.t} s -> ${last.t} s): database ${mb(first.db)} -> ${mb(last.db)} (${pct(first.db, last.db)}), RSS ${mb(first.rss)} -> ${mb(last.rss)} (${pct(first.rss, last.rss)})`);
console.log(`max after warm-up: database ${mb(Math.max(...warm.map((s) => s.db)))}, RSS ${mb(Math.max(...warm.map((s) => s.rss)))}`);
const [rt, se, co, ib] = purged();
console.log(`purged in all: ${rt} refresh tokens, ${se} sessions, ${co} authorization codes, ${ib} inbox messages`);
process.exit(errors.size === 0 ? 0 : 1);
