// SPDX-License-Identifier: Apache-2.0
// A node --test reporter that writes, per test file, the wall time from its first event to its last (process start,
// server start and every test), longest first: where the compatibility phase's time goes, and which files to start
// first. eng/test.sh prints the head of it.
export default async function* fileTimes(source) {
  const files = new Map();
  for await (const event of source) {
    const file = event.data?.file;
    if (!file) continue;
    const now = Date.now();
    const times = files.get(file) ?? { first: now, last: now, tests: 0 };
    times.last = now;
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0) times.tests++;
    files.set(file, times);
  }
  const rows = [...files].map(([file, t]) => ({ seconds: (t.last - t.first) / 1000, file, tests: t.tests }))
    .sort((a, b) => b.seconds - a.seconds);
  for (const { seconds, file, tests } of rows) yield `${seconds.toFixed(1).padStart(7)} s  ${String(tests).padStart(3)} tests  ${file}\n`;
}
