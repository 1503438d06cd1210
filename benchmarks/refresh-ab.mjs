// SPDX-License-Identifier: Apache-2.0
// A/B of the refresh path between two builds of Tessera, for a change to refresh (issue 12): both servers run
// side by side, pinned to the same core, and wrk drives REFRESH_TOKEN_AUTH (and GetTokensFromRefreshToken on a
// build that has it) against each in turn, A B A B … The figure that survives a busy machine is the server's CPU
// time per refresh (utime + stime of the server process over the run ÷ answers); throughput and latency are
// reported beside it. AB_FLOWS=refresh,password adds USER_PASSWORD_AUTH with the near-zero-cost benchmark hasher (G5b),
// the same way: CPU per sign-in. Bytes allocated and gen0 GCs per operation come from the servers' /metrics
// (System.Runtime meters), which load does not move, with gen1 collections and the GC's pause time per 10,000
// operations, and each server's peak RSS (VmHWM) at the end. AB_ENV_A / AB_ENV_B ("NAME=value NAME=value") add
// environment variables to one side, to compare runtime settings on one build (the same dll twice). Usage:
//   [AB_FLOWS=refresh,password] [AB_ENV_B='DOTNET_GCgen0size=0x1000000'] node benchmarks/refresh-ab.mjs <A tessera.dll> <B tessera.dll> [pairs=5] [seconds=8]
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CognitoIdentityProviderClient, CreateUserPoolCommand, CreateUserPoolClientCommand, AdminCreateUserCommand, AdminSetUserPasswordCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { cpuSeconds, startDev } from './lib/server-cpu.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const [dllA, dllB, pairsArg = '5', secondsArg = '8'] = process.argv.slice(2);
const PAIRS = Number(pairsArg);
const SECONDS = Number(secondsArg);
const CPU_SERVER = process.env.AB_SERVER_CPU ?? '1';
const CPU_LOAD = process.env.AB_LOAD_CPU ?? '0';
const FLOWS = (process.env.AB_FLOWS ?? 'refresh').split(',');
const sideEnv = (text = '') => Object.fromEntries(text.split(/\s+/).filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const ENV = { A: sideEnv(process.env.AB_ENV_A), B: sideEnv(process.env.AB_ENV_B) };
const CONNS = (process.env.AB_CONNS ?? '4,1').split(',').map(Number);
// AB_STRACE=1 counts the server's fsync and fdatasync calls per operation (strace -f -c attached for each run); the
// tracing slows the server, so its CPU and latency figures are not comparable with a run without it.
const STRACE = process.env.AB_STRACE === '1';

/** Attaches `strace -c` to a process for fsync and fdatasync; stop() resolves to their count. */
function syncCounter(pid) {
  const tracer = spawn('strace', ['-f', '-c', '-e', 'trace=fsync,fdatasync', '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let report = '';
  tracer.stderr.on('data', (d) => { report += d; });
  return {
    stop: () => new Promise((ok) => {
      tracer.on('exit', () => ok([...report.matchAll(/^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(?:fsync|fdatasync)$/gm)].reduce((n, m) => n + Number(m[1]), 0)));
      tracer.kill('SIGINT');
    }),
  };
}

async function start(name, dll) {
  // The near-zero-cost hasher, and a hash queue that never sheds (as run.mjs's G5b).
  const { port, url, child } = await startDev(name, dll, {
    cpu: CPU_SERVER, prefix: 'refresh-ab',
    env: { Tessera__Passwords__MemoryKiB: '8', Tessera__Passwords__Passes: '1', Tessera__Passwords__QueueBudget: '01:00:00', Tessera__Metrics__Prometheus: 'true', ...ENV[name] },
  });
  const idp = new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'ab' }));
  const { UserPoolClient } = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool.Id, ClientName: 'ab', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
  const tokens = [];
  const logins = [];
  for (let i = 0; i < 20; i++) {
    const Username = `user${i}`;
    await idp.send(new AdminCreateUserCommand({ UserPoolId: UserPool.Id, Username, MessageAction: 'SUPPRESS' }));
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: UserPool.Id, Username, Password: 'Perm-Pass-1', Permanent: true }));
    const out = await idp.send(new InitiateAuthCommand({ ClientId: UserPoolClient.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: Username, PASSWORD: 'Perm-Pass-1' } }));
    tokens.push(out.AuthenticationResult.RefreshToken);
    logins.push(JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: UserPoolClient.ClientId, AuthParameters: { USERNAME: Username, PASSWORD: 'Perm-Pass-1' } }));
  }
  const bodies = { refresh: join(tmpdir(), `refresh-ab-${name}-${port}.txt`), password: join(tmpdir(), `refresh-ab-${name}-${port}-password.txt`) };
  writeFileSync(bodies.refresh, tokens.map((t) => JSON.stringify({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: UserPoolClient.ClientId, AuthParameters: { REFRESH_TOKEN: t } })).join('\n') + '\n');
  writeFileSync(bodies.password, logins.join('\n') + '\n');
  return { name, url, child, bodies };
}

/** Bytes allocated, collections by generation and the GC's pause time so far, from the server's Prometheus endpoint. */
async function gc(server) {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const value = (re) => Number(text.match(re)?.[1] ?? NaN);
  const collections = (gen) => value(new RegExp(`^dotnet_gc_collections_total\\{[^}]*gc_heap_generation="${gen}"[^}]*\\} (\\S+)`, 'm'));
  return {
    bytes: value(/^dotnet_gc_heap_total_allocated_bytes_total\S* (\S+)/m), gen0: collections('gen0'), gen1: collections('gen1'), gen2: collections('gen2'),
    pause: value(/^dotnet_gc_pause_time_seconds_total\S* (\S+)/m),
  };
}

/** A process's peak and current resident set, MB. */
const rss = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+)`, 'm'))[1]);
  return { hwm: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
};

async function wrk(server, conns, flow = 'refresh') {
  const gcBefore = await gc(server);
  const syncs = STRACE ? syncCounter(server.child.pid) : null;
  if (syncs) await new Promise((r) => setTimeout(r, 500)); // attached before the load starts
  const before = cpuSeconds(server.child.pid);
  const out = execFileSync('taskset', ['-c', CPU_LOAD, 'wrk', '-t1', `-c${conns}`, `-d${SECONDS}s`, '--timeout', '10s', '-s', join(here, 'lib/post.lua'), `${server.url}/`], {
    env: { ...process.env, BODIES: server.bodies[flow], AMZ_TARGET: 'AWSCognitoIdentityProviderService.InitiateAuth' },
  }).toString();
  const cpu = cpuSeconds(server.child.pid) - before;
  const fsyncs = syncs ? await syncs.stop() : NaN;
  const result = JSON.parse(out.match(/^RESULT (.*)$/m)[1]);
  const latency = JSON.parse(out.match(/^LATENCY (.*)$/m)[1]);
  const ok = result.requests - result.status - result.timeout;
  const gcAfter = await gc(server);
  return {
    rps: ok / (result.duration_us / 1e6), cpuUs: (cpu / ok) * 1e6, p50: latency.p50 / 1000, p99: latency.p99 / 1000, failures: result.status + result.timeout,
    fsyncsPerOp: fsyncs / ok, kb: (gcAfter.bytes - gcBefore.bytes) / ok / 1024, perGen0: ok / (gcAfter.gen0 - gcBefore.gen0),
    gen0Per10k: ((gcAfter.gen0 - gcBefore.gen0) * 1e4) / ok, gen1Per10k: ((gcAfter.gen1 - gcBefore.gen1) * 1e4) / ok,
    gen2Per10k: ((gcAfter.gen2 - gcBefore.gen2) * 1e4) / ok, pauseMsPer10k: ((gcAfter.pause - gcBefore.pause) * 1e7) / ok,
    pauseMsPerGc: ((gcAfter.pause - gcBefore.pause) * 1e3) / (gcAfter.gen0 + gcAfter.gen1 + gcAfter.gen2 - gcBefore.gen0 - gcBefore.gen1 - gcBefore.gen2),
  };
}

const median = (xs) => { const s = [...xs].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const a = await start('A', dllA);
const b = await start('B', dllB);
try {
  for (let i = 0; i < 2; i++) for (const flow of FLOWS) for (const s of [a, b]) await wrk(s, 4, flow); // JIT warm-up
  for (const flow of FLOWS) for (const conns of CONNS) {
    const rows = [];
    for (let p = 0; p < PAIRS; p++) rows.push({ a: await wrk(a, conns, flow), b: await wrk(b, conns, flow) });
    const m = (side, key) => median(rows.map((r) => r[side][key]));
    const side = (x) => `${m(x, 'rps').toFixed(0)} req/s, ${m(x, 'cpuUs').toFixed(0)} µs CPU/op, ${m(x, 'kb').toFixed(1)} KB/op, ${m(x, 'perGen0').toFixed(0)} ops/gen0, `
      + `per 10k ops gen0 ${m(x, 'gen0Per10k').toFixed(0)} gen1 ${m(x, 'gen1Per10k').toFixed(1)} gen2 ${m(x, 'gen2Per10k').toFixed(1)} pause ${m(x, 'pauseMsPer10k').toFixed(0)} ms (${m(x, 'pauseMsPerGc').toFixed(2)} ms/GC), `
      + `p50 ${m(x, 'p50').toFixed(2)} ms, p99 ${m(x, 'p99').toFixed(2)} ms${STRACE ? `, fsync+fdatasync/op ${m(x, 'fsyncsPerOp').toFixed(2)}` : ''}`;
    console.log(`${flow}, connections ${conns}: A ${side('a')} | B ${side('b')}`
      + ` | B÷A CPU/op ${(m('b', 'cpuUs') / m('a', 'cpuUs')).toFixed(2)}, KB/op ${(m('b', 'kb') / m('a', 'kb')).toFixed(2)}, failures ${rows.reduce((n, r) => n + r.a.failures + r.b.failures, 0)}`);
    console.log(`  CPU µs/op per pair (A/B): ${rows.map((r) => `${r.a.cpuUs.toFixed(0)}/${r.b.cpuUs.toFixed(0)}`).join(' ')}`);
    console.log(`  p99 ms per pair (A/B): ${rows.map((r) => `${r.a.p99.toFixed(2)}/${r.b.p99.toFixed(2)}`).join(' ')}`);
  }
  for (const s of [a, b]) {
    const { hwm, now } = rss(s.child.pid);
    console.log(`${s.name}: peak RSS (VmHWM) ${hwm.toFixed(1)} MB, RSS at the end ${now.toFixed(1)} MB; env ${JSON.stringify(ENV[s.name])}`);
  }
} finally {
  a.child.kill('SIGTERM');
  b.child.kill('SIGTERM');
}
