// SPDX-License-Identifier: Apache-2.0
// Attribute writes and values through the real AWS SDK: who may write what (NEW_PASSWORD_REQUIRED included),
// boolean values as AWS reads them, and the app client's ReadAttributes/WriteAttributes (issues 13 and 22).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  AdminCreateUserCommand, AdminGetUserCommand, AdminUpdateUserAttributesCommand, AdminInitiateAuthCommand, AdminSetUserPasswordCommand,
  InitiateAuthCommand, RespondToAuthChallengeCommand, UpdateUserAttributesCommand, GetUserCommand, SignUpCommand,
  CreateUserPoolClientCommand, UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser, rejectsWith } from '../lib/fixtures.mjs';

let tessera;
let idp;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); });
after(async () => { await tessera?.stop(); });

const attrs = (list) => Object.fromEntries(list.map((a) => [a.Name, a.Value]));
const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
const adminAttrs = async (UserPoolId, Username) => attrs((await idp.send(new AdminGetUserCommand({ UserPoolId, Username }))).UserAttributes);

/** An admin-created user in FORCE_CHANGE_PASSWORD and the NEW_PASSWORD_REQUIRED challenge of their first sign-in. */
async function newPasswordChallenge(UserPoolId, ClientId, Username, attributes) {
  await idp.send(new AdminCreateUserCommand({
    UserPoolId, Username, TemporaryPassword: 'Temp-Pass-1', MessageAction: 'SUPPRESS',
    UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
  }));
  const challenge = await idp.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: Username, PASSWORD: 'Temp-Pass-1' } }));
  assert.equal(challenge.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  return (extra) => idp.send(new RespondToAuthChallengeCommand({
    ClientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: challenge.Session,
    ChallengeResponses: { USERNAME: Username, NEW_PASSWORD: 'Perm-Pass-1', ...extra },
  }));
}

test('NEW_PASSWORD_REQUIRED: *_verified and attributes outside the client\'s WriteAttributes are refused; a changed email is unverified', async () => {
  const pool = await createPool(idp, { Schema: [{ Name: 'role', AttributeDataType: 'String' }] });
  const client = await createAppClient(idp, pool.Id, { WriteAttributes: ['email', 'name'] });
  const answer = await newPasswordChallenge(pool.Id, client.ClientId, 'mallory', { email: 'mallory@example.com', email_verified: 'true', 'custom:role': 'reader' });

  await rejectsWith(answer({ 'userAttributes.email_verified': 'true' }), 'NotAuthorizedException', 'A client attempted to write unauthorized attribute');
  await rejectsWith(answer({ 'userAttributes.custom:role': 'admin' }), 'NotAuthorizedException', 'A client attempted to write unauthorized attribute');
  await rejectsWith(answer({ 'userAttributes.email': 'victim@example.com', 'userAttributes.phone_number_verified': 'true' }),
    'NotAuthorizedException', 'A client attempted to write unauthorized attribute');
  assert.equal((await adminAttrs(pool.Id, 'mallory'))['custom:role'], 'reader');

  const tokens = (await answer({ 'userAttributes.email': 'victim@example.com', 'userAttributes.name': 'Mallory' })).AuthenticationResult;
  const id = claims(tokens.IdToken);
  assert.equal(id.email, 'victim@example.com');
  assert.equal(id.email_verified, false, 'a user-chosen address is not verified');
  assert.equal(id['custom:role'], 'reader');
  assert.equal((await adminAttrs(pool.Id, 'mallory')).email_verified, 'false');
});

test('NEW_PASSWORD_REQUIRED: an email that is another user\'s username is refused', async () => {
  const pool = await createPool(idp, { UsernameAttributes: ['email'] });
  const client = await createAppClient(idp, pool.Id);
  await createUser(idp, pool.Id, 'victim@example.com', 'Perm-Pass-1');
  const answer = await newPasswordChallenge(pool.Id, client.ClientId, 'mallory@example.com', {});

  await rejectsWith(answer({ 'userAttributes.email': 'victim@example.com' }), 'AliasExistsException', 'An account with the given email already exists.');
  const victim = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'victim@example.com' }));
  assert.equal(attrs(victim.UserAttributes).email, 'victim@example.com');
});

test('NEW_PASSWORD_REQUIRED: required attributes the user lacks are set once; one already provided cannot be changed', async () => {
  const pool = await createPool(idp, { Schema: [{ Name: 'name', AttributeDataType: 'String', Required: true }, { Name: 'given_name', AttributeDataType: 'String', Required: true, Mutable: false }] });
  const client = await createAppClient(idp, pool.Id);
  const answer = await newPasswordChallenge(pool.Id, client.ClientId, 'nina', { name: 'Nina' });

  await rejectsWith(answer({}), 'InvalidParameterException', 'Invalid attributes given, given_name is missing');
  await rejectsWith(answer({ 'userAttributes.given_name': 'Nina', 'userAttributes.name': 'Someone Else' }), 'NotAuthorizedException', 'Cannot modify an already provided name');
  const tokens = (await answer({ 'userAttributes.given_name': 'Nina' })).AuthenticationResult;
  assert.equal(claims(tokens.IdToken).given_name, 'Nina');
});

test('UpdateUserAttributes through a client without WriteAttributes writes standard attributes only (UserPoolClientType.WriteAttributes)', async () => {
  const pool = await createPool(idp, { Schema: [{ Name: 'role', AttributeDataType: 'String' }] });
  const client = await createAppClient(idp, pool.Id);
  await createUser(idp, pool.Id, 'olga', 'Perm-Pass-1', { 'custom:role': 'reader' });
  const { AccessToken } = (await idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'olga', PASSWORD: 'Perm-Pass-1' } }))).AuthenticationResult;

  await rejectsWith(idp.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'custom:role', Value: 'admin' }] })),
    'NotAuthorizedException', 'A client attempted to write unauthorized attribute');
  await idp.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'nickname', Value: 'Olly' }] }));
  assert.deepEqual([(await adminAttrs(pool.Id, 'olga'))['custom:role'], (await adminAttrs(pool.Id, 'olga')).nickname], ['reader', 'Olly']);
});

test('boolean values are read case-insensitively ("True", "TRUE") and returned lower-case, in every operation that writes them', async () => {
  const pool = await createPool(idp, { AutoVerifiedAttributes: ['email'], Schema: [{ Name: 'vip', AttributeDataType: 'Boolean' }] });
  const client = await createAppClient(idp, pool.Id, { WriteAttributes: ['email', 'custom:vip'] });
  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'tom', MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: 'tom@example.com' }, { Name: 'email_verified', Value: 'True' }, { Name: 'custom:vip', Value: 'TRUE' }] }));
  let tom = await adminAttrs(pool.Id, 'tom');
  assert.deepEqual([tom.email_verified, tom['custom:vip']], ['true', 'true']);

  await idp.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.Id, Username: 'tom', UserAttributes: [
    { Name: 'phone_number', Value: '+15555550100' }, { Name: 'phone_number_verified', Value: 'TRUE' }, { Name: 'email_verified', Value: 'False' }] }));
  tom = await adminAttrs(pool.Id, 'tom');
  assert.deepEqual([tom.phone_number_verified, tom.email_verified], ['true', 'false']);

  await idp.send(new SignUpCommand({ ClientId: client.ClientId, Username: 'uma', Password: 'Perm-Pass-1',
    UserAttributes: [{ Name: 'email', Value: 'uma@example.com' }, { Name: 'custom:vip', Value: 'True' }] }));
  assert.equal((await adminAttrs(pool.Id, 'uma'))['custom:vip'], 'true');

  await idp.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.Id, Username: 'tom', UserAttributes: [{ Name: 'email_verified', Value: 'TRUE' }] }));
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.Id, Username: 'tom', Password: 'Perm-Pass-1', Permanent: true }));
  const signedIn = (await idp.send(new AdminInitiateAuthCommand({ UserPoolId: pool.Id, ClientId: client.ClientId,
    AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'tom', PASSWORD: 'Perm-Pass-1' } }))).AuthenticationResult;
  await idp.send(new UpdateUserAttributesCommand({ AccessToken: signedIn.AccessToken, UserAttributes: [{ Name: 'custom:vip', Value: 'FALSE' }] }));
  const id = claims(signedIn.IdToken);
  assert.equal(id.email_verified, true);
  assert.equal(id['custom:vip'], 'true', 'custom attributes are strings in the ID token (SchemaAttributeType.AttributeDataType)');
  assert.equal(attrs((await idp.send(new GetUserCommand({ AccessToken: signedIn.AccessToken }))).UserAttributes)['custom:vip'], 'false');

  await rejectsWith(idp.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.Id, Username: 'tom', UserAttributes: [{ Name: 'email_verified', Value: 'yes' }] })),
    'InvalidParameterException');
  await rejectsWith(idp.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.Id, Username: 'tom', UserAttributes: [{ Name: 'custom:vip', Value: 'maybe' }] })),
    'InvalidParameterException', 'Attributes did not conform to the schema: custom:vip: Boolean attributes must be true or false');
});

test('Create/UpdateUserPoolClient: ReadAttributes and WriteAttributes must name attributes of the pool', async () => {
  const pool = await createPool(idp, { Schema: [{ Name: 'team', AttributeDataType: 'String' }] });
  const create = (input) => idp.send(new CreateUserPoolClientCommand({ UserPoolId: pool.Id, ClientName: 'web', ...input }));

  await rejectsWith(create({ ReadAttributes: ['email', 'custom:nope'] }), 'InvalidParameterException', 'Invalid read attributes specified while creating a client');
  await rejectsWith(create({ WriteAttributes: ['email', 'team'] }), 'InvalidParameterException', 'Invalid write attributes specified while creating a client');
  const { UserPoolClient: client } = await create({ ReadAttributes: ['email', 'email_verified', 'custom:team'], WriteAttributes: ['email', 'custom:team'] });
  assert.deepEqual(client.WriteAttributes, ['email', 'custom:team']);
  await rejectsWith(idp.send(new UpdateUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: client.ClientId, WriteAttributes: ['nickname', 'custom:nope'] })),
    'InvalidParameterException', 'Invalid write attributes specified while updating a client');
});

test('boto3: str(True) and str(False) are accepted as boolean attribute values', async () => {
  const script = `
import json, sys, boto3
idp = boto3.client('cognito-idp', endpoint_url=sys.argv[1], region_name='us-east-1',
                   aws_access_key_id='AKIDEXAMPLE', aws_secret_access_key='dev-secret')
pool = idp.create_user_pool(PoolName='py-bools', Schema=[{'Name': 'vip', 'AttributeDataType': 'Boolean'}])['UserPool']['Id']
idp.admin_create_user(UserPoolId=pool, Username='pat', MessageAction='SUPPRESS', UserAttributes=[
    {'Name': 'email', 'Value': 'pat@example.com'}, {'Name': 'email_verified', 'Value': str(True)},
    {'Name': 'custom:vip', 'Value': str(False)}])
idp.admin_update_user_attributes(UserPoolId=pool, Username='pat', UserAttributes=[
    {'Name': 'phone_number', 'Value': '+15555550123'}, {'Name': 'phone_number_verified', 'Value': str(True)}])
user = idp.admin_get_user(UserPoolId=pool, Username='pat')
print(json.dumps({a['Name']: a['Value'] for a in user['UserAttributes']}))
`;
  const { stdout } = await promisify(execFile)('python3', ['-c', script, tessera.url], { timeout: 120_000, env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' } });
  const pat = JSON.parse(stdout);
  assert.deepEqual([pat.email_verified, pat.phone_number_verified, pat['custom:vip']], ['true', 'true', 'false']);
});
