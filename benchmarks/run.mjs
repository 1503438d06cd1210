// SPDX-License-Identifier: Apache-2.0
// The load half of the benchmark (PERFORMANCE.md, "How to measure"): starts Tessera and cognito-local
// side by side on loopback, seeds both alike, runs bounded wrk/autocannon loads in alternating pairs,
// reads CPU and memory from /proc, and prints every ratio beside its goal. run.sh builds, runs the
// BenchmarkDotNet limits first and then this file. Every process started here is killed by its PID.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CognitoIdentityProviderClient, CreateUserPoolCommand, CreateUserPoolClientCommand, AdminCreateUserCommand,
  InitiateAuthCommand, RespondToAuthChallengeCommand, CreateUserPoolDomainCommand, CreateResourceServerCommand,
} from '@aws-sdk/client-cognito-identity-provider';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = process.env.BENCH_OUT ?? fail('BENCH_OUT is not set: run benchmarks/run.sh');
const tesseraDll = process.env.TESSERA_DLL ?? path.join(here, 'results/tmp/server/tessera.dll');
const cognitoJs = path.join(here, 'node_modules/cognito-local/lib/bin/start.js');
const luaScript = path.join(here, 'lib/post.lua');
const PAIRS = Number(process.env.BENCH_PAIRS ?? 3);
const WARM = Number(process.env.BENCH_WARMUP ?? 5);
const DUR = Number(process.env.BENCH_DURATION ?? 10);
const CONNS = 16;
const USERS = 20;
const CORES = 2;
const SERVER_CPU = '1';
const LOAD_CPU = '0';
const CLK_TCK = 100;
const PORTS = { tPinned: 9230, tWhole: 9231, tFast: 9232, tOAuth: 9233, tOAuthWhole: 9234, cognito: 9240, tCold: 9250, cCold: 9251 };
const TARGET = 'AWSCognitoIdentityProviderService.InitiateAuth';

const started = new Map();
const runs = [];
const raw = fs.createWriteStream(path.join(out, 'raw.log'), { flags: 'a' });
fs.mkdirSync(path.join(out, 'logs'), { recursive: true });
fs.mkdirSync(path.join(out, 'bodies'), { recursive: true });
const work = fs.mkdtempSync(path.join(path.join(here, 'results/tmp'), 'data-'));

function fail(message) { throw new Error(message); }
function log(line) { console.log(line); raw.write(line + '\n'); }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => { const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b); const n = s.length; return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

function killAll() {
  for (const [pid, p] of started) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    started.delete(pid);
    void p;
  }
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { killAll(); process.exit(130); });

// ---------------------------------------------------------------- /proc readers

function procCpuSeconds(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime (fields 14 and 15)
}

/**
 * CPU seconds of the server's password-hash threads ("Tessera password hash N", of which Linux keeps 15 characters),
 * from /proc/<pid>/task/<tid>/schedstat (nanoseconds on a CPU): the hashes alone, without request handling, JIT or GC.
 */
function hashThreadsCpuSeconds(pid) {
  let ns = 0; let threads = 0;
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').startsWith('Tessera passw')) continue;
      ns += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      threads++;
    } catch { /* the thread ended */ }
  }
  if (threads === 0) fail(`pid ${pid} has no "Tessera password hash" thread`);
  return ns / 1e9;
}

function procStatus(pid) {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number((text.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm')) ?? [])[1] ?? NaN);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** Anonymous (heaps, JIT code) vs file-backed (mapped assemblies and native libraries) resident memory. */
function memBreakdown(pid) {
  const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (name) => Number((text.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm')) ?? [])[1] ?? NaN);
  return `rss ${kb('Rss')} kB = anonymous ${kb('Anonymous')} kB + file-backed ${kb('Rss') - kb('Anonymous')} kB`;
}

function machineCpu() {
  const [, ...v] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = v;
  return { busy: (user + nice + system + irq + softirq + steal) / CLK_TCK, steal: steal / CLK_TCK, idle: (idle + iowait) / CLK_TCK };
}

// ---------------------------------------------------------------- servers

async function waitHttp(url, pid, name, accept) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (!started.has(pid)) fail(`${name} exited early; see ${out}/logs/${name}.log`);
    try {
      const r = await fetch(url);
      if (accept(r)) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) fail(`${name} did not start; see ${out}/logs/${name}.log`);
    await sleep(20);
  }
}

function launch(name, argv, { cwd, env, pinned }) {
  const cmd = pinned ? ['taskset', '-c', SERVER_CPU, ...argv] : argv;
  const fd = fs.openSync(path.join(out, 'logs', `${name}.log`), 'a');
  const child = spawn(cmd[0], cmd.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  started.set(child.pid, child);
  child.once('exit', () => started.delete(child.pid));
  return child;
}

async function startTessera(name, port, { pinned, env = {} }) {
  const dir = fs.mkdtempSync(path.join(work, `${name}-`));
  const url = `http://127.0.0.1:${port}`;
  // BENCH_TESSERA_ENV='{"DOTNET_GCgen0size":"0x400000"}' adds runtime settings for an experiment; the log records them.
  env = { ...JSON.parse(process.env.BENCH_TESSERA_ENV ?? '{}'), ...env };
  const child = launch(name, ['dotnet', tesseraDll, 'start-dev', `--urls=${url}`, `--Tessera:PublicUrl=${url}`], { cwd: dir, env, pinned });
  await waitHttp(`${url}/health`, child.pid, name, (r) => r.ok);
  log(`STARTED ${name} pid=${child.pid} ${pinned ? `pinned cpu ${SERVER_CPU}` : 'unpinned'} ${url} ${JSON.stringify(env)}`);
  return { name, kind: 'tessera', pid: child.pid, child, url, dir };
}

async function startCognito(name, port, { pinned, dir }) {
  dir ??= fs.mkdtempSync(path.join(work, `${name}-`));
  // cognito-local's own default makes every pool an email-as-username pool; AWS's default (and Tessera's) is plain usernames.
  fs.mkdirSync(path.join(dir, '.cognito'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.cognito/config.json'), JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] } }));
  const url = `http://127.0.0.1:${port}`;
  const child = launch(name, ['node', cognitoJs], { cwd: dir, env: { PORT: String(port), HOST: '127.0.0.1' }, pinned });
  await waitHttp(`${url}/`, child.pid, name, () => true);
  log(`STARTED ${name} pid=${child.pid} ${pinned ? `pinned cpu ${SERVER_CPU}` : 'unpinned'} ${url}`);
  return { name, kind: 'cognito-local', pid: child.pid, child, url, dir };
}

async function stop(server, signal = 'SIGTERM') {
  if (!started.has(server.pid)) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  process.kill(server.pid, signal);
  await Promise.race([exited, sleep(10_000)]);
  if (started.has(server.pid)) { process.kill(server.pid, 'SIGKILL'); await exited; }
}

// ---------------------------------------------------------------- seeding (same pool, client, users for both)

function sdkFor(server) {
  return new CognitoIdentityProviderClient({
    // Tessera sheds sign-ins beyond twice the core count with TooManyRequestsException; the SDK retries those.
    endpoint: server.url, region: 'us-east-1', maxAttempts: 6,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'dev-secret' },
  });
}

async function seed(server) {
  const sdk = sdkFor(server);
  const t0 = performance.now();
  const pool = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'bench' }))).UserPool.Id;
  const clientId = (await sdk.send(new CreateUserPoolClientCommand({
    UserPoolId: pool, ClientName: 'bench', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }))).UserPoolClient.ClientId;
  const users = [];
  const one = async (i) => {
    const username = `user${String(i).padStart(2, '0')}`;
    const password = `Bench-Pass-${i}!x`;
    await sdk.send(new AdminCreateUserCommand({
      UserPoolId: pool, Username: username, TemporaryPassword: 'Temp-Pass-1!x', MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }],
    }));
    const challenge = await sdk.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: 'Temp-Pass-1!x' },
    }));
    if (challenge.ChallengeName !== 'NEW_PASSWORD_REQUIRED') fail(`${server.name}: expected NEW_PASSWORD_REQUIRED, got ${challenge.ChallengeName}`);
    const done = await sdk.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: challenge.Session,
      ChallengeResponses: { USERNAME: username, NEW_PASSWORD: password },
    }));
    let refreshToken = done.AuthenticationResult.RefreshToken;
    if (server.kind === 'cognito-local') {
      // cognito-local 5.3.0 does not keep the refresh token it returns from RespondToAuthChallenge.
      refreshToken = (await sdk.send(new InitiateAuthCommand({
        ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password },
      }))).AuthenticationResult.RefreshToken;
    }
    users[i - 1] = { username, password, refreshToken };
  };
  for (let i = 1; i <= USERS; i += 2) await Promise.all([i, i + 1].filter((n) => n <= USERS).map(one));
  sdk.destroy();
  const files = {
    password: path.join(out, 'bodies', `${server.name}-password.txt`),
    refresh: path.join(out, 'bodies', `${server.name}-refresh.txt`),
  };
  server.users = users;
  fs.writeFileSync(files.password, users.map((u) => JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: u.username, PASSWORD: u.password } })).join('\n') + '\n');
  fs.writeFileSync(files.refresh, users.map((u) => JSON.stringify({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: u.refreshToken } })).join('\n') + '\n');
  for (const f of Object.values(files)) await probe(server, f);
  log(`SEEDED ${server.name} pool=${pool} client=${clientId} users=${USERS} in ${fmt((performance.now() - t0) / 1000, 1)} s`);
  return Object.assign(server, { pool, clientId, bodies: files });
}

/**
 * G3 and the OAuth half of G4 (Tessera only: cognito-local 5.3.0 has no domains, resource servers or
 * /oauth2/token). Adds to the seeded pool a domain, a resource server with two scopes and a confidential
 * client allowed client_credentials, and writes the bodies of both /oauth2/token loads: client_credentials
 * with HTTP Basic, and refresh_token for the same 20 sessions as the REFRESH_TOKEN_AUTH load (public client,
 * client_id in the form, access + ID token: the same two signatures as REFRESH_TOKEN_AUTH).
 */
async function seedOAuth(server) {
  const sdk = sdkFor(server);
  const domain = `bench-${server.pool.split('_')[1].toLowerCase()}`;
  await sdk.send(new CreateUserPoolDomainCommand({ UserPoolId: server.pool, Domain: domain }));
  await sdk.send(new CreateResourceServerCommand({
    UserPoolId: server.pool, Identifier: 'bench-api', Name: 'bench api',
    Scopes: [{ ScopeName: 'read', ScopeDescription: 'read' }, { ScopeName: 'write', ScopeDescription: 'write' }],
  }));
  const m2m = (await sdk.send(new CreateUserPoolClientCommand({
    UserPoolId: server.pool, ClientName: 'bench-m2m', GenerateSecret: true,
    AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['bench-api/read', 'bench-api/write'],
  }))).UserPoolClient;
  sdk.destroy();
  const tokenPath = `/auth/${domain}/oauth2/token`;
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(m2m.ClientId)}:${encodeURIComponent(m2m.ClientSecret)}`).toString('base64')}`;
  const form = (fields) => new URLSearchParams(fields).toString();
  const files = {
    clientCredentials: path.join(out, 'bodies', `${server.name}-client-credentials.txt`),
    oauthRefresh: path.join(out, 'bodies', `${server.name}-oauth-refresh.txt`),
  };
  fs.writeFileSync(files.clientCredentials, form({ grant_type: 'client_credentials', scope: 'bench-api/read bench-api/write' }) + '\n');
  fs.writeFileSync(files.oauthRefresh, server.users.map((u) => form({ grant_type: 'refresh_token', client_id: server.clientId, refresh_token: u.refreshToken })).join('\n') + '\n');
  const formPost = { REQ_PATH: tokenPath, CONTENT_TYPE: 'application/x-www-form-urlencoded' };
  Object.assign(server.bodies, files);
  server.requestEnv = { clientCredentials: { ...formPost, AUTHORIZATION: basic }, oauthRefresh: formPost };
  await probeOAuth(server, 'clientCredentials', (json, claims) => json.id_token === undefined && claims.sub === m2m.ClientId && claims.scope === 'bench-api/read bench-api/write');
  await probeOAuth(server, 'oauthRefresh', (json, claims) => typeof json.id_token === 'string' && claims.client_id === server.clientId && claims.username === server.users[0].username);
  log(`SEEDED ${server.name} domain=${domain} resource server bench-api (read, write), confidential client ${m2m.ClientId} (client_credentials); token endpoint ${server.url}${tokenPath}`);
  return server;
}

/** The OAuth load only counts if its first request answers 200 with the expected tokens. */
async function probeOAuth(server, flow, check) {
  const env = server.requestEnv[flow];
  const headers = { 'content-type': env.CONTENT_TYPE, ...(env.AUTHORIZATION ? { authorization: env.AUTHORIZATION } : {}) };
  const body = fs.readFileSync(server.bodies[flow], 'utf8').split('\n')[0];
  const r = await fetch(`${server.url}${env.REQ_PATH}`, { method: 'POST', headers, body });
  const json = await r.json();
  const claims = json.access_token ? JSON.parse(Buffer.from(json.access_token.split('.')[1], 'base64url')) : {};
  if (r.status !== 200 || !check(json, claims)) fail(`${server.name}: probe of ${flow} answered ${r.status} ${JSON.stringify(json)} ${JSON.stringify(claims)}`);
}

/** The load only counts if the request it repeats succeeds. */
async function probe(server, bodiesFile) {
  const body = fs.readFileSync(bodiesFile, 'utf8').split('\n')[0];
  const r = await fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET }, body });
  const json = await r.json();
  if (r.status !== 200 || !json.AuthenticationResult?.AccessToken) fail(`${server.name}: probe of ${bodiesFile} answered ${r.status} ${JSON.stringify(json)}`);
}

// ---------------------------------------------------------------- load runs

function runProcess(argv, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    started.set(child.pid, child);
    let stdout = ''; let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.once('exit', (code) => { started.delete(child.pid); resolve({ code, stdout, stderr }); });
  });
}

/** Runs a command with the server's CPU, the machine's busy time and the server's RSS sampled around it. */
async function measured(server, argv, env, seconds) {
  const cpu0 = procCpuSeconds(server.pid); const m0 = machineCpu(); const t0 = performance.now();
  let rssMax = 0;
  const sampler = setInterval(() => { try { rssMax = Math.max(rssMax, procStatus(server.pid).rss); } catch { /* exited */ } }, 500);
  const res = await runProcess(argv, env);
  clearInterval(sampler);
  const wall = (performance.now() - t0) / 1000; const m1 = machineCpu(); const cpu1 = procCpuSeconds(server.pid);
  const mem = procStatus(server.pid);
  const time = res.stderr.match(/TIME ([\d.]+) ([\d.]+) ([\d.]+)/);
  const loadCpu = time ? Number(time[1]) + Number(time[2]) : NaN;
  const serverCpu = cpu1 - cpu0; const busy = m1.busy - m0.busy;
  const other = busy - serverCpu - loadCpu;
  return {
    res, wall, serverCpu, loadCpu, busy, steal: m1.steal - m0.steal, other,
    // PERFORMANCE.md step 4: anything else above 5% of a core during the run contaminates it.
    contaminated: other > 0.05 * seconds,
    rssMax: Math.max(rssMax, mem.rss), rssEnd: mem.rss, hwm: mem.hwm,
  };
}

/** What lib/post.lua needs for a flow: its bodies, and the AWS target or the /oauth2/token form request. */
function flowEnv(server, flow) {
  return { BODIES: server.bodies[flow], ...(server.requestEnv?.[flow] ?? { AMZ_TARGET: TARGET }) };
}

async function wrk(server, { flow, conns = CONNS, seconds = DUR, pinned, label, warm = WARM }) {
  const env = flowEnv(server, flow);
  const pin = pinned ? ['taskset', '-c', LOAD_CPU] : [];
  const base = ['wrk', '-t1', `-c${conns}`, '--timeout', '10s', '-s', luaScript];
  if (warm > 0) {
    const w = await runProcess([...pin, ...base, `-d${warm}s`, `${server.url}/`], env);
    raw.write(`WARMUP ${label} ${server.name}\n${w.stdout}`);
  }
  const m = await measured(server, [...pin, '/usr/bin/time', '-f', 'TIME %U %S %e', ...base, `-d${seconds}s`, `${server.url}/`], env, seconds);
  const result = JSON.parse((m.res.stdout.match(/^RESULT (.*)$/m) ?? fail(`wrk printed no RESULT:\n${m.res.stdout}${m.res.stderr}`))[1]);
  const latency = JSON.parse(m.res.stdout.match(/^LATENCY (.*)$/m)[1]);
  const run = {
    label, server: server.name, kind: server.kind, flow, conns, pinned: Boolean(pinned),
    // Throughput counts successful answers only; failures are reported beside it.
    failures: result.status + result.timeout + result.connect + result.read + result.write,
    requests: result.requests, seconds: result.duration_us / 1e6,
    p50: latency.p50 / 1000, p90: latency.p90 / 1000, p99: latency.p99 / 1000, max: latency.max / 1000,
    serverCpu: m.serverCpu, loadCpu: m.loadCpu, busy: m.busy, steal: m.steal, other: m.other, contaminated: m.contaminated,
    cpuPerReqUs: (m.serverCpu / result.requests) * 1e6, rssMaxKb: m.rssMax, rssEndKb: m.rssEnd, hwmKb: m.hwm,
  };
  run.rps = (run.requests - run.failures) / (result.duration_us / 1e6);
  if (run.failures > 0) log(`FAILURES ${label} ${server.name}: ${run.failures} of ${run.requests} requests were not answered with 2xx`);
  raw.write(`RUN ${label} ${server.name}\n${m.res.stdout}${m.res.stderr}`);
  log(`RUN ${JSON.stringify(run)}`);
  runs.push(run);
  return run;
}

/** A B A B A B; a pair that another process contaminated is repeated once. */
async function pairs(label, a, b, options, { beforePair, optionsB = {} } = {}) {
  const result = [];
  for (let p = 1; p <= PAIRS; p++) {
    let pair;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const servers = beforePair ? await beforePair(p) : { a, b };
      const ra = await wrk(servers.a, { ...options, label: `${label}#${p}` });
      const rb = await wrk(servers.b, { ...options, ...optionsB, label: `${label}#${p}` });
      pair = { a: ra, b: rb, ratio: ra.rps / rb.rps, contaminated: ra.contaminated || rb.contaminated, attempt };
      if (!pair.contaminated) break;
      log(`CONTAMINATED ${label}#${p} attempt ${attempt}: other ${fmt(ra.other)} s / ${fmt(rb.other)} s of CPU${attempt === 1 ? '; repeating the pair' : '; kept and flagged'}`);
    }
    result.push(pair);
  }
  return result;
}

async function repeated(label, server, options) {
  const result = [];
  for (let i = 1; i <= PAIRS; i++) result.push(await wrk(server, { ...options, label: `${label}#${i}` }));
  return result;
}

// ---------------------------------------------------------------- G3 and G4 through /oauth2/token

/** Published rate of Ory Hydra's client_credentials grant, in-memory, 2 CPU (PERFORMANCE.md, anchors). */
const HYDRA_CLIENT_CREDENTIALS = 513;

/**
 * One longer, unmeasured warm-up per flow before the runs: on one pinned core the tiered-compilation thread
 * still took 20% of the server's CPU after 20 s of load (perf, contended machine), so the 5 s before each
 * run alone measures partly unoptimised code. BENCH_JIT_WARMUP=0 turns it off.
 */
async function jitWarmup(server, pinned, flows) {
  const seconds = Number(process.env.BENCH_JIT_WARMUP ?? 15);
  if (seconds <= 0) return;
  const pin = pinned ? ['taskset', '-c', LOAD_CPU] : [];
  for (const flow of flows) {
    const w = await runProcess([...pin, 'wrk', '-t1', `-c${CONNS}`, `-d${seconds}s`, '-s', luaScript, `${server.url}/`], flowEnv(server, flow));
    raw.write(`WARMUP jit ${flow} ${server.name}\n${w.stdout}`);
  }
  log(`WARMED ${server.name}: ${seconds} s of each of ${flows.join(', ')}, unmeasured`);
}

async function oauthLoads() {
  log('NOTE G3 and /oauth2/token refresh: cognito-local 5.3.0 has no token endpoint (no domains, resource servers or client_credentials), '
    + `so these loads compare Tessera with the RSA sign limits measured in this run and with Ory Hydra's published ${HYDRA_CLIENT_CREDENTIALS} req/s (2 CPU), not with cognito-local.`);
  // Neither grant hashes a password: the near-zero-cost hasher only makes seeding the 20 users quick.
  const pinned = await seedOAuth(await seed(await startTessera('tessera-oauth-pinned', PORTS.tOAuth, { pinned: true, env: fastEnv })));
  await jitWarmup(pinned, true, ['clientCredentials', 'oauthRefresh', 'refresh']);
  const g3 = await repeated('G3-client-credentials-pinned', pinned, { flow: 'clientCredentials', pinned: true });
  const g3rps = median(g3.map((r) => r.rps));
  const g3ratio = median(g3.map((r) => r.rps / signPerSec));
  goal('G3', 'client_credentials at /oauth2/token (HTTP Basic, 2 custom scopes), pinned ÷ 1-core sign limit',
    `${fmt(g3ratio)} (median ${fmt(g3rps, 0)} req/s vs ${fmt(signPerSec, 0)}/s; server CPU ${fmt(median(g3.map((r) => r.cpuPerReqUs)), 0)} µs/request vs ${fmt(1e6 / signPerSec, 0)} µs/sign)`,
    '≥ 0.80 (stretch ≥ 0.90)', g3ratio >= 0.8);
  // The same ratio in CPU time, which survives a busy machine: `openssl speed` divides by CPU time, not wall time.
  const opensslSign = Number((fs.readFileSync(path.join(out, 'openssl-speed.txt'), 'utf8').match(/^rsa 2048 bits\s+\S+\s+\S+\s+([\d.]+)/m) ?? [])[1]);
  goal('G3', 'same by CPU time: CPU per openssl sign ÷ server CPU per client_credentials request (pinned)',
    `${fmt((1e6 / opensslSign) / median(g3.map((r) => r.cpuPerReqUs)))} (${fmt(1e6 / opensslSign, 0)} µs vs ${fmt(median(g3.map((r) => r.cpuPerReqUs)), 0)} µs)`, 'info (≥ 0.80 on an idle machine)', null);

  // A B A B A B on the same pinned instance: /oauth2/token refresh vs REFRESH_TOKEN_AUTH of the same sessions.
  const g4o = await pairs('G4-oauth-refresh-pinned', pinned, pinned, { flow: 'oauthRefresh', pinned: true }, { optionsB: { flow: 'refresh' } });
  const g4oSign = median(g4o.map((p) => p.a.rps / (signPerSec / 2)));
  goal('G4', '/oauth2/token refresh_token pinned ÷ sign-bound limit (1-core sign ÷ 2)',
    `${fmt(g4oSign)} (median ${fmt(median(g4o.map((p) => p.a.rps)), 0)} req/s vs ${fmt(signPerSec / 2, 0)}/s; server CPU ${fmt(median(g4o.map((p) => p.a.cpuPerReqUs)), 0)} µs/request)`,
    '≥ 0.65 (stretch ≥ 0.80)', g4oSign >= 0.65);
  goal('G4', '/oauth2/token refresh_token ÷ REFRESH_TOKEN_AUTH, same pinned instance, same sessions',
    `${fmt(median(g4o.map((p) => p.ratio)))}× (REFRESH_TOKEN_AUTH ${fmt(median(g4o.map((p) => p.b.rps)), 0)} req/s, ${fmt(median(g4o.map((p) => p.b.cpuPerReqUs)), 0)} µs/request)`,
    'info (both must meet G4)', null);
  await stop(pinned);

  const whole = await seedOAuth(await seed(await startTessera('tessera-oauth-unpinned', PORTS.tOAuthWhole, { pinned: false, env: fastEnv })));
  await jitWarmup(whole, false, ['clientCredentials', 'oauthRefresh']);
  const g3u = await repeated('G3-client-credentials-unpinned', whole, { flow: 'clientCredentials', pinned: false });
  const g3uRps = median(g3u.map((r) => r.rps));
  goal('G3', 'client_credentials unpinned ÷ 2-thread sign limit',
    `${fmt(g3uRps / sign2PerSec)} (${fmt(g3uRps, 0)} req/s vs ${fmt(sign2PerSec, 0)}/s; ${fmt(g3uRps / HYDRA_CLIENT_CREDENTIALS, 1)}× Hydra's published ${HYDRA_CLIENT_CREDENTIALS}/s on 2 CPU)`,
    '≥ 0.60 (stretch ≥ 0.70)', g3uRps / sign2PerSec >= 0.6);
  const g4ou = await repeated('G4-oauth-refresh-unpinned', whole, { flow: 'oauthRefresh', pinned: false });
  const g4ouRps = median(g4ou.map((r) => r.rps));
  goal('G4', '/oauth2/token refresh_token unpinned ÷ (2-thread sign limit ÷ 2)', `${fmt(g4ouRps / (sign2PerSec / 2))} (${fmt(g4ouRps, 0)} req/s vs ${fmt(sign2PerSec / 2, 0)}/s)`,
    '≥ 0.65 (stretch ≥ 0.80)', g4ouRps / (sign2PerSec / 2) >= 0.65);
  await stop(whole);
}

async function profileOAuth() {
  const t = await seedOAuth(await seed(await startTessera('tessera-oauth-profile', PORTS.tOAuth, { pinned: true, env: { ...fastEnv, DOTNET_PerfMapEnabled: '1', DOTNET_EnableWriteXorExecute: '0' } })));
  for (const flow of ['clientCredentials', 'oauthRefresh']) {
    await wrk(t, { flow, pinned: true, label: `profile-${flow}-warmup`, warm: 0, seconds: WARM });
    const data = path.join(out, `perf-${flow}.data`);
    const recorder = runProcess(['perf', 'record', '-F', '999', '-g', '-p', String(t.pid), '-o', data, '--', 'sleep', String(DUR)]);
    await wrk(t, { flow, pinned: true, label: `profile-${flow}`, warm: 0 });
    await recorder;
    const report = await runProcess(['perf', 'report', '-i', data, '--no-children', '--sort', 'dso,symbol', '--percent-limit', '0.4', '--stdio', '-g', 'none']);
    fs.writeFileSync(path.join(out, `perf-${flow}.txt`), report.stdout);
    const callers = await runProcess(['perf', 'report', '-i', data, '--children', '--sort', 'symbol', '--percent-limit', '1.5', '--stdio', '-g', 'none']);
    fs.writeFileSync(path.join(out, `perf-${flow}-inclusive.txt`), callers.stdout);
    log(`PROFILE ${flow}: ${path.join(out, `perf-${flow}.txt`)} (self) and -inclusive.txt`);
  }
  await stop(t);
}

/**
 * t_hash as the server pays it (PERFORMANCE.md G5a: "t_hash measured in the same run"): after an unmeasured JIT warm-up of
 * the password flow, a closed loop of USER_PASSWORD_AUTH at `conns` connections; t_hash is the CPU time of the server's
 * hash threads ÷ the sign-ins answered 200 (each is one Argon2id hash; a shed one hashes nothing). CPU, not wall time: a
 * hash's wall time also holds the time other threads had its core. Sets tHashMs and hashBound for the goals that follow.
 */
async function serverHashTime(server, { conns, pinned }) {
  await jitWarmup(server, pinned, ['password']);
  const before = hashThreadsCpuSeconds(server.pid);
  const run = await wrk(server, { flow: 'password', conns, pinned, label: `t_hash-${server.name}-${conns}conn`, warm: 0 });
  const hashes = run.requests - run.failures;
  const ms = ((hashThreadsCpuSeconds(server.pid) - before) * 1000) / hashes;
  if (!(hashes > 0 && ms > 0)) fail(`${server.name}: no hash measured (${hashes} sign-ins)`);
  tHashMs = ms;
  hashBound = (CORES * 1000) / tHashMs;
  log(`THASH ${server.name} ${pinned ? 'pinned' : 'unpinned'} ${conns} conn: ${fmt(tHashMs, 1)} ms of hash-thread CPU per hash over ${hashes} sign-ins `
    + `(${fmt(run.rps, 1)}/s, p50 ${fmt(run.p50, 1)} ms, server CPU ${fmt(run.cpuPerReqUs / 1000, 1)} ms/sign-in); BenchmarkDotNet ${fmt(tHashMicroMs, 1)} ms (two at once ${fmt(tHashMicroTwoMs, 1)} ms); hash-bound ${fmt(hashBound, 1)}/s`);
  return tHashMs;
}

// G5c: the offered load at 2 × hash-bound, by autocannon -R and by the open-loop generator; `info` reports
// without judging (cognito-local, which has no back-pressure, under the same load).
async function overloadG5c(server, { modes = ['autocannon', 'open'], info = false } = {}) {
  const rate = Math.max(1, Math.round(2 * hashBound));
  const overload = path.join(here, 'lib/overload.mjs');
  const ac = ['node', overload, `${server.url}/`, server.bodies.password, String(rate)];
  for (const mode of modes) {
    const extra = mode === 'open' ? ['open'] : [];
    const warmRes = await runProcess([...ac, String(WARM), '64', ...extra]);
    raw.write(`WARMUP G5c ${mode}\n${warmRes.stdout}${warmRes.stderr}`);
    const g5c = [];
    for (let i = 1; i <= PAIRS; i++) {
      const m = await measured(server, ['/usr/bin/time', '-f', 'TIME %U %S %e', ...ac, String(DUR), '64', ...extra], {}, DUR);
      const line = m.res.stdout.match(/^OVERLOAD (.*)$/m) ?? fail(`overload.mjs failed:\n${m.res.stdout}${m.res.stderr}`);
      const r = JSON.parse(line[1]);
      const run = { label: `G5c-${mode}#${i}`, server: server.name, ...r, serverCpu: m.serverCpu, loadCpu: m.loadCpu, other: m.other, contaminated: m.contaminated };
      log(`OVERLOAD ${JSON.stringify(run)}`);
      g5c.push(run);
    }
    const acc99 = median(g5c.map((r) => r.classes.accepted?.p99 ?? NaN));
    const shed99 = median(g5c.map((r) => r.classes.shed?.p99 ?? NaN));
    const timeouts = g5c.reduce((s, r) => s + r.timeouts, 0);
    const others = g5c.reduce((s, r) => s + Object.entries(r.classes).filter(([k]) => k.startsWith('other')).reduce((t, [, v]) => t + v.count, 0), 0);
    goal('G5c', `${info ? `${server.name}: ` : ''}overload (${mode === 'open' ? 'open loop' : 'autocannon -R'}) at ${rate} req/s offered (2× hash-bound): accepted p99 ÷ t_hash; shed p99; timeouts`, `${fmt(acc99 / tHashMs)} × t_hash (${fmt(acc99, 0)} ms; sent ${fmt(median(g5c.map((r) => r.sent / r.seconds)), 1)}/s of ${rate}/s offered; ${fmt(median(g5c.map((r) => r.classes.accepted?.count / r.seconds)), 1)} accepted/s), shed p99 ${fmt(shed99, 1)} ms (${fmt(median(g5c.map((r) => (r.classes.shed?.count ?? 0) / r.seconds)), 1)}/s), ${timeouts} timeouts, ${others} other answers`, '≤ 4 × t_hash; shed p99 ≤ 10 ms; no timeouts (stretch ≤ 3×)', info ? null : acc99 <= 4 * tHashMs && (Number.isNaN(shed99) || shed99 <= 10) && timeouts === 0 && others === 0);
  }
}

// ---------------------------------------------------------------- the run

const goals = [];
function goal(id, what, value, target, met, detail = '') {
  const g = { id, what, value, target, met, detail };
  goals.push(g);
  log(`GOAL ${id.padEnd(4)} ${what}: ${value}  (goal ${target})  ${met === null ? 'info' : met ? 'MET' : 'MISSED'}${detail ? `  ${detail}` : ''}`);
}

const limits = JSON.parse(fs.readFileSync(path.join(out, 'limits.json'), 'utf8'));
const signPerSec = 1e9 / limits.RsaSign;
const sign2PerSec = 1e9 / limits.RsaSignParallel;
// t_hash starts as BenchmarkDotNet's VerifyPassword; the phases that hash replace it by what the server pays for a hash
// in the same run (serverHashTime): the micro-benchmark's figure has been half of that (docs/benchmarks.md, "hashcost").
const tHashMicroMs = limits.VerifyPassword / 1e6;
// Two checks at once (both cores hashing): if this is well above VerifyPassword, hashes on the two cores slow each other.
const tHashMicroTwoMs = limits.VerifyPasswordTwoAtOnce / 1e6;
let tHashMs = tHashMicroMs;
let hashBound = (CORES * 1000) / tHashMs;
log(`LIMITS sign ${fmt(signPerSec, 0)}/s (1 core), sign ${fmt(sign2PerSec, 0)}/s (2 threads), verify ${fmt(1e9 / limits.RsaVerify, 0)}/s, JWT create+sign ${fmt(1e9 / limits.JwtCreateSign, 0)}/s, TokenIssuer refresh ${fmt(1e9 / limits.TokenIssuerRefresh, 0)}/s, TokenIssuer client_credentials ${fmt(1e9 / limits.ClientCredentialsIssue, 0)}/s, t_hash (BenchmarkDotNet VerifyPassword) ${fmt(tHashMicroMs, 1)} ms (two at once ${fmt(tHashMicroTwoMs, 1)} ms), hash-bound from it ${fmt(hashBound, 1)}/s`);
const gcConfig = JSON.parse(fs.readFileSync(tesseraDll.replace(/\.dll$/, '.runtimeconfig.json'), 'utf8')).runtimeOptions.configProperties;
log(`ENV tessera runtimeconfig ${JSON.stringify(Object.fromEntries(Object.entries(gcConfig).filter(([k]) => k.startsWith('System.GC'))))}; environment ${JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('DOTNET_') && !k.startsWith('DOTNET_CLI') && k !== 'DOTNET_NOLOGO' && k !== 'DOTNET_SKIP_FIRST_TIME_EXPERIENCE')))}; BENCH_TESSERA_ENV ${process.env.BENCH_TESSERA_ENV ?? '{}'}; node ${process.version}`);

// The near-zero-cost hasher, and a queue that never sheds: G5b measures everything but the hash.
const fastEnv = { Tessera__Passwords__MemoryKiB: '8', Tessera__Passwords__Passes: '1', Tessera__Passwords__QueueBudget: '01:00:00' };
// The servers run start-dev (no admin keys to seed); the production-hash instance gets start's queue budget (one
// hash time, Tessera:Passwords:QueueBudgetHashTimes), or BENCH_QUEUE_BUDGET: a fixed time (a TimeSpan, e.g.
// 00:00:00.150) or a multiple of the hash time ending in x (e.g. 1.5x).
const overloadBudget = process.env.BENCH_QUEUE_BUDGET ?? '1x';
const startBudgetEnv = overloadBudget.endsWith('x')
  ? { Tessera__Passwords__QueueBudgetHashTimes: overloadBudget.slice(0, -1) }
  : { Tessera__Passwords__QueueBudget: overloadBudget };
// BENCH_ONLY=fast,cold runs a subset of the phases (for experiments; a recorded run runs them all).
const only = new Set((process.env.BENCH_ONLY ?? 'pinned,fast,whole,g3,cold').split(','));

try {
  let peakT = NaN; let peakC = NaN; let cognito;
  // Experiment only (BENCH_ONLY=mem): idle and peak RSS of one pinned instance under BENCH_TESSERA_ENV.
  if (only.has('mem')) {
    const t = await seed(await startTessera('tessera-mem', PORTS.tFast, { pinned: true, env: fastEnv }));
    await sleep(3000);
    log(`MEM idle ${memBreakdown(t.pid)}`);
    await wrk(t, { flow: 'refresh', pinned: true, label: 'mem-refresh', warm: 0, seconds: 5 });
    await wrk(t, { flow: 'password', pinned: true, label: 'mem-login', warm: 0, seconds: 5 });
    log(`MEM after load ${memBreakdown(t.pid)}, hwm ${procStatus(t.pid).hwm} kB`);
    await stop(t);
  }
  // Pinned production instance and cognito-local side by side: G7 idle, G4 pinned, G9.
  if (only.has('pinned')) {
    const tPinned = await seed(await startTessera('tessera-pinned', PORTS.tPinned, { pinned: true }));
    cognito = await seed(await startCognito('cognito-local', PORTS.cognito, { pinned: true }));
    await sleep(3000);
    const idleT = procStatus(tPinned.pid); const idleC = procStatus(cognito.pid);
    log(`IDLE tessera ${memBreakdown(tPinned.pid)}; cognito-local ${memBreakdown(cognito.pid)}`);
    goal('G7', 'idle RSS (1 pool, 1 client, 20 users), Tessera ÷ cognito-local', `${fmt(idleT.rss / idleC.rss)}× (${fmt(idleT.rss / 1024, 1)} MB vs ${fmt(idleC.rss / 1024, 1)} MB)`, '≤ 1.0× (stretch ≤ 0.8×)', idleT.rss <= idleC.rss);

    // After G7's idle figure: the servers are ReadyToRun builds, whose hot code is rejitted (tier 1, PGO) only under
    // load; without this the first pairs measured R2R code (2026-12-07: 1773 → 1273 → 1192 µs of CPU per refresh).
    await jitWarmup(tPinned, true, ['refresh']);
    await jitWarmup(cognito, true, ['refresh']);
    const g4 = await pairs('G4-refresh-pinned', tPinned, cognito, { flow: 'refresh', pinned: true });
    const g4ratioSign = median(g4.map((p) => p.a.rps / (signPerSec / 2)));
    const g4ratioPeer = median(g4.map((p) => p.ratio));
    goal('G4', 'REFRESH_TOKEN_AUTH pinned ÷ sign-bound limit (1-core sign ÷ 2)', `${fmt(g4ratioSign)} (median ${fmt(median(g4.map((p) => p.a.rps)), 0)} req/s vs ${fmt(signPerSec / 2, 0)}/s)`, '≥ 0.65 (stretch ≥ 0.80)', g4ratioSign >= 0.65);
    goal('G4', 'REFRESH_TOKEN_AUTH pinned, Tessera ÷ cognito-local', `${fmt(g4ratioPeer)}× (cognito-local ${fmt(median(g4.map((p) => p.b.rps)), 0)} req/s)`, '≥ 5×', g4ratioPeer >= 5);

    const g9 = await pairs('G9-refresh-1conn', tPinned, cognito, { flow: 'refresh', pinned: true, conns: 1 });
    const p50 = median(g9.map((p) => p.a.p50)); const p99 = median(g9.map((p) => p.a.p99));
    goal('G9', 'refresh latency at 1 connection (pinned), p50 / p99', `${fmt(p50)} / ${fmt(p99)} ms (cognito-local ${fmt(median(g9.map((p) => p.b.p50)))} / ${fmt(median(g9.map((p) => p.b.p99)))} ms)`, 'p50 ≤ 1 ms, p99 ≤ 3 ms (stretch p99 ≤ 2 ms)', p50 <= 1 && p99 <= 3);
    await serverHashTime(tPinned, { conns: 1, pinned: true });
    const g9login = await repeated('G9-login-1conn', tPinned, { flow: 'password', pinned: true, conns: 1 });
    const loginP50 = median(g9login.map((r) => r.p50));
    goal('G9', 'USER_PASSWORD_AUTH (production hash) latency at 1 connection (pinned), p50', `${fmt(loginP50)} ms (t_hash ${fmt(tHashMs, 1)} ms; p99 ${fmt(median(g9login.map((r) => r.p99)))} ms)`, 'p50 ≤ t_hash + 2 ms', loginP50 <= tHashMs + 2);
    peakT = procStatus(tPinned.pid).hwm;
    peakC = procStatus(cognito.pid).hwm;
    await stop(tPinned); await stop(cognito);
  }

  // Near-zero-cost hasher (benchmark-only Tessera:Passwords:MemoryKiB=8, Passes=1), pinned: G7c, then G5b and G7b.
  if (only.has('fast')) {
    const tFast = await seed(await startTessera('tessera-fast-hash', PORTS.tFast, { pinned: true, env: fastEnv }));
    await wrk(tFast, { flow: 'password', pinned: true, label: 'G7c-warmup', warm: 0, seconds: WARM });
    const stab = [];
    for (let i = 1; i <= 3; i++) stab.push(await wrk(tFast, { flow: 'password', pinned: true, label: `G7c-tessera#${i}`, warm: 0 }));
    cognito = await seed(await startCognito('cognito-local-g7c', PORTS.cognito, { pinned: true }));
    await wrk(cognito, { flow: 'password', pinned: true, label: 'G7c-warmup', warm: 0, seconds: WARM });
    const stabC = [];
    for (let i = 1; i <= 3; i++) stabC.push(await wrk(cognito, { flow: 'password', pinned: true, label: `G7c-cognito#${i}`, warm: 0 }));
    const rssGrowth = stab[2].rssEndKb / stab[0].rssEndKb - 1; const tput = stab[2].rps / stab[0].rps;
    goal('G7c', 'RSS after 3rd vs 1st back-to-back 10 s InitiateAuth run; throughput 3rd ÷ 1st', `${rssGrowth >= 0 ? '+' : ''}${fmt(rssGrowth * 100, 1)}% RSS, ${fmt(tput)}× (cognito-local ${fmt((stabC[2].rssEndKb / stabC[0].rssEndKb - 1) * 100, 1)}%, ${fmt(stabC[2].rps / stabC[0].rps)}×)`, '≤ +10% RSS and ≥ 0.95× (stretch ≤ +5%)', rssGrowth <= 0.10 && tput >= 0.95);
    peakC = Math.max(Number.isNaN(peakC) ? 0 : peakC, procStatus(cognito.pid).hwm);
    await stop(cognito);

    const g5b = await pairs('G5b-login-fast-hash-pinned', null, null, { flow: 'password', pinned: true }, {
      beforePair: async (p) => {
        if (cognito && started.has(cognito.pid)) { peakC = Math.max(peakC, procStatus(cognito.pid).hwm); await stop(cognito); }
        // A fresh cognito-local database before each InitiateAuth pair: its JSON file grows per login.
        cognito = await seed(await startCognito(`cognito-local-g5b-${p}`, PORTS.cognito, { pinned: true }));
        return { a: tFast, b: cognito };
      },
    });
    peakC = Math.max(peakC, procStatus(cognito.pid).hwm);
    const g5bPeer = median(g5b.map((p) => p.ratio)); const g5bSign = median(g5b.map((p) => p.a.rps / (signPerSec / 2)));
    goal('G5b', 'USER_PASSWORD_AUTH, near-zero-cost hasher, pinned, Tessera ÷ cognito-local', `${fmt(g5bPeer)}× (${fmt(median(g5b.map((p) => p.a.rps)), 0)} vs ${fmt(median(g5b.map((p) => p.b.rps)), 0)} req/s)`, '≥ 5× (stretch ≥ 8×)', g5bPeer >= 5);
    goal('G5b', 'same, Tessera ÷ (1-core sign limit ÷ 2)', fmt(g5bSign), '≥ 0.5 (stretch ≥ 0.7)', g5bSign >= 0.5);
    const peakFast = procStatus(tFast.pid).hwm;
    const peakTessera = Math.max(Number.isNaN(peakT) ? 0 : peakT, peakFast);
    goal('G7b', 'peak RSS (VmHWM) over G4 + G5b (+G9, G7c), Tessera ÷ cognito-local', `${fmt(peakTessera / peakC)}× (${fmt(peakTessera / 1024, 1)} MB vs ${fmt(peakC / 1024, 1)} MB)`, '≤ 0.75× and ≤ 125 MB (stretch ≤ 0.5×)', peakTessera / peakC <= 0.75 && peakTessera / 1024 <= 125);
    await stop(tFast); await stop(cognito);
  }

  // Whole box, production hashing: G4 unpinned, G5a, G5c.
  if (only.has('whole')) {
    const whole = await seed(await startTessera('tessera-unpinned', PORTS.tWhole, { pinned: false, env: startBudgetEnv }));
    log(`IDLE tessera-unpinned rss ${procStatus(whole.pid).rss} kB (3 s after seeding: see G7 for the pinned one)`);
    // A new instance: warmed as the pinned one (2026-12-07, unwarmed: 5736 → 10633 → 12119 refreshes per run).
    await jitWarmup(whole, false, ['refresh']);
    const g4u = await repeated('G4-refresh-unpinned', whole, { flow: 'refresh', pinned: false });
    const g4uRatio = median(g4u.map((r) => r.rps)) / (sign2PerSec / 2);
    goal('G4', 'REFRESH_TOKEN_AUTH unpinned ÷ (2-thread sign limit ÷ 2)', `${fmt(g4uRatio)} (${fmt(median(g4u.map((r) => r.rps)), 0)} req/s vs ${fmt(sign2PerSec / 2, 0)}/s)`, '≥ 0.65 (stretch ≥ 0.80)', g4uRatio >= 0.65);
    // With every core hashing at once, as G5a's hash-bound assumes (two hashes share the caches and memory bandwidth).
    await serverHashTime(whole, { conns: CORES, pinned: false });
    const g5a = await repeated('G5a-login-unpinned', whole, { flow: 'password', pinned: false });
    const g5aRatio = median(g5a.map((r) => r.rps)) / hashBound;
    goal('G5a', 'USER_PASSWORD_AUTH (Argon2id m=19 MiB, t=2) unpinned ÷ hash-bound (2 × 1000 / t_hash, the server\'s hash-thread CPU per hash)', `${fmt(g5aRatio)} (${fmt(median(g5a.map((r) => r.rps)), 1)} req/s vs ${fmt(hashBound, 1)}/s; server CPU ${fmt(median(g5a.map((r) => r.cpuPerReqUs)) / 1000, 1)} ms/login)`, '≥ 0.90 (stretch ≥ 0.95)', g5aRatio >= 0.9);

    await overloadG5c(whole);
    await stop(whole);
  }

  // G5a and G5c alone (run.sh --only g5c), with cognito-local under the same offered load for reference.
  if (only.has('g5c')) {
    const whole = await seed(await startTessera('tessera-g5c', PORTS.tWhole, { pinned: false, env: startBudgetEnv }));
    // With every core hashing at once, as G5a's hash-bound assumes (two hashes share the caches and memory bandwidth).
    await serverHashTime(whole, { conns: CORES, pinned: false });
    const g5a = await repeated('G5a-login-unpinned', whole, { flow: 'password', pinned: false });
    const g5aRatio = median(g5a.map((r) => r.rps)) / hashBound;
    goal('G5a', 'USER_PASSWORD_AUTH (Argon2id m=19 MiB, t=2) unpinned ÷ hash-bound (2 × 1000 / t_hash, the server\'s hash-thread CPU per hash)', `${fmt(g5aRatio)} (${fmt(median(g5a.map((r) => r.rps)), 1)} req/s vs ${fmt(hashBound, 1)}/s; server CPU ${fmt(median(g5a.map((r) => r.cpuPerReqUs)) / 1000, 1)} ms/login)`, '≥ 0.90 (stretch ≥ 0.95)', g5aRatio >= 0.9);
    await overloadG5c(whole);
    await stop(whole);
    const peer = await seed(await startCognito('cognito-local-g5c', PORTS.cognito, { pinned: false }));
    await overloadG5c(peer, { modes: ['open'], info: true });
    await stop(peer);
  }

  // G3 (client_credentials) and G4 through /oauth2/token: Tessera only, against the sign limits of this run.
  if (only.has('g3')) await oauthLoads();
  // Experiment only (BENCH_ONLY=profile): where the CPU of both /oauth2/token loads goes (perf + the JIT's perf map).
  if (only.has('profile')) await profileOAuth();

  // Cold start: seeded data folders, servers stopped, then hyperfine alternates start-poll-kill of each.
  if (only.has('cold')) {
    const tCold = await seed(await startTessera('tessera-cold', PORTS.tCold, { pinned: false, env: fastEnv }));
    const cCold = await seed(await startCognito('cognito-local-cold', PORTS.cCold, { pinned: false }));
    await stop(tCold); await stop(cCold);
    const rssLog = path.join(out, 'coldstart-rss.txt');
    const firstBody = (server) => { const f = path.join(out, 'bodies', `${server.name}-one.json`); fs.writeFileSync(f, fs.readFileSync(server.bodies.password, 'utf8').split('\n')[0]); return f; };
    const script = path.join(here, 'lib/coldstart.sh');
    const hf = await runProcess(['hyperfine', '-N', '-w', '1', '-r', '7', '--export-json', path.join(out, 'coldstart.json'),
      '-n', 'tessera', `${script} tessera ${tCold.dir} ${PORTS.tCold} ${firstBody(tCold)} ${rssLog}`,
      '-n', 'cognito-local', `${script} cognito ${cCold.dir} ${PORTS.cCold} ${firstBody(cCold)} ${rssLog}`],
    { TESSERA_DLL: tesseraDll, COGNITO_JS: cognitoJs, ...fastEnv });
    raw.write(`HYPERFINE\n${hf.stdout}${hf.stderr}`);
    if (hf.code !== 0) fail(`hyperfine failed:\n${hf.stdout}${hf.stderr}`);
    const cold = JSON.parse(fs.readFileSync(path.join(out, 'coldstart.json'), 'utf8')).results;
    const [ct, cc] = ['tessera', 'cognito-local'].map((n) => cold.find((r) => r.command === n));
    goal('G8', 'cold start exec → first successful InitiateAuth, Tessera ÷ cognito-local (medians)', `${fmt(ct.median / cc.median)}× (${fmt(ct.median, 3)} s vs ${fmt(cc.median, 3)} s)`, '≤ 1.0× (stretch ≤ 0.75×)', ct.median <= cc.median);
  }
} finally {
  killAll();
  fs.writeFileSync(path.join(out, 'runs.json'), JSON.stringify(runs, null, 1));
  fs.writeFileSync(path.join(out, 'goals.json'), JSON.stringify(goals, null, 1));
  const flagged = runs.filter((r) => r.contaminated).length;
  const lines = ['| goal | measured | target | result |', '| --- | --- | --- | --- |',
    ...goals.map((g) => `| ${g.id} | ${g.what}: ${g.value} | ${g.target} | ${g.met === null ? 'info' : g.met ? 'met' : 'missed'} |`),
    '', `${runs.length} load runs, ${flagged} flagged as contaminated (other processes > 5% of a core), ${runs.filter((r) => r.failures > 0).length} with non-2xx answers or errors.`];
  fs.writeFileSync(path.join(out, 'summary.md'), lines.join('\n') + '\n');
  console.log('\n' + lines.join('\n'));
  fs.rmSync(work, { recursive: true, force: true });
  raw.end();
}
