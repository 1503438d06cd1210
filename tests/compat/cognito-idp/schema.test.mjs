// SPDX-License-Identifier: Apache-2.0
// The user-pool schema through the real AWS SDK, as infrastructure tools round-trip it (send a definition, read it
// back with DescribeUserPool, compare): standard attributes, constraints, developer-only attributes,
// AddCustomAttributes, the deprecated verification messages and EmailConfiguration (issue 22).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddCustomAttributesCommand, DescribeUserPoolCommand, AdminCreateUserCommand, AdminUpdateUserAttributesCommand, AdminGetUserCommand,
  SignUpCommand, UpdateUserAttributesCommand, InitiateAuthCommand, GetUserCommand, UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser, rejectsWith } from '../lib/fixtures.mjs';

let tessera;
let idp;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); });
after(async () => { await tessera?.stop(); });

const describe = async (UserPoolId) => (await idp.send(new DescribeUserPoolCommand({ UserPoolId }))).UserPool;
const schemaOf = async (UserPoolId) => Object.fromEntries((await describe(UserPoolId)).SchemaAttributes.map((a) => [a.Name, a]));
const attrs = (list) => Object.fromEntries(list.map((a) => [a.Name, a.Value]));
const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

test('CreateUserPool refuses a standard attribute with another data type or DeveloperOnlyAttribute', async () => {
  for (const attribute of [{ Name: 'email', AttributeDataType: 'Number' }, { Name: 'name', DeveloperOnlyAttribute: true }, { Name: 'updated_at', AttributeDataType: 'String' }]) {
    await rejectsWith(createPool(idp, { Schema: [attribute] }), 'InvalidParameterException',
      `You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute ${attribute.Name}`);
  }
});

test('constraints are validated, kept and returned exactly as given, for standard and custom attributes', async () => {
  const pool = await createPool(idp, { Schema: [
    { Name: 'email', AttributeDataType: 'String', Mutable: true, Required: true, StringAttributeConstraints: { MinLength: '5', MaxLength: '100' } },
    { Name: 'code', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '3', MaxLength: '8' } },
    { Name: 'age', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '0', MaxValue: '120' } },
    { Name: 'nick', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '10' } },
  ] });
  const schema = await schemaOf(pool.Id);
  assert.deepEqual(schema.email.StringAttributeConstraints, { MinLength: '5', MaxLength: '100' });
  assert.equal(schema.email.Required, true);
  assert.deepEqual(schema['custom:code'].StringAttributeConstraints, { MinLength: '3', MaxLength: '8' });
  assert.deepEqual(schema['custom:age'].NumberAttributeConstraints, { MinValue: '0', MaxValue: '120' });
  assert.deepEqual(schema['custom:nick'].StringAttributeConstraints, { MaxLength: '10' });
  assert.deepEqual(schema.name.StringAttributeConstraints, { MinLength: '0', MaxLength: '2048' });

  const invalid = [
    [{ Name: 'bad', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: 'invalid_value' } }, 'Invalid StringAttributeConstraints for schema attribute custom:bad'],
    [{ Name: 'bad', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '3000' } }, 'user.custom:bad: String attributes cannot have a length of more than 2048'],
    [{ Name: 'bad', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '9', MaxLength: '2' } }, 'user.custom:bad: Max length cannot be less than min length.'],
    [{ Name: 'bad', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '9', MaxValue: '2' } }, 'user.custom:bad: Max value cannot be less than min value.'],
    [{ Name: 'email', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '2049' } }, 'user.email: String attributes cannot have a length of more than 2048'],
  ];
  for (const [attribute, message] of invalid) {
    await rejectsWith(createPool(idp, { Schema: [attribute] }), 'InvalidParameterException', message);
  }
});

test('constraints are enforced on every write: AdminCreateUser, AdminUpdateUserAttributes, SignUp, UpdateUserAttributes', async () => {
  const pool = await createPool(idp, { Schema: [
    { Name: 'email', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '5', MaxLength: '30' } },
    { Name: 'code', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '3', MaxLength: '8' } },
    { Name: 'age', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '0', MaxValue: '120' } },
  ] });
  const client = await createAppClient(idp, pool.Id, { WriteAttributes: ['email', 'custom:code', 'custom:age'] });
  const admin = (Username, UserAttributes) => idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username, MessageAction: 'SUPPRESS', UserAttributes }));

  await rejectsWith(admin('a1', [{ Name: 'custom:code', Value: 'toolongvalue' }]), 'InvalidParameterException',
    'Attributes did not conform to the schema: custom:code: String must be no longer than 8 characters');
  await rejectsWith(admin('a2', [{ Name: 'email', Value: 'a@b.c'.padEnd(31, 'x') }]), 'InvalidParameterException');
  await rejectsWith(admin('a3', [{ Name: 'custom:age', Value: '121' }]), 'InvalidParameterException',
    'Attributes did not conform to the schema: custom:age: Number must be no greater than 120');
  await rejectsWith(admin('a4', [{ Name: 'custom:age', Value: 'old' }]), 'InvalidParameterException',
    'Attributes did not conform to the schema: custom:age: Number attributes must be numbers');

  await createUser(idp, pool.Id, 'vera', 'Perm-Pass-1', { email: 'vera@example.com', 'custom:code': 'abc', 'custom:age': '40' });
  await rejectsWith(idp.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.Id, Username: 'vera', UserAttributes: [{ Name: 'custom:code', Value: 'ab' }] })),
    'InvalidParameterException', 'Attributes did not conform to the schema: custom:code: String must be no shorter than 3 characters');
  await rejectsWith(idp.send(new SignUpCommand({ ClientId: client.ClientId, Username: 'walt', Password: 'Perm-Pass-1',
    UserAttributes: [{ Name: 'email', Value: 'walt@example.com' }, { Name: 'custom:age', Value: '-1' }] })), 'InvalidParameterException',
  'Attributes did not conform to the schema: custom:age: Number must be no less than 0');
  const { AccessToken } = (await idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'vera', PASSWORD: 'Perm-Pass-1' } }))).AuthenticationResult;
  await rejectsWith(idp.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'custom:code', Value: 'abcdefghi' }] })), 'InvalidParameterException');
  await idp.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'custom:code', Value: 'abcdefgh' }] }));
  assert.equal(attrs((await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'vera' }))).UserAttributes)['custom:code'], 'abcdefgh');
});

test('DeveloperOnlyAttribute creates dev:custom:NAME: administrators read and write it, a user\'s access token and tokens never see it', async () => {
  const pool = await createPool(idp, { Schema: [{ Name: 'secret', AttributeDataType: 'String', DeveloperOnlyAttribute: true }] });
  const schema = await schemaOf(pool.Id);
  assert.equal(schema['dev:custom:secret'].DeveloperOnlyAttribute, true);
  assert.equal(schema['custom:secret'], undefined);

  const client = await createAppClient(idp, pool.Id);
  await createUser(idp, pool.Id, 'xena', 'Perm-Pass-1', { email: 'xena@example.com', 'dev:custom:secret': 'launch-codes' });
  await idp.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.Id, Username: 'xena', UserAttributes: [{ Name: 'dev:custom:secret', Value: 'new-codes' }] }));
  assert.equal(attrs((await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'xena' }))).UserAttributes)['dev:custom:secret'], 'new-codes');

  const tokens = (await idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'xena', PASSWORD: 'Perm-Pass-1' } }))).AuthenticationResult;
  assert.equal(claims(tokens.IdToken)['dev:custom:secret'], undefined);
  assert.equal(attrs((await idp.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).UserAttributes)['dev:custom:secret'], undefined);
  await rejectsWith(idp.send(new UpdateUserAttributesCommand({ AccessToken: tokens.AccessToken, UserAttributes: [{ Name: 'dev:custom:secret', Value: 'mine' }] })),
    'NotAuthorizedException', 'A client attempted to write unauthorized attribute');
  await rejectsWith(idp.send(new SignUpCommand({ ClientId: client.ClientId, Username: 'yuri', Password: 'Perm-Pass-1', UserAttributes: [{ Name: 'dev:custom:secret', Value: 'x' }] })),
    'NotAuthorizedException', 'A client attempted to write unauthorized attribute');
});

test('a custom attribute needs an AttributeDataType; constraints of the other type are not kept', async () => {
  await rejectsWith(createPool(idp, { Schema: [{ Name: 'team' }] }), 'InvalidParameterException',
    'Invalid AttributeDataType input, consider using the provided AttributeDataType enum.');
  const pool = await createPool(idp, { Schema: [
    { Name: 'code', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '8' }, NumberAttributeConstraints: { MinValue: '1' } },
    { Name: 'flag', AttributeDataType: 'Boolean', StringAttributeConstraints: { MaxLength: '8' } },
  ] });
  const schema = await schemaOf(pool.Id);
  assert.equal(schema['custom:code'].NumberAttributeConstraints, undefined);
  assert.deepEqual(schema['custom:code'].StringAttributeConstraints, { MaxLength: '8' });
  assert.equal(schema['custom:flag'].StringAttributeConstraints, undefined);
});

test('AddCustomAttributes adds to the schema with AWS\'s checks: duplicates, 50 at most, unknown pool', async () => {
  const pool = await createPool(idp, { Schema: [{ Name: 'banana', AttributeDataType: 'String', DeveloperOnlyAttribute: true }] });
  await idp.send(new AddCustomAttributesCommand({ UserPoolId: pool.Id, CustomAttributes: [
    { Name: 'apple', AttributeDataType: 'Number', Mutable: false, NumberAttributeConstraints: { MinValue: '1', MaxValue: '9' } },
  ] }));
  const apple = (await schemaOf(pool.Id))['custom:apple'];
  assert.deepEqual(apple, { Name: 'custom:apple', AttributeDataType: 'Number', DeveloperOnlyAttribute: false, Mutable: false, Required: false, NumberAttributeConstraints: { MinValue: '1', MaxValue: '9' } });
  await createUser(idp, pool.Id, 'zoe', 'Perm-Pass-1', { 'custom:apple': '3' });

  await rejectsWith(idp.send(new AddCustomAttributesCommand({ UserPoolId: pool.Id, CustomAttributes: [{ Name: 'banana', AttributeDataType: 'String', DeveloperOnlyAttribute: true }] })),
    'InvalidParameterException', 'custom:banana: Existing attribute already has name dev:custom:banana.');
  await rejectsWith(idp.send(new AddCustomAttributesCommand({ UserPoolId: pool.Id, CustomAttributes: [{ Name: 'apple', AttributeDataType: 'String' }] })),
    'InvalidParameterException', 'custom:apple: Existing attribute already has name custom:apple.');
  await rejectsWith(idp.send(new AddCustomAttributesCommand({ UserPoolId: pool.Id, CustomAttributes: [{ Name: 'kiwi' }] })),
    'InvalidParameterException', 'Invalid AttributeDataType input, consider using the provided AttributeDataType enum.');
  for (let batch = 0; batch < 2; batch++) {
    await idp.send(new AddCustomAttributesCommand({ UserPoolId: pool.Id, CustomAttributes:
      Array.from({ length: 24 }, (_, i) => ({ Name: `a${batch}_${i}`, AttributeDataType: 'String' })) }));
  }
  await rejectsWith(idp.send(new AddCustomAttributesCommand({ UserPoolId: pool.Id, CustomAttributes: [{ Name: 'one_too_many', AttributeDataType: 'String' }] })),
    'InvalidParameterException', 'A user pool can have at most 50 custom attributes.');
  await rejectsWith(idp.send(new AddCustomAttributesCommand({ UserPoolId: 'us-east-1_nothere', CustomAttributes: [{ Name: 'x', AttributeDataType: 'String' }] })),
    'ResourceNotFoundException', 'User pool us-east-1_nothere does not exist.');
});

test('the deprecated verification messages mirror VerificationMessageTemplate both ways; EmailConfiguration reads back as AWS returns it', async () => {
  const byTemplate = await describe((await createPool(idp, {
    VerificationMessageTemplate: { EmailMessage: 'foo {####} bar', EmailSubject: 'foobar {####}', SmsMessage: '{####} baz', DefaultEmailOption: 'CONFIRM_WITH_CODE' },
  })).Id);
  assert.deepEqual([byTemplate.EmailVerificationMessage, byTemplate.EmailVerificationSubject, byTemplate.SmsVerificationMessage], ['foo {####} bar', 'foobar {####}', '{####} baz']);
  assert.deepEqual(byTemplate.EmailConfiguration, { EmailSendingAccount: 'COGNITO_DEFAULT' });

  const pool = await createPool(idp, { EmailVerificationMessage: 'Code {####}', EmailVerificationSubject: 'Your code', SmsVerificationMessage: 'SMS {####}' });
  let described = await describe(pool.Id);
  assert.deepEqual(described.VerificationMessageTemplate, { EmailMessage: 'Code {####}', EmailSubject: 'Your code', SmsMessage: 'SMS {####}', DefaultEmailOption: 'CONFIRM_WITH_CODE' });

  await idp.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, EmailVerificationMessage: 'New code {####}', EmailConfiguration: { ReplyToEmailAddress: 'help@example.com' } }));
  described = await describe(pool.Id);
  assert.equal(described.VerificationMessageTemplate.EmailMessage, 'New code {####}');
  assert.equal(described.EmailVerificationSubject, 'Your code');
  assert.deepEqual(described.EmailConfiguration, { ReplyToEmailAddress: 'help@example.com', EmailSendingAccount: 'COGNITO_DEFAULT' });
});
