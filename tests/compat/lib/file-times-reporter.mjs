// SPDX-License-Identifier: Apache-2.0
// A node --test reporter that writes, per test file, the wall time its process ran (process start, server start and
// every test), longest first: where the compatibility phase's time goes, and which files to start
// first. eng/test.sh prints the head of it; tests/compat/file-times.txt is such a list, which lib/run-suites.mjs orders
// the files by. Paths are relative to tests/compat.
import { relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const suites = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export default async function* fileTimes(source) {
  const files = new Map();
  for await (const event of source) {
    const { file, name, nesting } = event.data ?? {};
    if (!file) continue;
    const times = files.get(file) ?? { began: null, ended: null, tests: 0 };
    // The file's own entry (named by its path) is dequeued when its process starts and completes when it exits;
    // `enqueue` comes for every file at once, so it says nothing of when a file ran.
    if (name === file && event.type === 'test:dequeue') times.began = Date.now();
    else if (name === file && event.type === 'test:complete') times.ended = Date.now();
    else if ((event.type === 'test:pass' || event.type === 'test:fail') && nesting === 0) times.tests++;
    files.set(file, times);
  }
  const rows = [...files].filter(([, t]) => t.began !== null && t.ended !== null)
    .map(([file, t]) => ({ seconds: (t.ended - t.began) / 1000, file: relative(suites, file), tests: t.tests }))
    .sort((a, b) => b.seconds - a.seconds);
  for (const { seconds, file, tests } of rows) yield `${seconds.toFixed(1).padStart(7)} s  ${String(tests).padStart(3)} tests  ${file}\n`;
}
