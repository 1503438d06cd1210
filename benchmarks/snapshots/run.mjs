// SPDX-License-Identifier: Apache-2.0
// Issue 22's benchmark: how long start-dev's reset, snapshot save and restore take on a pool with 10,000
// users (docs/test-suites.md, docs/benchmarks.md). Starts a published Tessera on loopback in a fresh data
// folder, seeds it with the AWS SDK (one pool, one client, USERS users with an email and a permanent
// password, a refresh token for every tenth), then times over HTTP, as a test suite calls them:
// PUT /_dev/snapshots/bench (5 runs), POST /_dev/snapshots/bench/restore (20 runs, each after a small
// change, as a test leaves one), POST /_dev/reset (5 runs, each followed by a restore), and 10 s of
// sign-ins and GetUser calls from 4 loops while a restore runs every 500 ms (errors counted by status).
// Seeding uses Tessera:Passwords:MemoryKiB=8 and Passes=1 so it takes a minute, not an hour; a stored hash has the
// same size at any cost setting, so the copies measured here are the same.
// Usage: node benchmarks/snapshots/run.mjs [users]   (after `dotnet publish src/Tessera.Server -c Release -o artifacts/server`)
// BENCH_DATA=<folder> reuses the data folder of an earlier run (its 'bench' snapshot) instead of seeding again.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import {
  CognitoIdentityProviderClient, CreateUserPoolCommand, CreateUserPoolClientCommand, AdminCreateUserCommand,
  AdminSetUserPasswordCommand, InitiateAuthCommand, GetUserCommand, ListUsersCommand, DescribeUserPoolCommand,
  ListUserPoolsCommand, ListUserPoolClientsCommand,
} from '@aws-sdk/client-cognito-identity-provider';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dll = process.env.TESSERA_DLL ?? join(repo, 'artifacts/server/tessera.dll');
const USERS = Number(process.argv[2] ?? 10_000);
// A free port: other benchmarks use fixed ones.
const port = await new Promise((ok) => { const s = createServer().listen(0, '127.0.0.1', () => { const { port: p } = s.address(); s.close(() => ok(p)); }); });
const url = `http://127.0.0.1:${port}`;
const dir = process.env.BENCH_DATA ?? mkdtempSync(join(tmpdir(), 'tessera-bench-snapshots-'));
const server = spawn('dotnet', [dll, 'start-dev', `--urls=${url}`, `--Tessera:PublicUrl=${url}`], {
  cwd: dir,
  stdio: 'ignore',
  env: { ...process.env, Tessera__Passwords__MemoryKiB: '8', Tessera__Passwords__Passes: '1' },
});
const cleanup = () => { try { process.kill(server.pid, 'SIGKILL'); } catch { /* gone */ } };
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => { const s = sorted(xs); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const p95 = (xs) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const ms = (x) => `${x.toFixed(1)} ms`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const cpuSeconds = () => {
  const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const fileSize = (path) => (existsSync(path) ? statSync(path).size : 0);

async function dev(method, path) {
  const start = performance.now();
  const res = await fetch(`${url}${path}`, { method });
  const body = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return { wall: performance.now() - start, server: body.elapsedMs, body };
}

/** Runs `count` jobs, `width` at a time. */
async function inParallel(count, width, job) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => { while (next < count) await job(next++); }));
}

for (let i = 0; ; i++) {
  try { if ((await fetch(`${url}/health`)).ok) break; } catch { /* starting */ }
  if (i > 600) throw new Error('Tessera did not start');
  await sleep(100);
}

const idp = new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' }, maxAttempts: 1 });
const signIn = (i) => idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: name(i), PASSWORD: 'Perm-Pass-1' } }));
const seedStart = performance.now();
const name = (i) => `user${String(i).padStart(5, '0')}`;
let pool;
let client;
if (existsSync(join(dir, '.tessera/snapshots/bench.db'))) {
  await dev('POST', '/_dev/snapshots/bench/restore');
  pool = (await idp.send(new ListUserPoolsCommand({ MaxResults: 1 }))).UserPools[0];
  client = (await idp.send(new ListUserPoolClientsCommand({ UserPoolId: pool.Id }))).UserPoolClients[0];
} else {
  pool = (await idp.send(new CreateUserPoolCommand({ PoolName: 'bench', UsernameAttributes: [] }))).UserPool;
  client = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: pool.Id, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))).UserPoolClient;
  await inParallel(USERS, 16, async (i) => {
    await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: name(i), MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${name(i)}@example.com` }, { Name: 'email_verified', Value: 'true' }, { Name: 'name', Value: `User ${i}` }] }));
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.Id, Username: name(i), Password: 'Perm-Pass-1', Permanent: true }));
  });
  await inParallel(Math.ceil(USERS / 10), 16, (i) => signIn(i * 10));
}
const described = await idp.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
const db = join(dir, '.tessera/tessera.db');
console.log(`${process.env.BENCH_DATA ? 'restored' : 'seeded'} ${described.UserPool.EstimatedNumberOfUsers} users and ${Math.ceil(USERS / 10)} refresh tokens in ${((performance.now() - seedStart) / 1000).toFixed(0)} s; database ${mb(fileSize(db) + fileSize(`${db}-wal`))} (file + WAL)`);

const results = { users: USERS, save: [], restore: [], reset: [], restoreCpuMs: [], listUsers: [] };
const listExtra = (i) => idp.send(new ListUsersCommand({ UserPoolId: pool.Id, Filter: `username = "extra${i}"` }));
for (let i = 0; i < 20; i++) {
  const start = performance.now();
  await listExtra(i);
  results.listUsers.push({ wall: performance.now() - start });
}
for (let i = 0; i < 5; i++) results.save.push(await dev('PUT', '/_dev/snapshots/bench'));
const snapshotBytes = results.save.at(-1).body.sizeBytes;

for (let i = 0; i < 20; i++) {
  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: `extra${i}`, MessageAction: 'SUPPRESS' }));
  const cpu = cpuSeconds();
  const restored = await dev('POST', '/_dev/snapshots/bench/restore');
  results.restoreCpuMs.push((cpuSeconds() - cpu) * 1000);
  // Ready means the next request answers from the restored state.
  const first = performance.now();
  const page = await listExtra(i);
  if (page.Users.length !== 0) throw new Error('the restore did not take effect');
  restored.ready = restored.wall + (performance.now() - first);
  results.restore.push(restored);
}

for (let i = 0; i < 5; i++) {
  results.reset.push(await dev('POST', '/_dev/reset'));
  await dev('POST', '/_dev/snapshots/bench/restore');
}

// Sign-ins and GetUser from 4 loops while a restore runs every 500 ms.
const tokens = (await signIn(1)).AuthenticationResult;
const errors = {};
const latencies = [];
let calls = 0;
let loading = true;
const loops = Array.from({ length: 4 }, async (_, n) => {
  for (let i = n; loading; i += 4) {
    const start = performance.now();
    try {
      await (i % 2 ? signIn(i % USERS) : idp.send(new GetUserCommand({ AccessToken: tokens.AccessToken })));
      calls++;
    } catch (e) {
      const key = `${e.name} ${e.$metadata?.httpStatusCode ?? ''}`.trim();
      errors[key] = (errors[key] ?? 0) + 1;
    }
    latencies.push(performance.now() - start);
  }
});
const underLoad = [];
const loadEnd = Date.now() + 10_000;
while (Date.now() < loadEnd) {
  await sleep(500);
  underLoad.push(await dev('POST', '/_dev/snapshots/bench/restore'));
}
loading = false;
await Promise.all(loops);

const row = (label, runs, pick) => `| ${label} | ${runs.length} | ${ms(median(runs.map(pick)))} | ${ms(p95(runs.map(pick)))} | ${ms(Math.min(...runs.map(pick)))} – ${ms(Math.max(...runs.map(pick)))} |`;
console.log(`snapshot ${mb(snapshotBytes)}; database after the runs ${mb(fileSize(db))} + WAL ${mb(fileSize(`${db}-wal`))}`);
console.log('| operation (HTTP round trip unless said) | runs | median | p95 | min – max |');
console.log('| --- | --- | --- | --- | --- |');
console.log(row('save (PUT /_dev/snapshots/bench)', results.save, (r) => r.wall));
console.log(row('restore (POST …/restore)', results.restore, (r) => r.wall));
console.log(row('restore, server-side (elapsedMs)', results.restore, (r) => r.server));
console.log(row('restore + first ListUsers answered', results.restore, (r) => r.ready));
console.log(row('the same ListUsers, no restore before it', results.listUsers, (r) => r.wall));
console.log(row('restore, server CPU', results.restoreCpuMs.map((x) => ({ x })), (r) => r.x));
console.log(row('reset (POST /_dev/reset)', results.reset, (r) => r.wall));
console.log(row('restore under load (4 loops)', underLoad, (r) => r.wall));
console.log(`under load: ${calls} calls answered, errors ${JSON.stringify(errors)}, call latency median ${ms(median(latencies))}, p99 ${ms(sorted(latencies)[Math.floor(latencies.length * 0.99)])}, max ${ms(Math.max(...latencies))}`);
console.log(`machine: ${execFileSync('nproc').toString().trim()} cores, loadavg ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
cleanup();
process.exit(0);
