// SPDX-License-Identifier: Apache-2.0
// Metrics an operator scrapes (docs/production.md, "Metrics"): with Tessera:Metrics:Prometheus on, /metrics answers
// Prometheus text in which Tessera's own counters (sign-ins by flow and outcome, API requests, tokens issued, refreshes,
// cache lookups, password-hash queue and times, Lambda trigger invocations, database commands) move with the sign-ins
// made, beside ASP.NET Core's and the runtime's; off (the default), there is no /metrics at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTessera, defaultHashes } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser } from '../lib/fixtures.mjs';

/** The sum of every sample of `name` whose labels include all of `labels`. */
function sample(text, name, labels = {}) {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) sum += Number(m[3]);
  }
  return sum;
}

/**
 * A stand-in for the Lambda Invoke API: function `pass` answers the event unchanged, `refuse` fails as a function that
 * threw (X-Amz-Function-Error), as Lambda reports it.
 */
async function startFakeLambda() {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url.includes('/functions/refuse/')) {
        res.setHeader('x-amz-function-error', 'Unhandled');
        res.end(JSON.stringify({ errorType: 'Error', errorMessage: 'not today' }));
      } else {
        res.end(body);
      }
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { endpoint: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => server.close(ok)) };
}

const arn = (name) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

async function scrape(url) {
  const response = await fetch(`${url}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^text\/plain|^application\/openmetrics-text/);
  return response.text();
}

test('/metrics: Tessera\'s counters move with sign-ins, beside ASP.NET Core\'s and the runtime\'s meters', async (t) => {
  const lambda = await startFakeLambda();
  // The production-grade hash (tens of ms each), so that a burst of sign-ins queues for the hash threads.
  const tessera = await startTessera({ env: { ...defaultHashes, Tessera__Metrics__Prometheus: 'true', Tessera__Lambda__Endpoint: lambda.endpoint } });
  try {
    const idp = idpClient(tessera.url);
    const pool = await createPool(idp, { LambdaConfig: { PreAuthentication: arn('pass') } });
    const refusing = await createPool(idp, { LambdaConfig: { PreAuthentication: arn('refuse') } });
    const client = await createAppClient(idp, pool.Id);
    const refusingClient = await createAppClient(idp, refusing.Id);
    // Three sign-ins per hash thread (one per core) arrive at once, so some wait for a thread.
    const users = Array.from({ length: Math.max(4, availableParallelism()) }, (_, i) => `user${i}`);
    const burstSize = 3 * users.length;
    for (const user of users) await createUser(idp, pool.Id, user, 'Perm-Pass-1');
    await createUser(idp, refusing.Id, 'eve', 'Perm-Pass-1');
    const signIn = (password, user, clientId = client.ClientId) => idp.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: user, PASSWORD: password },
    }));
    const before = await scrape(tessera.url);
    assert.equal(sample(before, 'tessera_password_hash_queue'), 0, 'no hash-queue gauge before any sign-in');

    let tokens;
    for (let i = 0; i < 3; i++) tokens = (await signIn('Perm-Pass-1', users[0])).AuthenticationResult;
    await assert.rejects(signIn('wrong-password', users[0]), { name: 'NotAuthorizedException' });
    await idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken } }));
    await assert.rejects(signIn('Perm-Pass-1', 'eve', refusingClient.ClientId), { name: 'UserLambdaValidationException' });
    const burst = await Promise.allSettled(Array.from({ length: burstSize }, (_, i) => signIn('Perm-Pass-1', users[i % users.length])));
    assert.deepEqual(burst.filter((r) => r.status === 'rejected').map((r) => r.reason.name), []);
    // The Prometheus exporter caches a scrape for a moment; the next one after it sees the counters moved.
    await new Promise((r) => setTimeout(r, 1200));
    const after = await scrape(tessera.url);

    const moved = (name, labels) => sample(after, name, labels) - sample(before, name, labels);
    assert.equal(moved('tessera_sign_ins_total', { flow: 'USER_PASSWORD_AUTH', outcome: 'tokens' }), 3 + burstSize, after);
    assert.equal(moved('tessera_sign_ins_total', { flow: 'USER_PASSWORD_AUTH', outcome: 'NotAuthorizedException' }), 1);
    assert.equal(moved('tessera_sign_ins_total', { flow: 'REFRESH_TOKEN_AUTH', outcome: 'tokens' }), 1);
    assert.equal(moved('tessera_requests_total', { operation: 'InitiateAuth', outcome: 'ok' }), 4 + burstSize);
    assert.equal(moved('tessera_requests_total', { operation: 'InitiateAuth', outcome: 'NotAuthorizedException' }), 1);
    assert.equal(moved('tessera_refreshes_total', { outcome: 'ok' }), 1);
    assert.equal(moved('tessera_tokens_issued_total', { token_use: 'access' }), 4 + burstSize);
    assert.equal(moved('tessera_tokens_issued_total', { token_use: 'id' }), 4 + burstSize);
    assert.ok(moved('tessera_cache_lookups_total', { cache: 'clients', result: 'hit' }) >= 4, 'the app client was not served from the cache');
    // Password hashes: one per password sign-in (the burst, 3 right and 1 wrong; the refused one stops at PreAuthentication), each
    // timed; the burst queued some behind the busy hash threads, and the queue is empty again.
    assert.equal(moved('tessera_password_hash_duration_seconds_count'), 4 + burstSize);
    assert.equal(moved('tessera_password_hash_wait_seconds_count'), 4 + burstSize);
    assert.ok(moved('tessera_password_hash_wait_seconds_sum') > 0, 'no sign-in of the burst waited for a hash thread');
    assert.ok(moved('tessera_password_hash_duration_seconds_sum') > 0);
    assert.equal(sample(after, 'tessera_password_hash_queue'), 0);
    // Second-scale buckets (OpenTelemetry's defaults, 0/5/10/25…, would put every hash in one): a hash of this pool's
    // Argon2id takes tens of milliseconds, so some land at or below 1 s and none below 0.5 ms.
    assert.ok(sample(after, 'tessera_password_hash_duration_seconds_bucket', { le: '1' }) > 0, 'no hash bucket at le="1"');
    assert.equal(sample(after, 'tessera_password_hash_duration_seconds_bucket', { le: '0.0005' }), 0);
    // Lambda triggers: PreAuthentication ran once per sign-in of the first pool, and failed once for the refusing one.
    assert.equal(moved('tessera_lambda_trigger_duration_seconds_count', { trigger: 'PreAuthentication', outcome: 'ok' }), 4 + burstSize);
    assert.equal(moved('tessera_lambda_trigger_duration_seconds_count', { trigger: 'PreAuthentication', outcome: 'UserLambdaValidationException' }), 1);
    assert.ok(moved('tessera_lambda_trigger_duration_seconds_sum', { trigger: 'PreAuthentication' }) > 0);
    // The store: every sign-in read the user and wrote its session, each command timed.
    assert.ok(moved('tessera_store_duration_seconds_count', { kind: 'query', outcome: 'ok' }) >= 4 + burstSize, 'store queries were not counted');
    assert.ok(moved('tessera_store_duration_seconds_count', { outcome: 'ok' }) > moved('tessera_store_duration_seconds_count', { kind: 'query', outcome: 'ok' }), 'store writes were not counted');
    assert.ok(moved('tessera_store_duration_seconds_sum') > 0);
    t.diagnostic(`store: ${moved('tessera_store_duration_seconds_count')} commands, mean ${(1000 * moved('tessera_store_duration_seconds_sum') / moved('tessera_store_duration_seconds_count')).toFixed(3)} ms`);
    assert.ok(sample(after, 'http_server_request_duration_seconds_count', { http_route: '/' }) >= 5, 'no ASP.NET Core request metrics');
    assert.match(after, /^dotnet_gc_collections_total/m, 'no runtime metrics');
  } finally {
    await tessera.stop();
    await lambda.close();
  }
});

test('/metrics is not served unless Tessera:Metrics:Prometheus is on', async () => {
  const tessera = await startTessera();
  try {
    assert.equal((await fetch(`${tessera.url}/metrics`)).status, 404);
  } finally {
    await tessera.stop();
  }
});
