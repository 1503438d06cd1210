// SPDX-License-Identifier: Apache-2.0
// A test suite's burst (PERFORMANCE.md G10, issue 17): 64 concurrent SignUp + AdminSetUserPassword from the AWS SDK with
// its default retries, against start-dev with the default, production-grade hash (Argon2id m = 19 MiB, t = 2). On
// 2 cores that is over a hundred hashes at once: start-dev's queue budget (20 s) lets them wait instead of being shed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CognitoIdentityProviderClient, SignUpCommand, AdminSetUserPasswordCommand, ListUsersCommand, InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera, devCredentials, defaultHashes } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient } from '../lib/fixtures.mjs';

const USERS = 64;
let tessera;
before(async () => { tessera = await startTessera({ env: defaultHashes }); });
after(async () => { await tessera?.stop(); });

test(`${USERS} concurrent SignUp + AdminSetUserPassword with the SDK's default retries: none fails`, { timeout: 120_000 }, async () => {
  const admin = idpClient(tessera.url);
  const pool = await createPool(admin);
  const client = await createAppClient(admin, pool.Id);
  // As a test suite builds its client: nothing but the endpoint, region and credentials (maxAttempts 3, standard retries).
  const sdk = new CognitoIdentityProviderClient({ endpoint: tessera.url, region: 'us-east-1', credentials: devCredentials });
  const attempts = [];
  const call = async (command) => {
    const out = await sdk.send(command);
    attempts.push(out.$metadata.attempts);
    return out;
  };

  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: USERS }, async (_, i) => {
    const Username = `burst-${i}`;
    await call(new SignUpCommand({ ClientId: client.ClientId, Username, Password: `Sign-Up-Pass-${i}`,
      UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }] }));
    await call(new AdminSetUserPasswordCommand({ UserPoolId: pool.Id, Username, Password: `Perm-Pass-${i}`, Permanent: true }));
  }));
  const seconds = (performance.now() - started) / 1000;

  const failed = results.filter((r) => r.status === 'rejected').map((r) => `${r.reason.name}: ${r.reason.message}`);
  const retried = attempts.filter((a) => a > 1).length;
  console.log(`burst: ${USERS} SignUp + ${USERS} AdminSetUserPassword (${2 * USERS} Argon2id hashes) in ${seconds.toFixed(1)} s; ` +
    `${retried} of ${attempts.length} requests retried; ${failed.length} failed`);
  assert.deepEqual(failed, []);
  assert.equal(attempts.length, 2 * USERS);

  const listed = [];
  for (let token; ;) {
    const page = await admin.send(new ListUsersCommand({ UserPoolId: pool.Id, PaginationToken: token }));
    listed.push(...page.Users);
    if (!(token = page.PaginationToken)) break;
  }
  assert.equal(listed.length, USERS);
  assert.ok(listed.every((u) => u.UserStatus === 'CONFIRMED'), 'AdminSetUserPassword Permanent confirms every user');
  // The password set last is the one that signs in.
  const signedIn = await admin.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: `burst-${USERS - 1}`, PASSWORD: `Perm-Pass-${USERS - 1}` } }));
  assert.ok(signedIn.AuthenticationResult.AccessToken);
});
