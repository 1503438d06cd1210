// SPDX-License-Identifier: Apache-2.0
// Runs the compatibility suites as `node --test` does (one process per file, N files at a time, the spec reporter on
// stdout), but longest first. `node --test` sorts its files by path, so a long file near the end of the alphabet
// started late and set the run's tail; here every *.test.mjs under tests/compat runs, the files listed in
// file-times.txt first, longest first, then the files not listed there (new ones), in path order.
// Usage (from tests/compat): node lib/run-suites.mjs [--concurrency N] [--file-times <out>] [files...]
//   files: run only these, in this order. --file-times: write each file's wall time there (lib/file-times-reporter.mjs).
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { createWriteStream, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fileTimes from './file-times-reporter.mjs';

export const suites = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const timesFile = join(suites, 'file-times.txt');

/** Every test file under tests/compat (node_modules aside), as paths relative to it, sorted. */
export function testFiles(dir = suites) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.mjs') ? [relative(suites, path)] : [];
  }).sort();
}

/** file-times.txt's seconds per file: lines as the reporter writes them ("  346.0 s   14 tests  docs/x.test.mjs"). */
export function measuredSeconds(text = readFileSync(timesFile, 'utf8')) {
  const seconds = new Map();
  for (const line of text.split('\n')) {
    const m = /^\s*([\d.]+) s\s+\d+ tests\s+(\S+)\s*$/.exec(line);
    if (m) seconds.set(m[2], Number(m[1]));
  }
  return seconds;
}

/** The files in the order to start them: measured ones longest first, then the others (the path breaks ties). */
export function runOrder(files, seconds) {
  const time = (f) => seconds.get(f) ?? -1;
  return [...files].sort((a, b) => time(b) - time(a) || (a < b ? -1 : a > b ? 1 : 0));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { concurrency: { type: 'string', default: '3' }, 'file-times': { type: 'string' } },
  });
  const files = positionals.length > 0 ? positionals.map((f) => relative(suites, resolve(f))) : runOrder(testFiles(), measuredSeconds());
  const stream = run({ files: files.map((f) => join(suites, f)), concurrency: Number(values.concurrency) });
  // As `node --test` does: any failed test (a file that crashes is one) fails the run.
  stream.on('test:fail', ({ todo }) => { if (todo === undefined) process.exitCode = 1; });
  stream.compose(new spec()).pipe(process.stdout);
  if (values['file-times']) stream.compose(fileTimes).pipe(createWriteStream(values['file-times']));
}
