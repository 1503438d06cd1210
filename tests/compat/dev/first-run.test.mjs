// SPDX-License-Identifier: Apache-2.0
// What a newcomer meets first (issue 20, first-run stumbles): start-dev on another port with --urls issues tokens
// for that port; a port already in use is one clear line; start-dev logs each call, without query strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateUserPoolCommand, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { serverDll, freePort, cheapHashes } from '../lib/server.mjs';
import { idpClient } from '../lib/fixtures.mjs';

/** start-dev with only the arguments given (no PublicUrl), as a user types it; resolves once /health answers. */
async function startDev(args) {
  const child = spawn('dotnet', [serverDll, 'start-dev', ...args], {
    cwd: mkdtempSync(join(tmpdir(), 'tessera-first-run-')),
    env: { ...process.env, ...cheapHashes },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => { output.stdout += d; });
  child.stderr.on('data', (d) => { output.stderr += d; });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exited, stop: () => { child.kill('SIGTERM'); return exited; } };
}

async function waitHealthy(url, server) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`exited early:\n${server.output.stdout}${server.output.stderr}`);
    try { if ((await fetch(`${url}/health`)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`did not start:\n${server.output.stdout}`);
}

test('start-dev --urls on another port: the issuer, discovery and JWKS name that port, and the log says so', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startDev([`--urls=${url}`]);
  try {
    await waitHealthy(url, server);
    const idp = idpClient(url);
    const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'first-run' }));
    const discovery = await (await fetch(`${url}/${UserPool.Id}/.well-known/openid-configuration`)).json();
    assert.equal(discovery.issuer, `${url}/${UserPool.Id}`);
    assert.equal(new URL(discovery.jwks_uri).port, String(port));
    assert.equal((await fetch(discovery.jwks_uri)).status, 200);
    assert.match(server.output.stdout, new RegExp(`Public URL \\(token issuer, discovery, hosted UI\\): ${url}/`));
    assert.doesNotMatch(server.output.stdout, /Hosting environment/);
  } finally {
    await server.stop();
  }
});

test('start-dev logs each call in one line (operation or path, outcome, time) and never a query string', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startDev([`--urls=${url}`]);
  try {
    await waitHealthy(url, server);
    await idpClient(url).send(new ListUserPoolsCommand({ MaxResults: 5 }));
    await fetch(`${url}/us-east-1_nothere1/.well-known/jwks.json?code=very-secret-value`);
    const deadline = Date.now() + 5000;
    while (!/jwks\.json → 404/.test(server.output.stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.match(server.output.stdout, /cognito-idp ListUserPools → 200 \(\d+ ms\)/);
    assert.match(server.output.stdout, /GET \/us-east-1_nothere1\/\.well-known\/jwks\.json → 404 \(\d+ ms\)/);
    assert.doesNotMatch(server.output.stdout, /very-secret-value/);
  } finally {
    await server.stop();
  }
});

test('a port already in use: one clear line naming it and --urls, exit code 2, no stack trace', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const first = await startDev([`--urls=${url}`]);
  try {
    await waitHealthy(url, first);
    const second = await startDev([`--urls=${url}`]);
    const code = await Promise.race([second.exited, new Promise((r) => setTimeout(() => r('timeout'), 60_000))]);
    if (code === 'timeout') await second.stop();
    assert.equal(code, 2);
    const all = second.output.stdout + second.output.stderr;
    assert.match(second.output.stderr, new RegExp(`Cannot listen: .*${port}.*address already in use.*--urls`));
    assert.doesNotMatch(all, /^\s+at /m, all);
  } finally {
    await first.stop();
  }
});
