// SPDX-License-Identifier: Apache-2.0
// Every command in README.md and docs/*.md runs: each ```bash block is executed, in order, in one bash
// session per file (set -euo pipefail) against a started Tessera, with the AWS CLI and the environment
// the docs tell a reader to set. A shell block that cannot run here (it blocks, needs a browser, root or
// a benchmark machine) carries `<!-- not-run: why, and what covers it -->` on the line before its fence.
// The docs' http://localhost:9229 becomes the started server's URL and every other localhost port a free one.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, normalize } from 'node:path';
import { startTessera, freePort } from '../lib/server.mjs';
import { repo, docFiles, fencedBlocks, relativeLinks, headingAnchors, shellLanguages, read } from './markdown.mjs';

const files = docFiles();
const continues = /<!--\s*docs-test:\s*continues\s+(\S+)\s*-->/;
const servers = [];
after(async () => { for (const s of servers) await s.stop(); });

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

/** The runnable blocks of a file, after those of the file it continues (`<!-- docs-test: continues X -->`). */
function runnableBlocks(file) {
  const text = read(file);
  const before = continues.exec(text);
  const own = fencedBlocks(text).filter((b) => b.lang === 'bash' && b.notRun === null).map((b) => ({ ...b, file }));
  return before ? [...runnableBlocks(before[1]), ...own] : own;
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
function readerEnv() {
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

function killGroup(pid) {
  try { process.kill(-pid, 'SIGTERM'); } catch { /* already gone */ }
}

const marker = '::docs-block ';

for (const file of files) {
  const blocks = runnableBlocks(file);
  if (!blocks.some((b) => b.file === file)) continue;
  test(`the commands in ${file} run`, { timeout: 600_000 }, async () => {
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
  });
}
