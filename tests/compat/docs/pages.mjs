// SPDX-License-Identifier: Apache-2.0
// Runs the commands of the docs pages (docs-commands.test.mjs says what is checked): each page's ```bash blocks, in
// order, in one bash session (set -euo pipefail) against a Tessera started for the page. The pages are split among
// the pages-N.test.mjs files, which the suites run in parallel like any other files: one after another in one file
// they took about six minutes, the longest file of the run.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTessera, freePort } from '../lib/server.mjs';
import { repo, docFiles, fencedBlocks, read } from './markdown.mjs';

/** How many pages-N.test.mjs files share the pages (docs-commands.test.mjs checks that they all exist). */
export const shardCount = 4;

const continues = /<!--\s*docs-test:\s*continues\s+(\S+)\s*-->/;

/** The runnable blocks of a file, after those of the file it continues (`<!-- docs-test: continues X -->`). */
export function runnableBlocks(file) {
  const text = read(file);
  const before = continues.exec(text);
  const own = fencedBlocks(text).filter((b) => b.lang === 'bash' && b.notRun === null).map((b) => ({ ...b, file }));
  return before ? [...runnableBlocks(before[1]), ...own] : own;
}

/** The files whose commands run: README.md and every docs page with runnable blocks of its own. */
export function pages() {
  return docFiles().filter((file) => runnableBlocks(file).some((b) => b.file === file));
}

/**
 * The pages that pages-`shard`.test.mjs runs (1-based), each page in exactly one. A page that continues another runs in
 * the same file, after it: README.md's commands install the sample API's packages into the repository, and two bash
 * sessions doing that at once break each other's install. The groups are dealt out largest first (by their number of
 * runnable blocks, a page's and those it continues), each to the file with the fewest blocks so far.
 */
export function pagesOf(shard) {
  const groups = new Map();
  for (const page of pages()) {
    let root = page;
    for (let before; (before = continues.exec(read(root))) !== null;) root = before[1];
    groups.set(root, [...(groups.get(root) ?? []), page]);
  }
  const weight = (group) => group.reduce((n, page) => n + runnableBlocks(page).length, 0);
  const shares = Array.from({ length: shardCount }, () => ({ pages: [], blocks: 0 }));
  for (const group of [...groups.values()].sort((a, b) => weight(b) - weight(a))) {
    const share = shares.reduce((least, s) => (s.blocks < least.blocks ? s : least));
    share.pages.push(...group);
    share.blocks += weight(group);
  }
  return shares[shard - 1].pages;
}

/**
 * Points the docs' fixed ports at this run's: http://localhost:9229 at Tessera, and every other port
 * written as localhost:NNNN at a free one, wherever the number appears (`PORT=5002` too).
 */
async function substitutePorts(code, tesseraUrl, ports) {
  for (const port of new Set([...code.matchAll(/localhost:(\d{2,5})\b/g)].map((m) => m[1]))) {
    if (port !== '9229' && !ports.has(port)) ports.set(port, String(await freePort()));
  }
  let result = code.replaceAll('http://localhost:9229', tesseraUrl).replaceAll('localhost:9229', tesseraUrl.replace('http://', ''));
  for (const [docPort, port] of ports) result = result.replace(new RegExp(`\\b${docPort}\\b`, 'g'), port);
  return result;
}

/** The environment of a reader's shell: nothing AWS-related from this machine, the AWS CLI quiet. */
export function readerEnv() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|Tessera__)/i.test(k)));
  const nowhere = join(tmpdir(), 'tessera-docs-no-aws-config');
  return { ...env, AWS_CONFIG_FILE: nowhere, AWS_SHARED_CREDENTIALS_FILE: nowhere, AWS_PAGER: '', AWS_EC2_METADATA_DISABLED: 'true' };
}

/** Runs the script in its own process group (the docs start APIs in the background), then ends the group. */
function runBash(script, cwd, timeoutMs) {
  return new Promise((resolveRun) => {
    const child = spawn('bash', ['-c', script], { cwd, env: readerEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => { output += `\n[docs test] timed out after ${timeoutMs / 1000} s\n`; killGroup(child.pid); }, timeoutMs);
    // 'exit', not 'close': background processes keep the pipes open after bash has finished.
    child.once('exit', (code) => {
      clearTimeout(timer);
      killGroup(child.pid);
      setTimeout(() => resolveRun({ code, output }), 200);
    });
  });
}

export function killGroup(pid) {
  try { process.kill(-pid, 'SIGTERM'); } catch { /* already gone */ }
}

const marker = '::docs-block ';

/**
 * The tests of a pages-N.test.mjs file, one per page of the share: { name: `the commands in <file> run`, options, fn }.
 * The file calls test() itself: node:test reports a test under the file where test() was called.
 */
export function pageTests(shard) {
  const servers = [];
  after(async () => { for (const s of servers) await s.stop(); });
  return pagesOf(shard).map((file) => {
    const blocks = runnableBlocks(file);
    return { name: `the commands in ${file} run`, options: { timeout: 600_000 }, fn: async () => {
      const tessera = await startTessera();
      servers.push(tessera);
      const ports = new Map();
      let script = 'set -euo pipefail\n';
      for (const b of blocks) {
        script += `printf '\\n${marker}%s::\\n' '${b.file}:${b.line}'\n${await substitutePorts(b.code, tessera.url, ports)}\n`;
      }
      script += `printf '\\n${marker}end::\\n'\n`;
      // Commands run from the repository root, as the docs say.
      const { code, output } = await runBash(script, repo, 300_000);
      const last = output.lastIndexOf(marker);
      const where = last < 0 ? '(before the first block)' : output.slice(last + marker.length, output.indexOf('::', last + marker.length));
      assert.equal(code, 0, `${file}: the block at ${where} failed (exit ${code}):\n${output.slice(Math.max(0, last - 200))}\n--- Tessera log ---\n${tessera.log.slice(-3000)}`);
      assert.equal(where, 'end');
      // A `# -> text` comment in a block is output the reader should see: it must be a line of the output.
      for (const b of blocks) {
        for (const m of b.code.matchAll(/#\s*->\s*(.+?)\s*$/gm)) {
          const expected = await substitutePorts(m[1], tessera.url, ports);
          // "…" stands for what differs at each run (an id, a code): one or more characters.
          const line = new RegExp(`^${expected.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`);
          assert.ok(output.split('\n').some((l) => line.test(l.trim())), `${b.file}:${b.line}: the output has no line "${expected}"`);
        }
      }
      if (file === 'README.md') {
        // The quick start ends where the scenario does: the API greets alice, STS answers the assumed role.
        assert.match(output, /^Hi alice, your API call is authenticated!$/m);
        assert.match(output, /^arn:aws:sts::000000000000:assumed-role\/[\w+=,.@-]+\/CognitoIdentityCredentials$/m);
      }
    } };
  });
}
