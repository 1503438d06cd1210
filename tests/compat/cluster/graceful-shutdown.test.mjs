// SPDX-License-Identifier: Apache-2.0
// SIGTERM drains: a request in flight when Tessera is told to stop is answered in full, the process then exits 0,
// and nothing new is accepted meanwhile (issue 16). The request is held in flight by a slow pre token generation
// trigger, served by a stand-in for the Lambda Invoke API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { InitiateAuthCommand, UpdateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser } from '../lib/fixtures.mjs';

/** A Lambda Invoke API whose every function takes `delay` ms and returns the event unchanged; `started` resolves on the first call. */
async function slowLambda(delay) {
  let began;
  const started = new Promise((r) => { began = r; });
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      began();
      setTimeout(() => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); }, delay);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { endpoint: `http://127.0.0.1:${server.address().port}`, started, close: () => new Promise((r) => server.close(r)) };
}

/** Whether a new TCP connection to the server's port is accepted. */
function connects(url) {
  const { hostname, port } = new URL(url);
  return new Promise((ok) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => { socket.destroy(); ok(true); });
    socket.once('error', () => ok(false));
  });
}

test('SIGTERM while a sign-in is in flight: it completes with tokens, then Tessera exits 0', async () => {
  const lambda = await slowLambda(2000);
  const tessera = await startTessera({ env: { Tessera__Lambda__Endpoint: lambda.endpoint } });
  try {
    const idp = idpClient(tessera.url);
    const pool = await createPool(idp);
    const client = await createAppClient(idp, pool.Id);
    await createUser(idp, pool.Id, 'ana', 'Perm-Pass-1');
    await idp.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, LambdaConfig: { PreTokenGeneration: 'arn:aws:lambda:us-east-1:123456789012:function:slow' } }));

    const inFlight = idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD: 'Perm-Pass-1' } }));
    await lambda.started;
    const exited = tessera.terminate();
    await new Promise((r) => setTimeout(r, 500));

    assert.equal(await connects(tessera.url), false, 'a new connection was accepted while draining');
    const answer = await inFlight.catch((e) => { throw new Error(`the in-flight sign-in failed: ${e.message}\n${tessera.log}`); });
    assert.ok(answer.AuthenticationResult.AccessToken, 'the in-flight sign-in was answered with tokens');
    assert.equal(await exited, 0, tessera.log);
  } finally {
    await tessera.stop();
    await lambda.close();
  }
});
