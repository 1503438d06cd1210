// SPDX-License-Identifier: Apache-2.0
// The administrator's user operations through the real AWS SDK: delete, passwords, attributes,
// enable/disable, confirmation and ListUsers with filters and the SDK paginator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand, AdminGetUserCommand, AdminDeleteUserCommand, AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand, AdminDeleteUserAttributesCommand, AdminDisableUserCommand, AdminEnableUserCommand,
  AdminConfirmSignUpCommand, ListUsersCommand, paginateListUsers, InitiateAuthCommand, GetUserCommand, SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser, rejectsWith } from '../lib/fixtures.mjs';

let tessera;
let idp;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); });
after(async () => { await tessera?.stop(); });

const attrs = (user) => Object.fromEntries((user.UserAttributes ?? user.Attributes).map((a) => [a.Name, a.Value]));
const getUser = (UserPoolId, Username) => idp.send(new AdminGetUserCommand({ UserPoolId, Username }));
const signIn = (ClientId, USERNAME, PASSWORD) => idp.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD } }));

test('createUser fixture: AdminSetUserPassword Permanent confirms, Permanent false forces a new password', async () => {
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id);
  await createUser(idp, pool.Id, 'alice', 'Perm-Pass-1', { email: 'alice@example.com' });
  assert.equal((await getUser(pool.Id, 'alice')).UserStatus, 'CONFIRMED');
  assert.ok((await signIn(client.ClientId, 'alice', 'Perm-Pass-1')).AuthenticationResult.AccessToken);

  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.Id, Username: 'alice', Password: 'Temp-Pass-2', Permanent: false }));
  assert.equal((await getUser(pool.Id, 'alice')).UserStatus, 'FORCE_CHANGE_PASSWORD');
  assert.equal((await signIn(client.ClientId, 'alice', 'Temp-Pass-2')).ChallengeName, 'NEW_PASSWORD_REQUIRED');

  await rejectsWith(idp.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.Id, Username: 'alice', Password: 'short', Permanent: true })),
    'InvalidPasswordException', 'Password did not conform with policy: Password not long enough');
  await rejectsWith(idp.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.Id, Username: 'ghost', Password: 'Perm-Pass-1', Permanent: true })),
    'UserNotFoundException', 'User does not exist.');
});

test('AdminDeleteUser removes the user; unknown user and pool are reported as AWS does', async () => {
  const pool = await createPool(idp);
  await createUser(idp, pool.Id, 'alice', 'Perm-Pass-1');
  await idp.send(new AdminDeleteUserCommand({ UserPoolId: pool.Id, Username: 'alice' }));
  await rejectsWith(getUser(pool.Id, 'alice'), 'UserNotFoundException');
  await rejectsWith(idp.send(new AdminDeleteUserCommand({ UserPoolId: pool.Id, Username: 'alice' })), 'UserNotFoundException', 'User does not exist.');
  await rejectsWith(idp.send(new AdminDeleteUserCommand({ UserPoolId: 'us-east-1_nothere', Username: 'alice' })),
    'ResourceNotFoundException', 'User pool us-east-1_nothere does not exist.');
});

test('AdminUpdateUserAttributes and AdminDeleteUserAttributes', async () => {
  const pool = await createPool(idp, {
    AutoVerifiedAttributes: ['email'], AliasAttributes: ['email'],
    Schema: [{ Name: 'team', AttributeDataType: 'String', Mutable: true }, { Name: 'tier', AttributeDataType: 'String', Mutable: false }],
  });
  await createUser(idp, pool.Id, 'alice', 'Perm-Pass-1', { email: 'alice@example.com', email_verified: 'true', given_name: 'Alice', 'custom:tier': 'gold' });
  await createUser(idp, pool.Id, 'bob', 'Perm-Pass-1');

  await idp.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.Id, Username: 'alice', UserAttributes: [
    { Name: 'email', Value: 'alice@example.org' }, { Name: 'custom:team', Value: 'red' }, { Name: 'given_name', Value: '' }] }));
  let alice = attrs(await getUser(pool.Id, 'alice'));
  assert.equal(alice.email, 'alice@example.org');
  assert.equal(alice.email_verified, 'false');
  assert.equal(alice['custom:team'], 'red');
  assert.equal(alice.given_name, undefined);

  await idp.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.Id, Username: 'alice', UserAttributes: [{ Name: 'email_verified', Value: 'true' }] }));
  await rejectsWith(idp.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.Id, Username: 'bob', UserAttributes: [
    { Name: 'email', Value: 'alice@example.org' }, { Name: 'email_verified', Value: 'true' }] })),
  'AliasExistsException', 'An account with the given email already exists.');
  await rejectsWith(idp.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.Id, Username: 'alice', UserAttributes: [{ Name: 'custom:tier', Value: 'silver' }] })),
    'InvalidParameterException');
  await rejectsWith(idp.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.Id, Username: 'alice', UserAttributes: [{ Name: 'custom:nope', Value: 'x' }] })),
    'InvalidParameterException');
  await rejectsWith(idp.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.Id, Username: 'ghost', UserAttributes: [{ Name: 'name', Value: 'x' }] })),
    'UserNotFoundException');

  await idp.send(new AdminDeleteUserAttributesCommand({ UserPoolId: pool.Id, Username: 'alice', UserAttributeNames: ['custom:team'] }));
  alice = attrs(await getUser(pool.Id, 'alice'));
  assert.equal(alice['custom:team'], undefined);
  assert.equal(alice.email, 'alice@example.org');
  await rejectsWith(idp.send(new AdminDeleteUserAttributesCommand({ UserPoolId: pool.Id, Username: 'alice', UserAttributeNames: ['sub'] })), 'InvalidParameterException');
  await rejectsWith(idp.send(new AdminDeleteUserAttributesCommand({ UserPoolId: pool.Id, Username: 'ghost', UserAttributeNames: ['name'] })), 'UserNotFoundException');
});

test('AdminDisableUser blocks sign-in and revokes access tokens; AdminEnableUser restores sign-in', async () => {
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id);
  await createUser(idp, pool.Id, 'alice', 'Perm-Pass-1');
  const { AuthenticationResult: tokens } = await signIn(client.ClientId, 'alice', 'Perm-Pass-1');

  await idp.send(new AdminDisableUserCommand({ UserPoolId: pool.Id, Username: 'alice' }));
  assert.equal((await getUser(pool.Id, 'alice')).Enabled, false);
  await rejectsWith(signIn(client.ClientId, 'alice', 'Perm-Pass-1'), 'NotAuthorizedException', 'User is disabled.');
  await rejectsWith(idp.send(new GetUserCommand({ AccessToken: tokens.AccessToken })), 'NotAuthorizedException');

  await idp.send(new AdminEnableUserCommand({ UserPoolId: pool.Id, Username: 'alice' }));
  assert.equal((await getUser(pool.Id, 'alice')).Enabled, true);
  assert.ok((await signIn(client.ClientId, 'alice', 'Perm-Pass-1')).AuthenticationResult);
  await rejectsWith(idp.send(new GetUserCommand({ AccessToken: tokens.AccessToken })), 'NotAuthorizedException', 'Access Token has been revoked');

  await rejectsWith(idp.send(new AdminDisableUserCommand({ UserPoolId: pool.Id, Username: 'ghost' })), 'UserNotFoundException');
  await rejectsWith(idp.send(new AdminEnableUserCommand({ UserPoolId: pool.Id, Username: 'ghost' })), 'UserNotFoundException');
});

test('AdminConfirmSignUp refuses a user who is not UNCONFIRMED', async () => {
  const pool = await createPool(idp);
  await createUser(idp, pool.Id, 'alice', 'Perm-Pass-1');
  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'carol', MessageAction: 'SUPPRESS' }));
  await rejectsWith(idp.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.Id, Username: 'alice' })),
    'NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED');
  await rejectsWith(idp.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.Id, Username: 'carol' })),
    'NotAuthorizedException', 'User cannot be confirmed. Current status is FORCE_CHANGE_PASSWORD');
  await rejectsWith(idp.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.Id, Username: 'ghost' })), 'UserNotFoundException');
});

test('AdminConfirmSignUp confirms a signed-up user', async (t) => {
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id);
  try {
    await idp.send(new SignUpCommand({ ClientId: client.ClientId, Username: 'dave', Password: 'Perm-Pass-1' }));
  } catch (e) {
    // SignUp lands with the sign-up work; until then there is no API path to an UNCONFIRMED user.
    if (e.name === 'UnsupportedOperationException') { t.skip('SignUp is not implemented in this build'); return; }
    throw e;
  }
  assert.equal((await getUser(pool.Id, 'dave')).UserStatus, 'UNCONFIRMED');
  await idp.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.Id, Username: 'dave' }));
  assert.equal((await getUser(pool.Id, 'dave')).UserStatus, 'CONFIRMED');
  assert.ok((await signIn(client.ClientId, 'dave', 'Perm-Pass-1')).AuthenticationResult);
});

test('ListUsers filters, pages with the SDK paginator and selects attributes', async () => {
  const pool = await createPool(idp);
  for (const [name, email, given] of [['ann', 'ann@example.com', 'Ann'], ['andrew', 'andrew@example.com', 'Andrew'], ['bob', 'bob@example.org', 'Bob']]) {
    await createUser(idp, pool.Id, name, 'Perm-Pass-1', { email, given_name: given });
  }
  await idp.send(new AdminDisableUserCommand({ UserPoolId: pool.Id, Username: 'bob' }));
  const names = (out) => out.Users.map((u) => u.Username);

  const all = await idp.send(new ListUsersCommand({ UserPoolId: pool.Id }));
  assert.deepEqual(names(all), ['andrew', 'ann', 'bob']);
  assert.equal(all.Users[0].UserStatus, 'CONFIRMED');
  assert.ok(all.Users[0].UserCreateDate instanceof Date);
  assert.equal(all.Users[0].Attributes[0].Name, 'sub');
  assert.deepEqual(names(await idp.send(new ListUsersCommand({ UserPoolId: pool.Id, Filter: 'email ^= "an"' }))), ['andrew', 'ann']);
  assert.deepEqual(names(await idp.send(new ListUsersCommand({ UserPoolId: pool.Id, Filter: 'given_name = "Bob"' }))), ['bob']);
  assert.deepEqual(names(await idp.send(new ListUsersCommand({ UserPoolId: pool.Id, Filter: 'status = "Disabled"' }))), ['bob']);
  assert.deepEqual(names(await idp.send(new ListUsersCommand({ UserPoolId: pool.Id, Filter: 'cognito:user_status = "confirmed"' }))), ['andrew', 'ann', 'bob']);
  const sub = attrs(await getUser(pool.Id, 'ann')).sub;
  assert.deepEqual(names(await idp.send(new ListUsersCommand({ UserPoolId: pool.Id, Filter: `sub = "${sub}"` }))), ['ann']);

  const paged = [];
  let pages = 0;
  for await (const page of paginateListUsers({ client: idp, pageSize: 2 }, { UserPoolId: pool.Id })) {
    pages++;
    paged.push(...names(page));
  }
  assert.deepEqual(paged, ['andrew', 'ann', 'bob']);
  assert.equal(pages, 2);

  const only = await idp.send(new ListUsersCommand({ UserPoolId: pool.Id, Filter: 'username = "ann"', AttributesToGet: ['email'] }));
  assert.deepEqual(only.Users[0].Attributes, [{ Name: 'email', Value: 'ann@example.com' }]);

  await rejectsWith(idp.send(new ListUsersCommand({ UserPoolId: pool.Id, Filter: 'email == ann' })), 'InvalidParameterException');
  await rejectsWith(idp.send(new ListUsersCommand({ UserPoolId: pool.Id, Filter: 'custom:team = "red"' })), 'InvalidParameterException');
  await rejectsWith(idp.send(new ListUsersCommand({ UserPoolId: pool.Id, PaginationToken: 'forged' })), 'InvalidParameterException');
  await rejectsWith(idp.send(new ListUsersCommand({ UserPoolId: pool.Id, Limit: 61 })), 'InvalidParameterException');
  await rejectsWith(idp.send(new ListUsersCommand({ UserPoolId: 'us-east-1_nothere' })), 'ResourceNotFoundException');
});
