// SPDX-License-Identifier: Apache-2.0
// Stop Tessera and start it again on the same data folder: pools, clients, users, signing keys and
// refresh tokens issued before the restart all still work.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand, AdminGetUserCommand, DescribeUserPoolCommand, DescribeUserPoolClientCommand,
  InitiateAuthCommand, RespondToAuthChallengeCommand, GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient } from '../lib/fixtures.mjs';

let tessera;
after(async () => { await tessera?.stop(); });

test('restart on the same dir keeps the pool, client, user, keys and the old refresh token', async () => {
  tessera = await startTessera();
  const dir = tessera.dir;
  let idp = idpClient(tessera.url);
  const pool = await createPool(idp, { PoolName: 'durable' });
  const client = await createAppClient(idp, pool.Id, { ClientName: 'durable-web' });
  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'carol', TemporaryPassword: 'Temp-Pass-1', MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: 'carol@example.com' }] }));
  const challenge = await idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'carol', PASSWORD: 'Temp-Pass-1' } }));
  const { AuthenticationResult: before } = await idp.send(new RespondToAuthChallengeCommand({ ClientId: client.ClientId,
    ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: challenge.Session, ChallengeResponses: { USERNAME: 'carol', NEW_PASSWORD: 'Perm-Pass-1' } }));
  const jwksBefore = await (await fetch(`${tessera.url}/${pool.Id}/.well-known/jwks.json`)).json();
  const userBefore = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'carol' }));

  await tessera.stop();
  tessera = await startTessera({ dir });
  idp = idpClient(tessera.url);

  const described = await idp.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
  assert.equal(described.UserPool.Name, 'durable');
  const describedClient = await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: client.ClientId }));
  assert.equal(describedClient.UserPoolClient.ClientName, 'durable-web');
  assert.deepEqual([...describedClient.UserPoolClient.ExplicitAuthFlows].sort(), [...client.ExplicitAuthFlows].sort());

  const userAfter = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'carol' }));
  assert.equal(userAfter.UserStatus, 'CONFIRMED');
  assert.deepEqual(userAfter.UserAttributes, userBefore.UserAttributes);
  assert.equal(userAfter.UserCreateDate.getTime(), userBefore.UserCreateDate.getTime());

  // The same signing keys: a token issued before the restart verifies against the JWKS served after it.
  const jwksAfter = await (await fetch(`${tessera.url}/${pool.Id}/.well-known/jwks.json`)).json();
  assert.deepEqual(jwksAfter, jwksBefore);
  // The issuer carries the port, which changed with the restart; the signature is what must survive.
  const { payload } = await jwtVerify(before.AccessToken, createLocalJWKSet(jwksAfter));
  assert.equal(payload.username, 'carol');

  const { AuthenticationResult: refreshed } = await idp.send(new InitiateAuthCommand({ ClientId: client.ClientId,
    AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: before.RefreshToken } }));
  assert.ok(refreshed.AccessToken);
  const { payload: again } = await jwtVerify(refreshed.AccessToken, createLocalJWKSet(jwksAfter));
  assert.equal(again.origin_jti, payload.origin_jti);
  const me = await idp.send(new GetUserCommand({ AccessToken: refreshed.AccessToken }));
  assert.equal(me.Username, 'carol');

  const { AuthenticationResult: signedIn } = await idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'carol', PASSWORD: 'Perm-Pass-1' } }));
  assert.ok(signedIn.RefreshToken);
});
