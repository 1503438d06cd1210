// SPDX-License-Identifier: Apache-2.0
// Metrics an operator scrapes (docs/production.md, "Metrics"): with Tessera:Metrics:Prometheus on, /metrics answers
// Prometheus text in which Tessera's own counters (sign-ins by flow and outcome, API requests, tokens issued, refreshes,
// cache lookups) move with the sign-ins made, beside ASP.NET Core's and the runtime's; off (the default), there is no
// /metrics at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
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

async function scrape(url) {
  const response = await fetch(`${url}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^text\/plain|^application\/openmetrics-text/);
  return response.text();
}

test('/metrics: Tessera\'s counters move with sign-ins, beside ASP.NET Core\'s and the runtime\'s meters', async () => {
  const tessera = await startTessera({ env: { Tessera__Metrics__Prometheus: 'true' } });
  try {
    const idp = idpClient(tessera.url);
    const pool = await createPool(idp);
    const client = await createAppClient(idp, pool.Id);
    await createUser(idp, pool.Id, 'ana', 'Perm-Pass-1');
    const signIn = (password) => idp.send(new InitiateAuthCommand({
      ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD: password },
    }));
    const before = await scrape(tessera.url);

    let tokens;
    for (let i = 0; i < 3; i++) tokens = (await signIn('Perm-Pass-1')).AuthenticationResult;
    await assert.rejects(signIn('wrong-password'), { name: 'NotAuthorizedException' });
    await idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken } }));
    // The Prometheus exporter caches a scrape for a moment; the next one after it sees the counters moved.
    await new Promise((r) => setTimeout(r, 1200));
    const after = await scrape(tessera.url);

    const moved = (name, labels) => sample(after, name, labels) - sample(before, name, labels);
    assert.equal(moved('tessera_sign_ins_total', { flow: 'USER_PASSWORD_AUTH', outcome: 'tokens' }), 3, after);
    assert.equal(moved('tessera_sign_ins_total', { flow: 'USER_PASSWORD_AUTH', outcome: 'NotAuthorizedException' }), 1);
    assert.equal(moved('tessera_sign_ins_total', { flow: 'REFRESH_TOKEN_AUTH', outcome: 'tokens' }), 1);
    assert.equal(moved('tessera_requests_total', { operation: 'InitiateAuth', outcome: 'ok' }), 4);
    assert.equal(moved('tessera_requests_total', { operation: 'InitiateAuth', outcome: 'NotAuthorizedException' }), 1);
    assert.equal(moved('tessera_refreshes_total', { outcome: 'ok' }), 1);
    assert.equal(moved('tessera_tokens_issued_total', { token_use: 'access' }), 4);
    assert.equal(moved('tessera_tokens_issued_total', { token_use: 'id' }), 4);
    assert.ok(moved('tessera_cache_lookups_total', { cache: 'clients', result: 'hit' }) >= 4, 'the app client was not served from the cache');
    assert.ok(sample(after, 'http_server_request_duration_seconds_count', { http_route: '/' }) >= 5, 'no ASP.NET Core request metrics');
    assert.match(after, /^dotnet_gc_collections_total/m, 'no runtime metrics');
  } finally {
    await tessera.stop();
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
