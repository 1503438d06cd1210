// SPDX-License-Identifier: Apache-2.0
// Groups through the real AWS SDK, and their appearance as cognito:groups in tokens checked with aws-jwt-verify.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateGroupCommand, GetGroupCommand, UpdateGroupCommand, ListGroupsCommand, paginateListGroups, DeleteGroupCommand,
  AdminAddUserToGroupCommand, AdminRemoveUserFromGroupCommand, AdminListGroupsForUserCommand, paginateAdminListGroupsForUser,
  ListUsersInGroupCommand, paginateListUsersInGroup, InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser, rejectsWith } from '../lib/fixtures.mjs';

let tessera;
let idp;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); });
after(async () => { await tessera?.stop(); });

const roleArn = 'arn:aws:iam::123456789012:role/editors';

test('CreateGroup, GetGroup, UpdateGroup, ListGroups and DeleteGroup', async () => {
  const pool = await createPool(idp);
  const { Group: created } = await idp.send(new CreateGroupCommand({ UserPoolId: pool.Id, GroupName: 'editors', Description: 'Edit things', RoleArn: roleArn, Precedence: 3 }));
  assert.equal(created.GroupName, 'editors');
  assert.equal(created.UserPoolId, pool.Id);
  assert.equal(created.RoleArn, roleArn);
  assert.equal(created.Precedence, 3);
  assert.ok(created.CreationDate instanceof Date);
  assert.deepEqual((await idp.send(new GetGroupCommand({ UserPoolId: pool.Id, GroupName: 'editors' }))).Group, created);

  await rejectsWith(idp.send(new CreateGroupCommand({ UserPoolId: pool.Id, GroupName: 'editors' })), 'GroupExistsException', 'A group with the name editors already exists.');
  await rejectsWith(idp.send(new CreateGroupCommand({ UserPoolId: 'us-east-1_nothere', GroupName: 'x' })), 'ResourceNotFoundException');
  await rejectsWith(idp.send(new GetGroupCommand({ UserPoolId: pool.Id, GroupName: 'nobody' })), 'ResourceNotFoundException', 'Group not found.');

  const { Group: updated } = await idp.send(new UpdateGroupCommand({ UserPoolId: pool.Id, GroupName: 'editors', Description: 'Edit more' }));
  assert.equal(updated.Description, 'Edit more');
  assert.equal(updated.Precedence, 3);
  await rejectsWith(idp.send(new UpdateGroupCommand({ UserPoolId: pool.Id, GroupName: 'nobody', Description: 'x' })), 'ResourceNotFoundException');

  for (const name of ['b', 'a']) await idp.send(new CreateGroupCommand({ UserPoolId: pool.Id, GroupName: name }));
  const listed = [];
  let pages = 0;
  for await (const page of paginateListGroups({ client: idp, pageSize: 2 }, { UserPoolId: pool.Id })) {
    pages++;
    listed.push(...page.Groups.map((g) => g.GroupName));
  }
  assert.deepEqual(listed, ['a', 'b', 'editors']);
  assert.equal(pages, 2);
  await rejectsWith(idp.send(new ListGroupsCommand({ UserPoolId: pool.Id, NextToken: 'forged' })), 'InvalidParameterException');

  await idp.send(new DeleteGroupCommand({ UserPoolId: pool.Id, GroupName: 'a' }));
  await rejectsWith(idp.send(new DeleteGroupCommand({ UserPoolId: pool.Id, GroupName: 'a' })), 'ResourceNotFoundException');
  assert.deepEqual((await idp.send(new ListGroupsCommand({ UserPoolId: pool.Id }))).Groups.map((g) => g.GroupName), ['b', 'editors']);
});

test('membership: add, list both ways with paginators, remove; unknown user and group', async () => {
  const pool = await createPool(idp);
  for (const u of ['alice', 'bob']) await createUser(idp, pool.Id, u, 'Perm-Pass-1');
  for (const [GroupName, Precedence] of [['readers', undefined], ['editors', 2], ['admins', 1]]) {
    await idp.send(new CreateGroupCommand({ UserPoolId: pool.Id, GroupName, Precedence }));
    await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.Id, Username: 'alice', GroupName }));
  }
  await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.Id, Username: 'alice', GroupName: 'editors' }));
  await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.Id, Username: 'bob', GroupName: 'editors' }));

  const groupsOfAlice = [];
  for await (const page of paginateAdminListGroupsForUser({ client: idp, pageSize: 2 }, { UserPoolId: pool.Id, Username: 'alice' })) {
    groupsOfAlice.push(...page.Groups.map((g) => g.GroupName));
  }
  assert.deepEqual(groupsOfAlice, ['admins', 'editors', 'readers']);

  const editors = [];
  for await (const page of paginateListUsersInGroup({ client: idp, pageSize: 1 }, { UserPoolId: pool.Id, GroupName: 'editors' })) {
    editors.push(...page.Users.map((u) => u.Username));
    for (const u of page.Users) assert.equal(u.UserStatus, 'CONFIRMED');
  }
  assert.deepEqual(editors, ['alice', 'bob']);

  await idp.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool.Id, Username: 'bob', GroupName: 'editors' }));
  await idp.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool.Id, Username: 'bob', GroupName: 'editors' }));
  assert.deepEqual((await idp.send(new ListUsersInGroupCommand({ UserPoolId: pool.Id, GroupName: 'editors' }))).Users.map((u) => u.Username), ['alice']);

  await rejectsWith(idp.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.Id, Username: 'ghost', GroupName: 'editors' })), 'UserNotFoundException');
  await rejectsWith(idp.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.Id, Username: 'alice', GroupName: 'nobody' })), 'ResourceNotFoundException', 'Group not found.');
  await rejectsWith(idp.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool.Id, Username: 'ghost', GroupName: 'editors' })), 'UserNotFoundException');
  await rejectsWith(idp.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool.Id, Username: 'alice', GroupName: 'nobody' })), 'ResourceNotFoundException');
  await rejectsWith(idp.send(new AdminListGroupsForUserCommand({ UserPoolId: pool.Id, Username: 'ghost' })), 'UserNotFoundException');
  await rejectsWith(idp.send(new ListUsersInGroupCommand({ UserPoolId: pool.Id, GroupName: 'nobody' })), 'ResourceNotFoundException');
});

test('group membership shows up as cognito:groups in access and ID tokens', async () => {
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id);
  await createUser(idp, pool.Id, 'alice', 'Perm-Pass-1');
  await idp.send(new CreateGroupCommand({ UserPoolId: pool.Id, GroupName: 'readers', Precedence: 5 }));
  await idp.send(new CreateGroupCommand({ UserPoolId: pool.Id, GroupName: 'admins', Precedence: 0 }));
  await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.Id, Username: 'alice', GroupName: 'readers' }));
  await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.Id, Username: 'alice', GroupName: 'admins' }));

  const issuer = `${tessera.url}/${pool.Id}`;
  const verifier = JwtRsaVerifier.create({ issuer, audience: null, jwksUri: `${issuer}/.well-known/jwks.json` });
  verifier.cacheJwks(await (await fetch(`${issuer}/.well-known/jwks.json`)).json());
  const signIn = async () => (await idp.send(new InitiateAuthCommand({
    ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: 'Perm-Pass-1' } }))).AuthenticationResult;

  let tokens = await signIn();
  assert.deepEqual((await verifier.verify(tokens.AccessToken))['cognito:groups'], ['admins', 'readers']);
  assert.deepEqual((await verifier.verify(tokens.IdToken))['cognito:groups'], ['admins', 'readers']);

  await idp.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool.Id, Username: 'alice', GroupName: 'admins' }));
  await idp.send(new DeleteGroupCommand({ UserPoolId: pool.Id, GroupName: 'readers' }));
  tokens = await signIn();
  assert.equal((await verifier.verify(tokens.AccessToken))['cognito:groups'], undefined);
});
