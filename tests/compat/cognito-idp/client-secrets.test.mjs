// SPDX-License-Identifier: Apache-2.0
// Client secret rotation (issue 12, item 4) through the real AWS SDK and the AWS CLI: AddUserPoolClientSecret,
// ListUserPoolClientSecrets and DeleteUserPoolClientSecret; both secrets work for SECRET_HASH on InitiateAuth and
// for client authentication at /oauth2/token until one is deleted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  AddUserPoolClientSecretCommand, ListUserPoolClientSecretsCommand, DeleteUserPoolClientSecretCommand,
  CreateUserPoolClientCommand, CreateUserPoolDomainCommand, CreateResourceServerCommand, DescribeUserPoolClientCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createUser, rejectsWith } from '../lib/fixtures.mjs';
import { aws } from '../lib/aws-cli.mjs';

let tessera;
let idp;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); });
after(async () => { await tessera?.stop(); });

const secretHash = (secret, username, clientId) => createHmac('sha256', secret).update(username + clientId).digest('base64');

async function confidentialClient() {
  const pool = await createPool(idp);
  const domain = `s${Date.now().toString(36)}`;
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain }));
  await idp.send(new CreateResourceServerCommand({ UserPoolId: pool.Id, Identifier: 'orders', Name: 'orders', Scopes: [{ ScopeName: 'read', ScopeDescription: 'read' }] }));
  const { UserPoolClient: client } = await idp.send(new CreateUserPoolClientCommand({
    UserPoolId: pool.Id, ClientName: 'server', GenerateSecret: true, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['orders/read'],
  }));
  await createUser(idp, pool.Id, 'ada', 'Perm-Pass-1');
  return { pool, client, tokenUrl: `${tessera.url}/auth/${domain}/oauth2/token` };
}

function signIn(client, secret) {
  return idp.send(new InitiateAuthCommand({
    ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'ada', PASSWORD: 'Perm-Pass-1', SECRET_HASH: secretHash(secret, 'ada', client.ClientId) },
  }));
}

function clientCredentials(tokenUrl, clientId, secret) {
  return fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'orders/read' }),
  });
}

test('rotation: a second secret works beside the first on InitiateAuth and /oauth2/token; after DeleteUserPoolClientSecret the deleted one fails', async () => {
  const { pool, client, tokenUrl } = await confidentialClient();
  const first = client.ClientSecret;
  const added = (await idp.send(new AddUserPoolClientSecretCommand({ UserPoolId: pool.Id, ClientId: client.ClientId }))).ClientSecretDescriptor;
  const second = added.ClientSecretValue;
  assert.match(second, /^[\w+]{24,64}$/);
  assert.match(added.ClientSecretId, new RegExp(`^${client.ClientId}--\\d+$`));
  assert.ok(added.ClientSecretCreateDate instanceof Date);

  for (const secret of [first, second]) {
    assert.ok((await signIn(client, secret)).AuthenticationResult.AccessToken);
    const token = await clientCredentials(tokenUrl, client.ClientId, secret);
    assert.equal(token.status, 200);
    assert.equal((await token.json()).token_type, 'Bearer');
  }

  const { ClientSecrets } = await idp.send(new ListUserPoolClientSecretsCommand({ UserPoolId: pool.Id, ClientId: client.ClientId }));
  assert.equal(ClientSecrets.length, 2);
  assert.ok(ClientSecrets.every((s) => s.ClientSecretValue === undefined && s.ClientSecretId.startsWith(`${client.ClientId}--`)));
  assert.equal(ClientSecrets[1].ClientSecretId, added.ClientSecretId);

  await idp.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: pool.Id, ClientId: client.ClientId, ClientSecretId: ClientSecrets[0].ClientSecretId }));

  await rejectsWith(signIn(client, first), 'NotAuthorizedException', `Unable to verify secret hash for client ${client.ClientId}`);
  const refused = await clientCredentials(tokenUrl, client.ClientId, first);
  assert.equal(refused.status, 401); // RFC 6749 §5.2: invalid_client over HTTP Basic is a 401.
  assert.equal((await refused.json()).error, 'invalid_client');
  assert.ok((await signIn(client, second)).AuthenticationResult.AccessToken);
  assert.equal((await clientCredentials(tokenUrl, client.ClientId, second)).status, 200);
  const described = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: client.ClientId }))).UserPoolClient;
  assert.equal(described.ClientSecret, second);
});

test('errors: a third secret, the last secret, an unknown secret, client or pool, a public client, a malformed secret', async () => {
  const { pool, client } = await confidentialClient();
  const ids = { UserPoolId: pool.Id, ClientId: client.ClientId };
  const chosen = (await idp.send(new AddUserPoolClientSecretCommand({ ...ids, ClientSecret: 'chosen_secret_value_0123456789' }))).ClientSecretDescriptor;
  assert.equal(chosen.ClientSecretValue, undefined);
  assert.ok((await signIn(client, 'chosen_secret_value_0123456789')).AuthenticationResult);

  await rejectsWith(idp.send(new AddUserPoolClientSecretCommand(ids)), 'LimitExceededException');
  await idp.send(new DeleteUserPoolClientSecretCommand({ ...ids, ClientSecretId: chosen.ClientSecretId }));
  const [only] = (await idp.send(new ListUserPoolClientSecretsCommand(ids))).ClientSecrets;
  await rejectsWith(idp.send(new DeleteUserPoolClientSecretCommand({ ...ids, ClientSecretId: only.ClientSecretId })), 'InvalidParameterException');
  await rejectsWith(idp.send(new DeleteUserPoolClientSecretCommand({ ...ids, ClientSecretId: chosen.ClientSecretId })), 'ResourceNotFoundException');
  await rejectsWith(idp.send(new ListUserPoolClientSecretsCommand({ UserPoolId: pool.Id, ClientId: 'nosuchclient' })), 'ResourceNotFoundException');
  await rejectsWith(idp.send(new AddUserPoolClientSecretCommand({ UserPoolId: 'us-east-1_Missing1', ClientId: client.ClientId })), 'ResourceNotFoundException');
  await rejectsWith(idp.send(new AddUserPoolClientSecretCommand({ ...ids, ClientSecret: 'too-short' })), 'InvalidParameterException');

  const { UserPoolClient: publicClient } = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: pool.Id, ClientName: 'spa' }));
  await rejectsWith(idp.send(new AddUserPoolClientSecretCommand({ UserPoolId: pool.Id, ClientId: publicClient.ClientId })), 'InvalidParameterException');
});

test('AWS CLI: add-user-pool-client-secret, list-user-pool-client-secrets, delete-user-pool-client-secret', async () => {
  const { pool, client } = await confidentialClient();
  const cli = async (...args) => {
    const { out, error } = await aws(tessera.url, 'cognito-idp', ...args, '--user-pool-id', pool.Id, '--client-id', client.ClientId);
    assert.equal(error, undefined);
    return out;
  };

  const added = (await cli('add-user-pool-client-secret')).ClientSecretDescriptor;
  assert.match(added.ClientSecretValue, /^[\w+]{24,64}$/);
  assert.equal((await cli('list-user-pool-client-secrets')).ClientSecrets.length, 2);
  await cli('delete-user-pool-client-secret', '--client-secret-id', added.ClientSecretId);
  assert.deepEqual((await cli('list-user-pool-client-secrets')).ClientSecrets.map((s) => s.ClientSecretId), [`${client.ClientId}--${Math.round(new Date(client.CreationDate).getTime())}`]);
  const failed = await aws(tessera.url, 'cognito-idp', 'delete-user-pool-client-secret', '--user-pool-id', pool.Id, '--client-id', client.ClientId,
    '--client-secret-id', added.ClientSecretId);
  assert.match(failed.error, /An error occurred \(ResourceNotFoundException\) when calling the DeleteUserPoolClientSecret operation/);
});
