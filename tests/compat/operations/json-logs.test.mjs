// SPDX-License-Identifier: Apache-2.0
// Structured logs (docs/production.md, "Logs"): ASP.NET Core's own setting Logging:Console:FormatterName=json makes every
// line Tessera writes one JSON object (timestamp, level, category, event id, message and its named values), for a log
// shipper to read without parsing text; the default stays one plain line per entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser } from '../lib/fixtures.mjs';

test('Logging:Console:FormatterName=json: every line is a JSON object with the entry\'s fields', async () => {
  const tessera = await startTessera({ env: { Logging__Console__FormatterName: 'json' } });
  let log;
  try {
    const idp = idpClient(tessera.url);
    const pool = await createPool(idp);
    const client = await createAppClient(idp, pool.Id);
    await createUser(idp, pool.Id, 'ana', 'Perm-Pass-1');
    await assert.rejects(idp.send(new InitiateAuthCommand({
      ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD: 'wrong-password' },
    })), { name: 'NotAuthorizedException' });
  } finally {
    await tessera.stop();
    log = tessera.log;
  }

  const lines = log.split('\n').filter((l) => l.trim() !== '');
  assert.ok(lines.length >= 3, log);
  const entries = lines.map((line) => {
    try { return JSON.parse(line); } catch { assert.fail(`not a JSON line: ${line}`); }
  });
  for (const e of entries) {
    assert.match(e.Timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, JSON.stringify(e));
    assert.ok(['Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical'].includes(e.LogLevel), JSON.stringify(e));
    assert.equal(typeof e.Category, 'string');
    assert.equal(typeof e.Message, 'string');
  }
  const listening = entries.find((e) => /^Tessera listening on /.test(e.Message));
  assert.ok(listening, 'no start-up entry');
  assert.equal(listening.EventId, 1);
  assert.equal(listening.State.Urls, tessera.url);
  assert.ok(entries.some((e) => e.Message.includes('InitiateAuth') && e.Message.includes('NotAuthorizedException')), 'no request entry');
});

test('by default each entry is one plain line', async () => {
  const tessera = await startTessera();
  try {
    assert.match(tessera.log, /^\d\d:\d\d:\d\d info: Tessera\[1\] Tessera listening on /m);
  } finally {
    await tessera.stop();
  }
});
