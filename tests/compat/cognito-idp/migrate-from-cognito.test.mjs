// SPDX-License-Identifier: Apache-2.0
// `tessera migrate-from-cognito` (docs/portability.md) against another Tessera as the source: it speaks the Cognito API
// that AWS does. The source is built through the AWS SDK; the command reads it with the AWS SDK's credential chain
// (environment variables, then a profile of a shared credentials file), writes an export file and imports it into
// the target's store. The target serves the same pool, client secret, groups, resource server, domain and identity
// pool; users arrive in RESET_REQUIRED and sign in after ForgotPassword.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdminAddUserToGroupCommand, AdminDisableUserCommand, AdminGetUserCommand, AddCustomAttributesCommand, CreateGroupCommand,
  CreateResourceServerCommand, CreateUserPoolClientCommand, CreateUserPoolDomainCommand, DescribeResourceServerCommand,
  DescribeUserPoolClientCommand, DescribeUserPoolCommand, DescribeUserPoolDomainCommand, ForgotPasswordCommand,
  ConfirmForgotPasswordCommand, InitiateAuthCommand, ListUsersInGroupCommand, SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CognitoIdentityClient, CreateIdentityPoolCommand, DescribeIdentityPoolCommand, GetIdentityPoolRolesCommand, SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity';
import { startTessera, runTessera, devCredentials } from '../lib/server.mjs';
import { idpClient, createPool, createUser } from '../lib/fixtures.mjs';
import { latestCode } from '../lib/inbox.mjs';

const secretsKey = 'compat migration key';
const AUTH_ROLE = 'arn:aws:iam::123456789012:role/migrated-auth';
let source;
let target;
after(async () => { await source?.stop(); await target?.stop(); });

const secretHash = (secret, username, clientId) => createHmac('sha256', secret).update(username + clientId).digest('base64');
const identityClient = (url) => new CognitoIdentityClient({ endpoint: url, region: 'us-east-1', credentials: devCredentials, maxAttempts: 1 });

/** Runs the tessera command line in `cwd` with only the AWS settings given (none inherited from this process). */
const tessera = (args, cwd, env) => runTessera(args, cwd, { AWS_EC2_METADATA_DISABLED: 'true', ...env }, (k) => !k.startsWith('AWS_'));

let built;
before(async () => {
  // The source checks signatures against its admin key (start-dev without one accepts any well-formed signature).
  const adminKey = { Tessera__Admin__AccessKeyId: devCredentials.accessKeyId, Tessera__Admin__SecretAccessKey: devCredentials.secretAccessKey };
  [source, target] = await Promise.all([startTessera({ env: adminKey }), startTessera()]);
  const idp = idpClient(source.url);
  const pool = await createPool(idp, { AutoVerifiedAttributes: ['email'], Policies: { PasswordPolicy: { MinimumLength: 10 } } });
  await idp.send(new AddCustomAttributesCommand({ UserPoolId: pool.Id, CustomAttributes: [{ Name: 'tier', AttributeDataType: 'String', Mutable: true }] }));
  await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
  const { UserPoolClient: client } = await idp.send(new CreateUserPoolClientCommand({
    UserPoolId: pool.Id, ClientName: 'confidential', GenerateSecret: true,
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }));
  await idp.send(new CreateResourceServerCommand({ UserPoolId: pool.Id, Identifier: 'https://api.example.com', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }] }));
  const domain = `migrated-${Date.now()}`;
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain }));
  await idp.send(new CreateGroupCommand({ UserPoolId: pool.Id, GroupName: 'admins', Precedence: 1, Description: 'Administrators' }));
  await createUser(idp, pool.Id, 'alice', 'Alice-Pass-12', { email: 'alice@example.com', email_verified: 'true', 'custom:tier': 'gold' });
  await createUser(idp, pool.Id, 'bob', 'Bob-Pass-123', { email: 'bob@example.com', email_verified: 'true' });
  await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.Id, Username: 'alice', GroupName: 'admins' }));
  await idp.send(new AdminDisableUserCommand({ UserPoolId: pool.Id, Username: 'bob' }));
  const identity = identityClient(source.url);
  const identityPool = await identity.send(new CreateIdentityPoolCommand({
    IdentityPoolName: 'migrated', AllowUnauthenticatedIdentities: false,
    CognitoIdentityProviders: [{ ProviderName: `cognito-idp.us-east-1.amazonaws.com/${pool.Id}`, ClientId: client.ClientId }],
  }));
  await identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: identityPool.IdentityPoolId, Roles: { authenticated: AUTH_ROLE } }));
  const sourceAlice = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'alice' }));
  built = { pool, client, domain, identityPoolId: identityPool.IdentityPoolId, sourceAlice };
});

const fromEnvironment = { AWS_ACCESS_KEY_ID: devCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: devCredentials.secretAccessKey, AWS_REGION: 'us-east-1' };

test('wrong credentials: the source refuses them, the command says why and imports nothing', async () => {
  const refused = await tessera(['migrate-from-cognito', '--pool', built.pool.Id, '--endpoint-url', source.url, '--import'], target.dir,
    { ...fromEnvironment, AWS_SECRET_ACCESS_KEY: 'not-the-secret' });
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /Cannot read .*DescribeUserPool/);
  await assert.rejects(idpClient(target.url).send(new DescribeUserPoolCommand({ UserPoolId: built.pool.Id })), (e) => e.name === 'ResourceNotFoundException');
});

test('a profile of a shared credentials file: the export file holds the pool, users without passwords, secrets sealed', async () => {
  const credentialsFile = join(target.dir, 'aws-credentials');
  writeFileSync(credentialsFile, `[migrator]\naws_access_key_id = ${devCredentials.accessKeyId}\naws_secret_access_key = ${devCredentials.secretAccessKey}\n`);
  const written = await tessera(['migrate-from-cognito', '--pool', built.pool.Id, '--endpoint-url', source.url, '--profile', 'migrator', '-o', 'migrated.json'], target.dir,
    { AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_CONFIG_FILE: join(target.dir, 'no-config'), AWS_REGION: 'us-east-1', TESSERA_SECRETS_KEY: secretsKey });
  assert.equal(written.code, 0, written.stderr);
  assert.match(written.stderr, /1 clients, 1 groups, 2 users \(RESET_REQUIRED, no passwords\), 1 identity pools/);
  const text = readFileSync(join(target.dir, 'migrated.json'), 'utf8');
  assert.ok(!text.includes(built.client.ClientSecret), 'the client secret is sealed');
  const file = JSON.parse(text);
  assert.equal(file.formatVersion, 1);
  const [pool] = file.userPools;
  assert.equal(pool.id, built.pool.Id);
  assert.deepEqual(pool.users.map((u) => [u.username, u.status, u.enabled, u.passwordHash]).sort(), [['alice', 'RESET_REQUIRED', true, undefined], ['bob', 'RESET_REQUIRED', false, undefined]]);
  assert.equal(pool.memberships.length, 1);
});

test('--import with credentials from the environment: the target serves the same pool; a user resets the password and signs in', async () => {
  const run = await tessera(['migrate-from-cognito', '--pool', built.pool.Id, '--endpoint-url', source.url, '--import', '-o', 'imported.json'], target.dir,
    { ...fromEnvironment, TESSERA_SECRETS_KEY: secretsKey });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /users: 2 created/);
  const idp = idpClient(target.url);
  const { pool, client } = built;

  const described = (await idp.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }))).UserPool;
  assert.equal(described.Name, pool.Name);
  assert.equal(described.MfaConfiguration, 'OPTIONAL');
  assert.equal(described.Policies.PasswordPolicy.MinimumLength, 10);
  assert.deepEqual(described.AutoVerifiedAttributes, ['email']);
  assert.ok(described.SchemaAttributes.some((a) => a.Name === 'custom:tier'), 'the custom attribute');
  const targetClient = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: client.ClientId }))).UserPoolClient;
  assert.equal(targetClient.ClientSecret, client.ClientSecret);
  assert.deepEqual(targetClient.ExplicitAuthFlows, client.ExplicitAuthFlows);
  const server = (await idp.send(new DescribeResourceServerCommand({ UserPoolId: pool.Id, Identifier: 'https://api.example.com' }))).ResourceServer;
  assert.deepEqual(server.Scopes, [{ ScopeName: 'read', ScopeDescription: 'Read' }]);
  assert.equal((await idp.send(new DescribeUserPoolDomainCommand({ Domain: built.domain }))).DomainDescription.UserPoolId, pool.Id);
  const members = await idp.send(new ListUsersInGroupCommand({ UserPoolId: pool.Id, GroupName: 'admins' }));
  assert.deepEqual(members.Users.map((u) => u.Username), ['alice']);

  const alice = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'alice' }));
  assert.equal(alice.UserStatus, 'RESET_REQUIRED');
  assert.deepEqual(alice.UserAttributes, built.sourceAlice.UserAttributes, 'same sub and attributes');
  assert.equal((await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'bob' }))).Enabled, false);

  const identity = identityClient(target.url);
  const identityPool = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: built.identityPoolId }));
  assert.equal(identityPool.CognitoIdentityProviders[0].ClientId, client.ClientId);
  assert.equal((await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: built.identityPoolId }))).Roles.authenticated, AUTH_ROLE);

  // No password came over: sign-in asks for a reset first, as Cognito does for RESET_REQUIRED.
  const hash = secretHash(client.ClientSecret, 'alice', client.ClientId);
  await assert.rejects(idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'alice', PASSWORD: 'Alice-Pass-12', SECRET_HASH: hash } })), (e) => e.name === 'PasswordResetRequiredException');
  await idp.send(new ForgotPasswordCommand({ ClientId: client.ClientId, Username: 'alice', SecretHash: hash }));
  await idp.send(new ConfirmForgotPasswordCommand({ ClientId: client.ClientId, Username: 'alice', SecretHash: hash,
    ConfirmationCode: await latestCode(target.url, 'alice@example.com'), Password: 'Alice-New-12' }));
  const signedIn = await idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'alice', PASSWORD: 'Alice-New-12', SECRET_HASH: hash } }));
  assert.ok(signedIn.AuthenticationResult.AccessToken);

  // Run again: idempotent, and the reset password is not undone.
  const again = await tessera(['migrate-from-cognito', '--pool', pool.Id, '--endpoint-url', source.url, '--import'], target.dir, fromEnvironment);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /users: 0 created/);
  assert.ok((await idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'alice', PASSWORD: 'Alice-New-12', SECRET_HASH: hash } }))).AuthenticationResult.AccessToken);
});
