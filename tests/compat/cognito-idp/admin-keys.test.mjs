// SPDX-License-Identifier: Apache-2.0
// `tessera start` (production) with an admin key: the AWS SDK signing with that key is served, a wrong
// secret or another key id is refused the way AWS refuses it, and unsigned user calls need no key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  AdminCreateUserCommand, DescribeUserPoolCommand, InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera, cheapHashes, defaultHashes } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient } from '../lib/fixtures.mjs';

const admin = { accessKeyId: 'AKIDTESSERAADMIN', secretAccessKey: 'the-real-admin-secret' };
let tessera;

/** `tessera start` with what it requires; `start` takes no Argon2id cheaper than OWASP's minimum (the tests' default is cheaper). */
const startProduction = (hashes = defaultHashes) => startTessera({
  command: 'start',
  env: {
    Tessera__Admin__AccessKeyId: admin.accessKeyId,
    Tessera__Admin__SecretAccessKey: admin.secretAccessKey,
    Tessera__MasterKey: randomBytes(32).toString('base64'),
    ...hashes,
  },
});

before(async () => { tessera = await startProduction(); });
after(async () => { await tessera?.stop(); });

test('start: the admin key works; a wrong secret is InvalidSignatureException, another key UnrecognizedClientException', async () => {
  const idp = idpClient(tessera.url, admin);
  const pool = await createPool(idp);
  const described = await idp.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
  assert.equal(described.UserPool.Id, pool.Id);

  const wrongSecret = idpClient(tessera.url, { accessKeyId: admin.accessKeyId, secretAccessKey: 'not-the-secret' });
  await assert.rejects(wrongSecret.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id })), (e) => {
    assert.equal(e.name, 'InvalidSignatureException');
    assert.equal(e.message, 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');
    assert.equal(e.$metadata.httpStatusCode, 400);
    return true;
  });

  const otherKey = idpClient(tessera.url, { accessKeyId: 'AKIDSOMEONEELSE', secretAccessKey: admin.secretAccessKey });
  await assert.rejects(otherKey.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'mallory', MessageAction: 'SUPPRESS' })), (e) => {
    assert.equal(e.name, 'UnrecognizedClientException');
    assert.equal(e.message, 'The security token included in the request is invalid.');
    return true;
  });

  // Nothing the refused calls asked for happened.
  const client = await createAppClient(idp, pool.Id);
  await assert.rejects(
    otherKey.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'mallory', PASSWORD: 'x' } })),
    (e) => e.name === 'UserNotFoundException');
});

test('start: an unsigned call to an admin operation is MissingAuthenticationTokenException', async () => {
  const response = await fetch(tessera.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.DescribeUserPool' },
    body: JSON.stringify({ UserPoolId: 'us-east-1_abc' }),
  });
  assert.equal(response.status, 400);
  assert.deepEqual(await response.json(), { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
});

test('start refuses password hashes cheaper than OWASP\'s Argon2id minimum, naming the setting', async () => {
  let started;
  try {
    await assert.rejects((async () => { started = await startProduction(cheapHashes); })(),
      /Tessera:Passwords:MemoryKiB is 8 with Passes 1: `start` needs at least 47,104 KiB for 1 pass\(es\)/);
  } finally {
    await started?.stop();
  }
});
