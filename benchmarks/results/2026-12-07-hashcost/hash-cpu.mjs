// SPDX-License-Identifier: Apache-2.0
// The server's own cost of one Argon2id hash (issue 17, 2026-12-07 "hashcost"): starts `start-dev` (production hash
// parameters), signs one user in N times with C concurrent callers (USER_PASSWORD_AUTH), and reports per hash:
// the CPU time of the "Tessera password hash" threads (/proc/<pid>/task/<tid>/schedstat, nanoseconds), the wall time
// the server measured (tessera.password_hash.duration), the server's whole CPU per sign-in, and the sign-in latency.
// Usage: node hash-cpu.mjs <tessera.dll> [n=40] [concurrency=1] [cpus=0,1] [ENV=value ...]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(new URL('../../package.json', import.meta.url));
const { CognitoIdentityProviderClient, CreateUserPoolCommand, CreateUserPoolClientCommand, AdminCreateUserCommand, AdminSetUserPasswordCommand, InitiateAuthCommand } = require('@aws-sdk/client-cognito-identity-provider');
const [dll, nArg = '40', cArg = '1', cpus = '0,1', ...envArgs] = process.argv.slice(2);
const N = Number(nArg); const C = Number(cArg);
const env = { ...process.env, Tessera__Passwords__QueueBudget: '00:10:00', Tessera__Metrics__Prometheus: 'true', ...Object.fromEntries(envArgs.map((a) => a.split(/=(.*)/s).slice(0, 2))) };
const port = 21000 + Math.floor(Math.random() * 5000);
const srv = spawn('taskset', ['-c', cpus, 'dotnet', dll, 'start-dev', `--urls=http://127.0.0.1:${port}`, `--Tessera:PublicUrl=http://127.0.0.1:${port}`, '--Logging:LogLevel:Default=Warning'], { cwd: mkdtempSync('/tmp/hash-cpu-'), env, stdio: 'ignore' });
try {
  for (;;) { try { if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break; } catch {} await new Promise((r) => setTimeout(r, 100)); }
  const c = new CognitoIdentityProviderClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
  const pool = (await c.send(new CreateUserPoolCommand({ PoolName: 'p' }))).UserPool.Id;
  const client = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))).UserPoolClient.ClientId;
  for (let u = 0; u < C; u++) {
    await c.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: `u${u}`, MessageAction: 'SUPPRESS' }));
    await c.send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: `u${u}`, Password: 'Passw0rd!Passw0rd', Permanent: true }));
  }
  const signIn = (u) => c.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: client, AuthParameters: { USERNAME: `u${u}`, PASSWORD: 'Passw0rd!Passw0rd' } }));
  for (let i = 0; i < Number(process.env.WARMUP ?? 20); i++) await Promise.all([...Array(C).keys()].map(signIn)); // JIT and first-use warm-up
  const hashThreads = () => readdirSync(`/proc/${srv.pid}/task`).filter((t) => readFileSync(`/proc/${srv.pid}/task/${t}/comm`, 'utf8').startsWith('Tessera passw'));
  const threadNs = (field = 0) => hashThreads().reduce((s, t) => s + Number(readFileSync(`/proc/${srv.pid}/task/${t}/schedstat`, 'utf8').split(' ')[field]), 0);
  const procTicks = () => { const f = readFileSync(`/proc/${srv.pid}/stat`, 'utf8').split(') ')[1].split(' '); return Number(f[11]) + Number(f[12]); };
  const metrics = async () => { const m = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text(); const v = (n) => Number((m.match(new RegExp(`^tessera_password_hash_duration_seconds_${n}(?:\\{[^}]*\\})? (\\S+)`, 'm')) ?? [])[1]); return { sum: v('sum'), count: v('count') }; };
  const byThread = () => Object.fromEntries(readdirSync(`/proc/${srv.pid}/task`).map((t) => [`${t} ${readFileSync(`/proc/${srv.pid}/task/${t}/comm`, 'utf8').trim()}`, Number(readFileSync(`/proc/${srv.pid}/task/${t}/schedstat`, 'utf8').split(' ')[0])]));
  for (let w = 0; w < Number(process.env.WINDOWS ?? 1); w++) {
  const th0 = byThread();
    const m0 = await metrics(); const ns0 = threadNs(); const wait0 = threadNs(1); const t0 = procTicks(); const lat = [];
    const s0 = performance.now();
    await Promise.all([...Array(C).keys()].map(async (u) => { for (let i = 0; i < N / C; i++) { const s = performance.now(); await signIn(u); lat.push(performance.now() - s); } }));
    const wall = performance.now() - s0;
    const m1 = await metrics(); const ns1 = threadNs(); const wait1 = threadNs(1); const t1 = procTicks();
    const hashes = m1.count - m0.count;
    const th1 = byThread(); const perThread = {}; for (const [k, v] of Object.entries(th1)) { const name = k.split(' ').slice(1).join(' '); perThread[name] = (perThread[name] ?? 0) + (v - (th0[k] ?? 0)) / 1e6 / N; }
    if (process.env.THREADS) console.error(JSON.stringify(Object.fromEntries(Object.entries(perThread).filter(([, v]) => v > 0.05).map(([k, v]) => [k, Number(v.toFixed(2))])))); lat.sort((a, b) => a - b);
    console.log(JSON.stringify({ label: envArgs.join(' ') || 'default', dll, cpus, concurrency: C, hashes, hashThreadCpuMs: (ns1 - ns0) / 1e6 / hashes, hashThreadRunqueueWaitMs: (wait1 - wait0) / 1e6 / hashes, jitThreadMsPerSignIn: perThread['.NET Tiered Com'] ?? 0, hashWallMs: ((m1.sum - m0.sum) * 1000) / hashes, serverCpuPerSignInMs: ((t1 - t0) * 10) / N, signInP50Ms: lat[Math.floor(lat.length / 2)], elapsedS: wall / 1000, hashThreads: hashThreads().length }));
  }
} finally { srv.kill('SIGKILL'); }
