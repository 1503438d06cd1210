// SPDX-License-Identifier: Apache-2.0
// lib/run-suites.mjs (what eng/test.sh runs the suites with) starts the files longest first: every *.test.mjs still
// runs, the files without a measured time after the others, and file-times.txt names only files that exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { testFiles, measuredSeconds, runOrder, suites } from './run-suites.mjs';

test('every test file under tests/compat runs exactly once, this one included', () => {
  const files = testFiles();
  const order = runOrder(files, measuredSeconds());
  assert.deepEqual([...order].sort(), files);
  assert.ok(files.includes('lib/run-suites.test.mjs'));
  assert.ok(files.includes('docs/docs-commands.test.mjs'));
  assert.ok(!files.some((f) => f.includes('node_modules')));
});

test('files start longest first; the files with no measured time start last, in path order', () => {
  const seconds = measuredSeconds([
    '  346.0 s   14 tests  docs/docs-commands.test.mjs',
    '   20.5 s    4 tests  amplify/sign-up.test.mjs',
    '  120.2 s    4 tests  cli/cli.test.mjs',
    'not a line of the reporter',
  ].join('\n'));
  assert.deepEqual([...seconds], [['docs/docs-commands.test.mjs', 346], ['amplify/sign-up.test.mjs', 20.5], ['cli/cli.test.mjs', 120.2]]);
  assert.deepEqual(runOrder(['amplify/sign-up.test.mjs', 'cli/cli.test.mjs', 'new/b.test.mjs', 'new/a.test.mjs', 'docs/docs-commands.test.mjs'], seconds),
    ['docs/docs-commands.test.mjs', 'cli/cli.test.mjs', 'amplify/sign-up.test.mjs', 'new/a.test.mjs', 'new/b.test.mjs']);
});

test('file-times.txt names only test files that exist (after a rename, paste a new run\'s file times)', () => {
  const missing = [...measuredSeconds().keys()].filter((f) => !existsSync(join(suites, f)));
  assert.deepEqual(missing, []);
});
