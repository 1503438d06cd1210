// SPDX-License-Identifier: Apache-2.0
// What the A/B scripts share: a free port, a process's CPU time (utime + stime from /proc), and a `start-dev` server
// pinned to one core, ready once /health answers.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

export const freePort = () => new Promise((ok) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); }); });

const clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString());

/** The CPU seconds (user + system) process `pid` has used so far. */
export const cpuSeconds = (pid) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / clockTicks; };

/** `dotnet <dll> start-dev` on a free port, pinned to `cpu`, in a fresh directory; resolves once /health answers. */
export async function startDev(name, dll, { cpu, env = {}, prefix = 'ab' }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn('taskset', ['-c', cpu, 'dotnet', dll, 'start-dev', `--urls=${url}`, `--Tessera:PublicUrl=${url}`, '--Logging:LogLevel:Tessera.Requests=Warning'], {
    cwd: mkdtempSync(join(tmpdir(), `${prefix}-${name}-`)), stdio: 'ignore', env: { ...process.env, ...env },
  });
  for (const deadline = Date.now() + 120_000; ;) {
    try { if ((await fetch(`${url}/health`)).ok) break; } catch { /* starting */ }
    if (Date.now() > deadline) throw new Error(`${name} did not start`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, url, child };
}
