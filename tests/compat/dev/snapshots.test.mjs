// SPDX-License-Identifier: Apache-2.0
// start-dev's clean slate (docs/test-suites.md), driven the way a test suite would: the AWS SDK seeds and
// checks the state, plain HTTP calls /_dev/reset and /_dev/snapshots, and the tessera CLI does the same
// from a shell. Tokens issued before a snapshot work again after its restore; what came after it is gone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import {
  AdminDeleteUserCommand, AdminGetUserCommand, AdminUpdateUserAttributesCommand, AdminCreateUserCommand,
  AdminUserGlobalSignOutCommand, DeleteUserPoolClientCommand, GetUserCommand, InitiateAuthCommand,
  ListUserPoolClientsCommand, ListUserPoolsCommand, ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityClient, CreateIdentityPoolCommand, ListIdentityPoolsCommand } from '@aws-sdk/client-cognito-identity';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { startTessera, serverDll, devCredentials, defaultHashes } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser, rejectsWith } from '../lib/fixtures.mjs';
import { inbox } from '../lib/inbox.mjs';

const run = promisify(execFile);
let tessera;
let idp;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); });
after(async () => { await tessera?.stop(); });

/** A /_dev call: { status, body } with the JSON body parsed. */
async function dev(method, path, url = tessera.url) {
  const res = await fetch(`${url}${path}`, { method });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const signIn = (ClientId, USERNAME, PASSWORD) => idp.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD } }))
  .then((r) => r.AuthenticationResult);
const refresh = (ClientId, REFRESH_TOKEN) => idp.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN } }))
  .then((r) => r.AuthenticationResult);
const usernames = async (UserPoolId) => (await idp.send(new ListUsersCommand({ UserPoolId }))).Users.map((u) => u.Username).sort();
const jwks = async (poolId) => fetch(`${tessera.url}/${poolId}/.well-known/jwks.json`);

// The seeded state the suite restores before each test, and what one test does to it.
const seeded = {};

test('seed, save a snapshot, change everything, restore: users, clients and tokens from before it are back', async () => {
  const pool = await createPool(idp, { PoolName: 'suite' });
  const web = await createAppClient(idp, pool.Id, { ClientName: 'web' });
  await createUser(idp, pool.Id, 'alice', 'Perm-Pass-1', { email: 'alice@example.com' });
  await createUser(idp, pool.Id, 'bob', 'Perm-Pass-1', { email: 'bob@example.com' });
  const aliceTokens = await signIn(web.ClientId, 'alice', 'Perm-Pass-1');
  Object.assign(seeded, { pool, web, aliceTokens });

  const saved = await dev('PUT', '/_dev/snapshots/seeded');
  assert.equal(saved.status, 200);
  assert.equal(saved.body.name, 'seeded');
  assert.ok(saved.body.sizeBytes > 0);

  // What one test might do: delete a user, add one, change one, drop the client, sign everybody out.
  await idp.send(new AdminDeleteUserCommand({ UserPoolId: pool.Id, Username: 'bob' }));
  await createUser(idp, pool.Id, 'carol', 'Perm-Pass-1', { email: 'carol@example.com' });
  await idp.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.Id, Username: 'alice', UserAttributes: [{ Name: 'email', Value: 'changed@example.com' }] }));
  const carolTokens = await signIn(web.ClientId, 'carol', 'Perm-Pass-1');
  const aliceLater = await signIn(web.ClientId, 'alice', 'Perm-Pass-1');
  await idp.send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool.Id, Username: 'alice' }));
  await rejectsWith(refresh(web.ClientId, aliceTokens.RefreshToken), 'NotAuthorizedException');
  await idp.send(new DeleteUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: web.ClientId }));
  Object.assign(seeded, { carolTokens, aliceLater });

  const restored = await dev('POST', '/_dev/snapshots/seeded/restore');
  assert.equal(restored.status, 200);
  assert.equal(typeof restored.body.elapsedMs, 'number');

  assert.deepEqual(await usernames(pool.Id), ['alice', 'bob']);
  const alice = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'alice' }));
  assert.equal(alice.UserAttributes.find((a) => a.Name === 'email').Value, 'alice@example.com');
  const clients = await idp.send(new ListUserPoolClientsCommand({ UserPoolId: pool.Id }));
  assert.deepEqual(clients.UserPoolClients.map((c) => c.ClientId), [web.ClientId]);
  // Tokens from before the snapshot: the sign-out that came after it is undone with everything else.
  assert.equal((await idp.send(new GetUserCommand({ AccessToken: aliceTokens.AccessToken }))).Username, 'alice');
  const refreshed = await refresh(web.ClientId, aliceTokens.RefreshToken);
  assert.equal((await idp.send(new GetUserCommand({ AccessToken: refreshed.AccessToken }))).Username, 'alice');
  assert.equal(await signIn(web.ClientId, 'bob', 'Perm-Pass-1').then((t) => typeof t.AccessToken), 'string');
});

test('after a restore, what came after the snapshot is gone: its refresh tokens, its users, its pools', async () => {
  const { pool, web, carolTokens, aliceLater } = seeded;
  await rejectsWith(refresh(web.ClientId, aliceLater.RefreshToken), 'NotAuthorizedException');
  await rejectsWith(refresh(web.ClientId, carolTokens.RefreshToken), 'NotAuthorizedException');
  await rejectsWith(idp.send(new GetUserCommand({ AccessToken: carolTokens.AccessToken })), 'NotAuthorizedException');
  // Access and ID tokens are JWTs: a verifier accepts one whose key the restored pool still has, until it expires.
  const keys = createLocalJWKSet(await (await jwks(pool.Id)).json());
  assert.equal((await jwtVerify(aliceLater.AccessToken, keys)).payload.username, 'alice');

  const later = await createPool(idp, { PoolName: 'created-after' });
  const laterClient = await createAppClient(idp, later.Id);
  await createUser(idp, later.Id, 'dora', 'Perm-Pass-1');
  const doraTokens = await signIn(laterClient.ClientId, 'dora', 'Perm-Pass-1');
  assert.equal((await dev('POST', '/_dev/snapshots/seeded/restore')).status, 200);

  assert.equal((await jwks(later.Id)).status, 404);
  await rejectsWith(idp.send(new GetUserCommand({ AccessToken: doraTokens.AccessToken })), 'NotAuthorizedException');
  const pools = await idp.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  assert.deepEqual(pools.UserPools.map((p) => p.Id), [pool.Id]);
});

test('requests running while snapshots are restored never fail and never see half of one', async () => {
  const { pool, web } = seeded;
  const writes = await createPool(idp, { PoolName: 'writes' });
  assert.equal((await dev('PUT', '/_dev/snapshots/two-users')).status, 200);
  for (const name of ['erin', 'frank', 'gina']) await createUser(idp, pool.Id, name, 'Perm-Pass-1');
  assert.equal((await dev('PUT', '/_dev/snapshots/five-users')).status, 200);

  const failures = [];
  const counts = new Set();
  let restoring = true;
  const note = (e) => { failures.push(`${e.name} (${e.$metadata?.httpStatusCode ?? 'no status'}): ${e.message}`); };
  const readers = Array.from({ length: 3 }, async () => {
    while (restoring) {
      try {
        counts.add((await usernames(pool.Id)).length);
        await signIn(web.ClientId, 'alice', 'Perm-Pass-1');
      } catch (e) { note(e); }
    }
  });
  // Writes in several transactions each (a user, then its password); the pool exists in both snapshots.
  const writer = (async () => {
    for (let i = 0; restoring; i++) {
      try {
        await idp.send(new AdminCreateUserCommand({ UserPoolId: writes.Id, Username: `w${i}`, MessageAction: 'SUPPRESS', TemporaryPassword: 'Temp-Pass-1' }));
      } catch (e) { note(e); }
    }
  })();
  const restores = [];
  for (let i = 0; i < 20; i++) {
    const r = await dev('POST', `/_dev/snapshots/${i % 2 ? 'two-users' : 'five-users'}/restore`);
    restores.push(r.status);
  }
  restoring = false;
  await Promise.all([...readers, writer]);

  assert.deepEqual([...new Set(restores)], [200]);
  assert.deepEqual(failures, []);
  assert.deepEqual([...counts].sort(), [2, 5]);
  assert.equal((await dev('POST', '/_dev/snapshots/seeded/restore')).status, 200);
});

test('reset empties everything: user pools, identity pools, the inbox; the master key stays', async () => {
  const identity = new CognitoIdentityClient({ endpoint: tessera.url, region: 'us-east-1', credentials: devCredentials, maxAttempts: 1 });
  await identity.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'slate', AllowUnauthenticatedIdentities: true }));
  await idp.send(new AdminCreateUserCommand({ UserPoolId: seeded.pool.Id, Username: 'invited', UserAttributes: [{ Name: 'email', Value: 'invited@example.com' }] }));
  assert.ok((await inbox(tessera.url)).length > 0);

  const reset = await dev('POST', '/_dev/reset');

  assert.equal(reset.status, 200);
  assert.deepEqual((await idp.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools, []);
  assert.deepEqual((await identity.send(new ListIdentityPoolsCommand({ MaxResults: 60 }))).IdentityPools, []);
  assert.deepEqual(await inbox(tessera.url), []);
  await rejectsWith(idp.send(new GetUserCommand({ AccessToken: seeded.aliceTokens.AccessToken })), 'NotAuthorizedException');
  // A fresh account: new pools work at once. Snapshots are kept: the seeded state can come back.
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id);
  await createUser(idp, pool.Id, 'new', 'Perm-Pass-1');
  assert.equal(typeof (await signIn(client.ClientId, 'new', 'Perm-Pass-1')).AccessToken, 'string');
  assert.ok((await dev('GET', '/_dev/snapshots')).body.snapshots.some((s) => s.name === 'seeded'));

  const moto = await dev('POST', '/moto-api/reset');
  assert.deepEqual(moto, { status: 200, body: { status: 'ok' } });
  assert.deepEqual((await idp.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools, []);
});

test('the tessera CLI saves, lists, restores and deletes snapshots of the running server, and resets it', async () => {
  const tesseraCli = (...args) => run('dotnet', [serverDll, ...args], { env: { ...process.env, TESSERA_URL: tessera.url }, timeout: 60_000 });
  const pool = await createPool(idp, { PoolName: 'cli' });

  const save = await tesseraCli('snapshot', 'save', 'cli-seed');
  await tesseraCli('reset');
  const emptied = (await idp.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools;
  const restore = await tesseraCli('snapshot', 'restore', 'cli-seed');
  const list = await tesseraCli('snapshot', 'list');
  const del = await tesseraCli('snapshot', 'delete', 'cli-seed');

  assert.match(save.stdout, /^Saved snapshot 'cli-seed' \([\d.]+ [KM]?B\) in [\d.]+ ms\.$/m);
  assert.deepEqual(emptied, []);
  assert.match(restore.stdout, /^Restored snapshot 'cli-seed' \(saved \S+\) in [\d.]+ ms\.$/m);
  assert.deepEqual((await idp.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools.map((p) => p.Id), [pool.Id]);
  assert.match(list.stdout, /^cli-seed +\S+ +[\d.]+ [KM]?B$/m);
  assert.match(del.stdout, /^Deleted snapshot 'cli-seed'\.$/m);
  await assert.rejects(tesseraCli('snapshot', 'restore', 'cli-seed'), (e) => e.code === 1 && /no snapshot named 'cli-seed'/.test(e.stderr));
});

test('start refuses reset and snapshots, over HTTP and from the CLI', async () => {
  const production = await startTessera({
    command: 'start',
    env: {
      Tessera__Admin__AccessKeyId: 'AKIAADMINEXAMPLE',
      Tessera__Admin__SecretAccessKey: 'admin-secret',
      Tessera__MasterKey: randomBytes(32).toString('base64'),
      ...defaultHashes, // `start` refuses the tests' cheap hashes
    },
  });
  try {
    const reset = await dev('POST', '/_dev/reset', production.url);
    const save = await dev('PUT', '/_dev/snapshots/x', production.url);
    const moto = await dev('POST', '/moto-api/reset', production.url);
    for (const answer of [reset, save, moto]) {
      assert.equal(answer.status, 403);
      assert.equal(answer.body.error, 'DevelopmentOnly');
    }
    assert.match(reset.body.message, /only in start-dev/);
    await assert.rejects(run('dotnet', [serverDll, 'reset', '--url', production.url], { timeout: 60_000 }),
      (e) => e.code === 1 && /only in start-dev/.test(e.stderr));
  } finally {
    await production.stop();
  }
});
