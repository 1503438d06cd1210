// SPDX-License-Identifier: Apache-2.0
// Pools, clients and users set up through the real AWS SDK.
import {
  CognitoIdentityProviderClient, CreateUserPoolCommand, CreateUserPoolClientCommand,
  AdminCreateUserCommand, AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import assert from 'node:assert/strict';
import { devCredentials } from './server.mjs';

export function idpClient(url, credentials = devCredentials) {
  return new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

export async function createPool(client, input = {}) {
  const out = await client.send(new CreateUserPoolCommand({ PoolName: `pool-${Date.now()}`, ...input }));
  return out.UserPool;
}

export async function createAppClient(client, UserPoolId, input = {}) {
  const out = await client.send(new CreateUserPoolClientCommand({
    UserPoolId,
    ClientName: 'web',
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
    ...input,
  }));
  return out.UserPoolClient;
}

/** A CONFIRMED user with a permanent password. */
export async function createUser(client, UserPoolId, Username, Password, attributes = {}) {
  await client.send(new AdminCreateUserCommand({
    UserPoolId, Username, MessageAction: 'SUPPRESS',
    UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
  }));
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password, Permanent: true }));
}

/** Asserts that an SDK call fails with the AWS error `name` (HTTP 400) and, when given, exactly `message`. */
export function rejectsWith(promise, name, message) {
  return assert.rejects(promise, (e) => {
    assert.equal(e.name, name);
    assert.equal(e.$metadata.httpStatusCode, 400);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  });
}
