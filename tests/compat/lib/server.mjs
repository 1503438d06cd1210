// SPDX-License-Identifier: Apache-2.0
// Starts the built Tessera (start-dev) on a free loopback port in a fresh data folder, and stops it.
import { spawn } from 'node:child_process';
import { mkdtempSync, existsSync, appendFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const serverDll = process.env.TESSERA_DLL ?? join(repo, 'artifacts/server/tessera.dll');

export async function freePort() {
  return new Promise((ok, fail) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
    s.on('error', fail);
  });
}

/** The near-zero-cost Argon2id hash (m = 8 KiB, t = 1) that every test server uses unless told otherwise. */
export const cheapHashes = { Tessera__Passwords__MemoryKiB: '8', Tessera__Passwords__Passes: '1' };

/** Pass in `env` for the default, production-grade hash (Argon2id m = 19 MiB, t = 2): `start` refuses the cheap one. */
export const defaultHashes = { Tessera__Passwords__MemoryKiB: undefined, Tessera__Passwords__Passes: undefined };

/**
 * Starts Tessera. `dir` reuses a data folder (restart tests); `env` adds configuration,
 * e.g. { Tessera__Admin__AccessKeyId: '…' }; `command` is 'start-dev' (default) or 'start'; `startTimeout` (ms) is how
 * long it may take to answer /health (default 2 minutes).
 */
/**
 * With TESSERA_COMPAT_TRACE set to a file, each started server appends one JSON line when it ends: the test file, the
 * command, the seconds until /health answered and the CPU seconds the server used (where the cost of the suites goes).
 */
function traceServer(child, command, startSeconds) {
  const file = process.env.TESSERA_COMPAT_TRACE;
  if (!file) return () => {};
  let traced = false;
  return () => {
    if (traced) return;
    traced = true;
    let cpuSeconds = null;
    try {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      cpuSeconds = (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
    } catch { /* gone already, or not Linux */ }
    appendFileSync(file, `${JSON.stringify({ test: process.argv[1], command, startSeconds, cpuSeconds })}\n`);
  };
}

/**
 * Echoes the server's error entries (`fail:` and `crit:` lines of the console log, exception included; not EF Core's) to
 * this process's stderr as they come, so that a test that meets an InternalErrorException shows why in the CI output.
 */
function echoErrors(port) {
  let pending = '';
  return (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) {
      // EF Core logs a failed command at error level even when Tessera handles it (a unique key refusing a second
      // sign-up of one name is UsernameExistsException); a real failure is logged by Tessera's own categories.
      if (/^(\S+ )?(fail|crit): (?!Microsoft\.EntityFrameworkCore\.)/.test(line)) process.stderr.write(`[tessera :${port}] ${line}\n`);
    }
  };
}

export async function startTessera({ dir, env = {}, args = [], port: fixedPort, command = 'start-dev', startTimeout = 120_000 } = {}) {
  if (!existsSync(serverDll)) {
    throw new Error(`Tessera is not built at ${serverDll}: run eng/test.sh, or set TESSERA_DLL.`);
  }
  const dataDir = dir ?? mkdtempSync(join(tmpdir(), 'tessera-compat-'));
  const port = fixedPort ?? await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn('dotnet', [serverDll, command, `--urls=${url}`, `--Tessera:PublicUrl=${url}`, ...args], {
    cwd: dataDir,
    env: { ...process.env, ...cheapHashes, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const echo = echoErrors(port);
  child.stdout.on('data', (d) => { log += d; echo(d); });
  child.stderr.on('data', (d) => { log += d; echo(d); });
  // Generous: on a loaded 2-core machine the first start (JIT, migrations) can take well over 30 s.
  const started = Date.now();
  const deadline = started + startTimeout;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Tessera exited early:\n${log}`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`Tessera did not start:\n${log}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  const trace = traceServer(child, command, (Date.now() - started) / 1000);
  return {
    url,
    dir: dataDir,
    pid: child.pid,
    get log() { return log; },
    /** Sends SIGTERM, as an orchestrator stopping the node does; resolves with the exit code. */
    terminate() {
      const exited = new Promise((r) => child.once('exit', (code) => r(code)));
      trace();
      child.kill('SIGTERM');
      return exited;
    },
    /** Ends the process at once (SIGKILL: no draining, no shutdown hooks), as a crashed node. */
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      trace();
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      trace();
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Fake credentials: start-dev without admin keys accepts any well-formed signature. */
export const devCredentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'dev-secret' };

/**
 * Runs a `tessera` verb (export, import, migrate-from-cognito, ...) in `cwd`; resolves with its exit code and output.
 * `inherit` filters the variables taken from this process (e.g. to leave out AWS_* settings).
 */
export function runTessera(args, cwd, env = {}, inherit = () => true) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => inherit(k)));
  return new Promise((resolve) => {
    const child = spawn('dotnet', [serverDll, ...args], { cwd, env: { ...inherited, ...cheapHashes, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
