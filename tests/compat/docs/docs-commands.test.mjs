// SPDX-License-Identifier: Apache-2.0
// Every command in README.md and docs/*.md runs: each ```bash block is executed, in order, in one bash
// session per file (set -euo pipefail) against a started Tessera, with the AWS CLI and the environment
// the docs tell a reader to set (pages.mjs; the pages-N.test.mjs files run them, a share of the pages each). A shell
// block that cannot run here (it blocks, needs a browser, root or a benchmark machine) carries
// `<!-- not-run: why, and what covers it -->` on the line before its fence.
// The docs' http://localhost:9229 becomes the started server's URL and every other localhost port a free one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../lib/server.mjs';
import { repo, docFiles, fencedBlocks, relativeLinks, headingAnchors, shellLanguages, read } from './markdown.mjs';
import { pages, pagesOf, shardCount, readerEnv, killGroup } from './pages.mjs';

const files = docFiles();

test('every shell block in the docs is runnable bash or says why it is not run', () => {
  const problems = [];
  for (const file of files) {
    for (const b of fencedBlocks(read(file))) {
      if (!shellLanguages.has(b.lang)) continue;
      if (b.notRun !== null) {
        if (b.notRun.length < 10) problems.push(`${file}:${b.line}: not-run needs a reason (what covers the command instead)`);
      } else if (b.lang !== 'bash') {
        problems.push(`${file}:${b.line}: a \`\`\`${b.lang || '(no language)'} block is neither \`\`\`bash (run by this test) nor marked <!-- not-run: reason -->`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('every relative link in README.md and docs/ resolves', () => {
  const problems = [];
  for (const file of files) {
    const text = read(file);
    for (const link of relativeLinks(text)) {
      const [path, anchor] = link.split('#');
      const target = path === '' ? file : normalize(join(dirname(file), decodeURIComponent(path)));
      if (!existsSync(join(repo, target))) {
        problems.push(`${file}: ${link} (no ${target})`);
      } else if (anchor && target.endsWith('.md') && !headingAnchors(read(target)).has(anchor)) {
        problems.push(`${file}: ${link} (no heading #${anchor} in ${target})`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('docs/compatibility.md holds what eng/compatibility-table.py prints', () => {
  const generated = execFileSync('python3', [join(repo, 'eng/compatibility-table.py')], { encoding: 'utf8' }).trim();
  assert.ok(read('docs/compatibility.md').includes(generated),
    'docs/compatibility.md is out of date: run python3 eng/update-compatibility-table.py');
});

test('the run command in README.md starts Tessera with its data and master key in the data folder', { timeout: 480_000 }, async () => {
  // The command runs until stopped, so it is not-run above: here it runs in the background, with a free
  // port and a scratch data folder instead of ./.tessera, until /health answers.
  const block = fencedBlocks(read('README.md')).find((b) => b.code.startsWith('dotnet run --project src/Tessera.Server'));
  assert.ok(block, 'README.md has no block with the run command');
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'tessera-docs-run-'));
  const child = spawn('bash', ['-c', `exec ${block.code.trim()} --urls=http://127.0.0.1:${port} --Tessera:Storage:DataDirectory=${data}`],
    { cwd: repo, env: readerEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  try {
    let health = null;
    for (const deadline = Date.now() + 420_000; Date.now() < deadline && child.exitCode === null && health === null;) {
      health = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.text(), () => null);
      if (health === null) await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(health, 'ok', `the run command did not start:\n${log}`);
    assert.ok(existsSync(join(data, 'tessera.db')) && existsSync(join(data, 'master.key')), `no database and master key in ${data}`);
  } finally {
    killGroup(child.pid);
    rmSync(data, { recursive: true, force: true });
  }
});

test('every page with runnable commands is run by exactly one pages-N.test.mjs file', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const shardFiles = readdirSync(here).filter((f) => /^pages-\d+\.test\.mjs$/.test(f)).sort();
  const expected = Array.from({ length: shardCount }, (_, i) => `pages-${i + 1}.test.mjs`).sort();
  assert.deepEqual(shardFiles, expected, `pages.mjs splits the pages ${shardCount} ways: one pages-N.test.mjs per share`);
  for (const [i, f] of expected.entries()) {
    assert.match(readFileSync(join(here, f), 'utf8'), new RegExp(`pageTests\\(${i + 1}\\)\\) test\\(`), `${f} runs share ${i + 1}`);
  }
  const shared = Array.from({ length: shardCount }, (_, i) => pagesOf(i + 1)).flat();
  assert.deepEqual([...shared].sort(), [...pages()].sort());
  assert.equal(new Set(shared).size, shared.length);
  assert.ok(pages().includes('README.md'));
});
