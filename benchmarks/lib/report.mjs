// SPDX-License-Identifier: Apache-2.0
// Server CPU per request from a run's runs.json: far less noisy than req/s on a shared machine
// (PERFORMANCE.md step 4). Prints, per load, the medians for Tessera and cognito-local and the
// per-core capacity ratio they imply (cognito-local CPU/request ÷ Tessera CPU/request).
// Usage: node lib/report.mjs <results dir>   (writes cpu.md there too)
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? (() => { throw new Error('usage: node lib/report.mjs <results dir>'); })();
const runs = JSON.parse(fs.readFileSync(path.join(dir, 'runs.json'), 'utf8'));
const median = (xs) => { const s = xs.filter(Number.isFinite).sort((a, b) => a - b); const n = s.length; return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

const groups = new Map();
for (const r of runs) {
  // One load label can alternate two flows on one server (G4 through /oauth2/token vs REFRESH_TOKEN_AUTH).
  const load = `${r.label.replace(/#\d+$/, '')}${runs.some((o) => o.label === r.label && o.kind === r.kind && o.flow !== r.flow) ? ` (${r.flow})` : ''}`;
  const key = `${load}|${r.kind}`;
  if (!groups.has(key)) groups.set(key, { load, kind: r.kind, runs: [] });
  groups.get(key).runs.push(r);
}

const rows = ['| load | server | runs | req/s (median) | server CPU µs/request (median) | server CPU share of a core | other processes, cores (median) |', '| --- | --- | --- | --- | --- | --- | --- |'];
for (const g of groups.values()) {
  const seconds = g.runs.map((r) => r.seconds ?? (r.requests / Math.max(r.rps, 1e-9)));
  rows.push(`| ${g.load} | ${g.kind} | ${g.runs.length} | ${fmt(median(g.runs.map((r) => r.rps)))} | ${fmt(median(g.runs.map((r) => r.cpuPerReqUs)))} | ${fmt(median(g.runs.map((r, i) => r.serverCpu / seconds[i])), 2)} | ${fmt(median(g.runs.map((r, i) => r.other / seconds[i])), 2)} |`);
}

const ratios = ['', '| load | cognito-local ÷ Tessera CPU per request (per-core capacity ratio) |', '| --- | --- |'];
const loads = new Set([...groups.values()].map((g) => g.load.replace(/-(tessera|cognito)$/, '')));
for (const load of loads) {
  const t = [...groups.values()].find((g) => g.kind === 'tessera' && g.load.replace(/-(tessera|cognito)$/, '') === load);
  const c = [...groups.values()].find((g) => g.kind === 'cognito-local' && g.load.replace(/-(tessera|cognito)$/, '') === load);
  if (t && c) {
    ratios.push(`| ${load} | ${fmt(median(c.runs.map((r) => r.cpuPerReqUs)) / median(t.runs.map((r) => r.cpuPerReqUs)), 2)}× |`);
  }
}

const text = [...rows, ...ratios].join('\n') + '\n';
fs.writeFileSync(path.join(dir, 'cpu.md'), text);
console.log(text);
