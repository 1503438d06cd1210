// SPDX-License-Identifier: Apache-2.0
// Pool and app-client administration through the real AWS SDK: update semantics, deletion protection,
// and pagination with the SDK's own paginators.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  UpdateUserPoolCommand, DescribeUserPoolCommand, DeleteUserPoolCommand, ListUserPoolsCommand, paginateListUserPools,
  UpdateUserPoolClientCommand, DescribeUserPoolClientCommand, DeleteUserPoolClientCommand, ListUserPoolClientsCommand,
  paginateListUserPoolClients, InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser, rejectsWith } from '../lib/fixtures.mjs';

let tessera;
let idp;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); });
after(async () => { await tessera?.stop(); });


test('UpdateUserPool renames, resets omitted members and keeps the ones AWS keeps', async () => {
  const pool = await createPool(idp, {
    AutoVerifiedAttributes: ['email'], DeletionProtection: 'ACTIVE', UserPoolTags: { team: 'a' },
    Policies: { PasswordPolicy: { MinimumLength: 12, RequireSymbols: false } },
  });
  await idp.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, PoolName: 'renamed', LambdaConfig: {} }));
  const { UserPool: after } = await idp.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
  assert.equal(after.Name, 'renamed');
  assert.equal(after.AutoVerifiedAttributes, undefined);
  assert.deepEqual(after.UserPoolTags, {});
  assert.equal(after.DeletionProtection, 'ACTIVE');
  assert.equal(after.Policies.PasswordPolicy.MinimumLength, 12);
  assert.ok(after.LastModifiedDate instanceof Date);

  await rejectsWith(idp.send(new UpdateUserPoolCommand({ UserPoolId: 'us-east-1_nothere' })),
    'ResourceNotFoundException', 'User pool us-east-1_nothere does not exist.');
});

test('DeleteUserPool honours deletion protection, then deletes', async () => {
  const pool = await createPool(idp, { DeletionProtection: 'ACTIVE' });
  await rejectsWith(idp.send(new DeleteUserPoolCommand({ UserPoolId: pool.Id })), 'InvalidParameterException');
  await idp.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, DeletionProtection: 'INACTIVE' }));
  await idp.send(new DeleteUserPoolCommand({ UserPoolId: pool.Id }));
  await rejectsWith(idp.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id })), 'ResourceNotFoundException');
  await rejectsWith(idp.send(new DeleteUserPoolCommand({ UserPoolId: pool.Id })), 'ResourceNotFoundException');
});

test('ListUserPools pages with the SDK paginator and validates MaxResults and tokens', async () => {
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push((await createPool(idp)).Id);
  const seen = [];
  let pages = 0;
  for await (const page of paginateListUserPools({ client: idp, pageSize: 2 }, { MaxResults: 2 })) {
    pages++;
    assert.ok(page.UserPools.length <= 2);
    for (const p of page.UserPools) {
      assert.ok(p.CreationDate instanceof Date);
      assert.deepEqual(typeof p.LambdaConfig, 'object');
      seen.push(p.Id);
    }
  }
  assert.ok(pages >= 3);
  assert.deepEqual(seen.filter((id) => ids.includes(id)), [...ids].sort());

  await rejectsWith(idp.send(new ListUserPoolsCommand({ MaxResults: 0 })), 'InvalidParameterException',
    "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1");
  await rejectsWith(idp.send(new ListUserPoolsCommand({ MaxResults: 61 })), 'InvalidParameterException');
  await rejectsWith(idp.send(new ListUserPoolsCommand({ MaxResults: 10, NextToken: 'forged' })), 'InvalidParameterException');
});

test('UpdateUserPoolClient replaces the configuration; omitted settings go back to defaults', async () => {
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id, { GenerateSecret: true, AccessTokenValidity: 2, PreventUserExistenceErrors: 'ENABLED' });
  const { UserPoolClient: updated } = await idp.send(new UpdateUserPoolClientCommand({
    UserPoolId: pool.Id, ClientId: client.ClientId, ClientName: 'web-2', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }));
  assert.equal(updated.ClientName, 'web-2');
  assert.equal(updated.ClientSecret, client.ClientSecret);
  assert.equal(updated.AccessTokenValidity, undefined);
  assert.equal(updated.PreventUserExistenceErrors, 'LEGACY');
  assert.deepEqual(updated.ExplicitAuthFlows, ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
  const { UserPoolClient: described } = await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: client.ClientId }));
  assert.equal(described.ClientName, 'web-2');

  await rejectsWith(idp.send(new UpdateUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: '1example23456789' })),
    'ResourceNotFoundException', 'User pool client 1example23456789 does not exist.');
  await rejectsWith(idp.send(new UpdateUserPoolClientCommand({
    UserPoolId: pool.Id, ClientId: client.ClientId, AllowedOAuthFlows: ['client_credentials', 'code'], AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthScopes: ['openid'], CallbackURLs: ['https://example.com/cb'],
  })), 'InvalidOAuthFlowException');
});

test('ListUserPoolClients returns descriptions page by page; DeleteUserPoolClient removes a client', async () => {
  const pool = await createPool(idp);
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push((await createAppClient(idp, pool.Id, { ClientName: `c${i}` })).ClientId);
  const listed = [];
  for await (const page of paginateListUserPoolClients({ client: idp }, { UserPoolId: pool.Id, MaxResults: 2 })) {
    for (const c of page.UserPoolClients) {
      assert.deepEqual(Object.keys(c).sort(), ['ClientId', 'ClientName', 'UserPoolId']);
      assert.equal(c.UserPoolId, pool.Id);
      listed.push(c.ClientId);
    }
  }
  assert.deepEqual(listed, [...ids].sort());
  await rejectsWith(idp.send(new ListUserPoolClientsCommand({ UserPoolId: 'us-east-1_nothere' })), 'ResourceNotFoundException');

  await createUser(idp, pool.Id, 'alice', 'Perm-Pass-1');
  await idp.send(new DeleteUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: ids[0] }));
  await rejectsWith(idp.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: ids[0] })), 'ResourceNotFoundException');
  await rejectsWith(idp.send(new InitiateAuthCommand({ ClientId: ids[0], AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: 'Perm-Pass-1' } })),
    'ResourceNotFoundException');
  await rejectsWith(idp.send(new DeleteUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: ids[0] })), 'ResourceNotFoundException');
  const { UserPoolClients: rest } = await idp.send(new ListUserPoolClientsCommand({ UserPoolId: pool.Id, MaxResults: 60 }));
  assert.equal(rest.length, 2);
});
