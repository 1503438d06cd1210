// SPDX-License-Identifier: Apache-2.0
// A/B of the shed path (issue 17, G5a/G5c) between two builds or two settings of Tessera, with production hashing
// (Argon2id m = 19 MiB, t = 2) and `start`'s queue budget (100 ms), the request log on as in run.mjs. Both servers run
// side by side, unpinned, and are driven in turn, A B A B …:
//   closed: wrk, 16 connections, USER_PASSWORD_AUTH with no back-off (G5a's loop): almost every answer is a shed.
//           The figure that survives a busy machine is the server's CPU per answer outside the hash threads (utime +
//           stime from /proc/<pid>/stat, less the hash threads' schedstat) ÷ answers; accepted/s ÷ hash-bound (G5a's
//           ratio, with t_hash = hash-thread CPU ÷ accepted) is reported beside it, but moves with the machine's load.
//   open:   overload.mjs's open loop at AB_RATE/s (G5c's generator): shed and accepted p99 (wall times: noisy here).
// With AB_METRICS=1 the servers expose /metrics and the closed loop also reports KB allocated per answer.
// AB_ENV_A / AB_ENV_B (JSON) add settings to one side, e.g. '{"Tessera__Passwords__HashThreadNice":"0"}'.
// Usage: node benchmarks/shed-ab.mjs <A tessera.dll> <B tessera.dll> [pairs=4] [seconds=6]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CognitoIdentityProviderClient, CreateUserPoolCommand, CreateUserPoolClientCommand, AdminCreateUserCommand, AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { cpuSeconds, freePort } from './lib/server-cpu.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const [dllA, dllB] = process.argv.slice(2, 4).map((p) => resolve(p));
const [pairsArg = '4', secondsArg = '6'] = process.argv.slice(4);
const PAIRS = Number(pairsArg);
const SECONDS = Number(secondsArg);
const RATE = Number(process.env.AB_RATE ?? '68');
const METRICS = process.env.AB_METRICS === '1';
const MODES = (process.env.AB_MODES ?? 'closed,open').split(',');

async function start(name, dll, extraEnv) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { ...process.env, Tessera__Passwords__QueueBudget: '00:00:00.100', ...(METRICS ? { Tessera__Metrics__Prometheus: 'true' } : {}), ...extraEnv };
  // The request log goes to /dev/null, as run.mjs's goes to a file: its formatting and writing are part of the cost.
  const child = spawn('dotnet', [dll, 'start-dev', `--urls=${url}`, `--Tessera:PublicUrl=${url}`], { cwd: mkdtempSync(join(tmpdir(), `shed-ab-${name}-`)), stdio: ['ignore', 'ignore', 'inherit'], env });
  for (const deadline = Date.now() + 300_000; ;) {
    try { if ((await fetch(`${url}/health`)).ok) break; } catch { /* starting */ }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${name} did not start`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const idp = new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 6 });
  const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'ab' }));
  const { UserPoolClient } = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool.Id, ClientName: 'ab', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }));
  const logins = [];
  for (let i = 0; i < 20; i++) {
    const Username = `user${i}`;
    await idp.send(new AdminCreateUserCommand({ UserPoolId: UserPool.Id, Username, MessageAction: 'SUPPRESS' }));
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: UserPool.Id, Username, Password: 'Perm-Pass-1', Permanent: true }));
    logins.push(JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: UserPoolClient.ClientId, AuthParameters: { USERNAME: Username, PASSWORD: 'Perm-Pass-1' } }));
  }
  const bodies = join(tmpdir(), `shed-ab-${name}-${port}.txt`);
  writeFileSync(bodies, logins.join('\n') + '\n');
  return { name, url, child, bodies };
}

/** CPU seconds of the "Tessera password hash" threads so far (their schedstat, in ns). */
function hashCpuSeconds(pid) {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      if (readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').startsWith('Tessera passw')) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch { /* the thread ended */ }
  }
  return ns / 1e9;
}

/** Bytes allocated and exceptions thrown so far (the runtime's own meters, through /metrics with AB_METRICS=1). */
async function runtimeCounts(server) {
  if (!METRICS) return { bytes: NaN, exceptions: NaN };
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const sum = (re) => [...text.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
  return { bytes: sum(/^dotnet_gc_heap_total_allocated_bytes_total\S* (\S+)/gm), exceptions: sum(/^dotnet_exceptions_total\S* (\S+)/gm) };
}

async function closed(server) {
  const counts = await runtimeCounts(server);
  const cpu = cpuSeconds(server.child.pid);
  const hash = hashCpuSeconds(server.child.pid);
  const out = execFileSync('wrk', ['-t1', '-c16', `-d${SECONDS}s`, '--timeout', '10s', '-s', join(here, 'lib/post.lua'), `${server.url}/`], {
    env: { ...process.env, BODIES: server.bodies, AMZ_TARGET: 'AWSCognitoIdentityProviderService.InitiateAuth' },
  }).toString();
  const hashCpu = hashCpuSeconds(server.child.pid) - hash;
  const otherCpu = cpuSeconds(server.child.pid) - cpu - hashCpu;
  const result = JSON.parse(out.match(/^RESULT (.*)$/m)[1]);
  const accepted = result.requests - result.status - result.timeout;
  const seconds = result.duration_us / 1e6;
  const tHash = (hashCpu / accepted) * 1000;
  return {
    accepted: accepted / seconds, sheds: result.status / seconds, answerUs: (otherCpu / result.requests) * 1e6, tHash,
    ratio: accepted / seconds / ((2 * 1000) / tHash), timeouts: result.timeout,
    ...await (async () => { const after = await runtimeCounts(server); return { kb: (after.bytes - counts.bytes) / result.requests / 1024, exceptions: (after.exceptions - counts.exceptions) / result.requests }; })(),
  };
}

function open(server) {
  const out = execFileSync('node', [join(here, 'lib/overload.mjs'), `${server.url}/`, server.bodies, String(RATE), String(SECONDS), '64', 'open']).toString();
  const r = JSON.parse(out.match(/^OVERLOAD (.*)$/m)[1]);
  return { shedP99: r.classes.shed?.p99 ?? NaN, shedP50: r.classes.shed?.p50 ?? NaN, acceptedP99: r.classes.accepted?.p99 ?? NaN, shedShare: (r.classes.shed?.count ?? 0) / r.sent, timeouts: r.timeouts };
}

const median = (xs) => { const s = [...xs].filter((x) => !Number.isNaN(x)).sort((x, y) => x - y); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
const a = await start('A', dllA, JSON.parse(process.env.AB_ENV_A ?? '{}'));
const b = await start('B', dllB, JSON.parse(process.env.AB_ENV_B ?? '{}'));
try {
  for (const s of [a, b]) { await closed(s); open(s); } // JIT warm-up and a first hash time
  const rows = { closed: [], open: [] };
  for (let p = 0; p < PAIRS; p++) {
    for (const mode of MODES) {
      const run = mode === 'closed' ? closed : open;
      const [first, second] = p % 2 === 0 ? [a, b] : [b, a];
      const x = await run(first);
      const y = await run(second);
      rows[mode].push(first === a ? { a: x, b: y } : { a: y, b: x });
    }
  }
  const m = (mode, side, key) => median(rows[mode].map((r) => r[side][key]));
  const f = (x, d = 1) => (Number.isNaN(x) ? 'n/a' : x.toFixed(d));
  if (MODES.includes('closed')) {
    for (const side of ['a', 'b']) {
      console.log(`closed ${side.toUpperCase()}: ${f(m('closed', side, 'answerUs'), 0)} µs CPU per answer outside the hash threads, ${f(m('closed', side, 'kb'))} KB/answer, ${f(m('closed', side, 'exceptions'), 2)} exceptions/answer, `
        + `${f(m('closed', side, 'sheds'), 0)} sheds/s, ${f(m('closed', side, 'accepted'))} accepted/s, t_hash ${f(m('closed', side, 'tHash'))} ms, accepted ÷ hash-bound ${f(m('closed', side, 'ratio'), 2)}`);
    }
    console.log(`  per pair µs/answer (A/B): ${rows.closed.map((r) => `${f(r.a.answerUs, 0)}/${f(r.b.answerUs, 0)}`).join(' ')}; ratio (A/B): ${rows.closed.map((r) => `${f(r.a.ratio, 2)}/${f(r.b.ratio, 2)}`).join(' ')}`);
  }
  if (MODES.includes('open')) {
    for (const side of ['a', 'b']) {
      console.log(`open ${RATE}/s ${side.toUpperCase()}: shed p50 ${f(m('open', side, 'shedP50'))} ms, p99 ${f(m('open', side, 'shedP99'))} ms; accepted p99 ${f(m('open', side, 'acceptedP99'), 0)} ms; shed share ${f(m('open', side, 'shedShare'), 2)}; timeouts ${rows.open.reduce((n, r) => n + r[side].timeouts, 0)}`);
    }
    console.log(`  per pair shed p99 (A/B): ${rows.open.map((r) => `${f(r.a.shedP99)}/${f(r.b.shedP99)}`).join(' ')}`);
  }
} finally {
  a.child.kill('SIGTERM');
  b.child.kill('SIGTERM');
}
