// Replays a run's file times (the reporter's lines) through N slots in two orders: path order (node --test) and
// lib/run-suites.mjs's order (longest first). It assumes a file takes the same wall time whenever it starts, which
// holds only roughly on a saturated machine: an estimate of the tail, not a measurement.
// Usage: node simulate.mjs <file-times.txt> [slots]
import { readFileSync } from 'node:fs';
const [, , path, slotsArg = '3'] = process.argv;
const rows = [...readFileSync(path, 'utf8').matchAll(/^\s*([\d.]+) s\s+\d+ tests\s+(\S+)\s*$/gm)].map((m) => ({ file: m[2], s: Number(m[1]) }));
const makespan = (order, slots) => {
  const free = Array(slots).fill(0);
  for (const { s } of order) { free.sort((a, b) => a - b); free[0] += s; }
  return Math.max(...free);
};
const slots = Number(slotsArg);
const byPath = [...rows].sort((a, b) => (a.file < b.file ? -1 : 1));
const longest = [...rows].sort((a, b) => b.s - a.s);
const sum = rows.reduce((t, r) => t + r.s, 0);
console.log(`${rows.length} files, sum ${sum.toFixed(0)} s, sum/${slots} ${(sum / slots).toFixed(0)} s, longest ${longest[0].s} s (${longest[0].file})`);
console.log(`path order: ${makespan(byPath, slots).toFixed(0)} s; longest first: ${makespan(longest, slots).toFixed(0)} s`);
