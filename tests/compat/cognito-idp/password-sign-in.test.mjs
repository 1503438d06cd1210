// SPDX-License-Identifier: Apache-2.0
// USER_PASSWORD_AUTH, NEW_PASSWORD_REQUIRED and refresh through the real AWS SDK; tokens checked
// with aws-jwt-verify and jose against the pool's published keys.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand, InitiateAuthCommand, RespondToAuthChallengeCommand, GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient } from '../lib/fixtures.mjs';

let tessera;
let idp;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); });
after(async () => { await tessera?.stop(); });

async function newUserWithPassword(pool, client, username, password) {
  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: username, TemporaryPassword: 'Temp-Pass-1', MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }] }));
  const challenge = await idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: 'Temp-Pass-1' } }));
  assert.equal(challenge.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  assert.equal(challenge.AuthenticationResult, undefined);
  const done = await idp.send(new RespondToAuthChallengeCommand({ ClientId: client.ClientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: challenge.Session,
    ChallengeResponses: { USERNAME: username, NEW_PASSWORD: password } }));
  return done.AuthenticationResult;
}

test('sign in, verify the tokens with aws-jwt-verify and jose, refresh, GetUser', async () => {
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id);
  await newUserWithPassword(pool, client, 'alice', 'Perm-Pass-1');

  const { AuthenticationResult: tokens } = await idp.send(new InitiateAuthCommand({
    ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: 'Perm-Pass-1' } }));
  assert.equal(tokens.TokenType, 'Bearer');
  assert.equal(tokens.ExpiresIn, 3600);

  const issuer = `${tessera.url}/${pool.Id}`;
  const verifier = JwtRsaVerifier.create({ issuer, audience: null, jwksUri: `${issuer}/.well-known/jwks.json` });
  // aws-jwt-verify fetches JWKS only over https; over plain http the JWKS is handed to it (docs/compatibility.md).
  verifier.cacheJwks(await (await fetch(`${issuer}/.well-known/jwks.json`)).json());
  const access = await verifier.verify(tokens.AccessToken);
  assert.equal(access.token_use, 'access');
  assert.equal(access.client_id, client.ClientId);
  assert.equal(access.username, 'alice');
  assert.equal(access.scope, 'aws.cognito.signin.user.admin');

  const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  assert.equal(discovery.issuer, issuer);
  const { payload: id } = await jwtVerify(tokens.IdToken, createRemoteJWKSet(new URL(discovery.jwks_uri)), { issuer, audience: client.ClientId });
  assert.equal(id.token_use, 'id');
  assert.equal(id['cognito:username'], 'alice');
  assert.equal(id.email, 'alice@example.com');
  assert.equal(id.email_verified, true);
  assert.equal(id.origin_jti, access.origin_jti);

  const refreshed = await idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken } }));
  assert.equal(refreshed.AuthenticationResult.RefreshToken, undefined);
  const again = await verifier.verify(refreshed.AuthenticationResult.AccessToken);
  assert.equal(again.origin_jti, access.origin_jti);
  assert.equal(again.auth_time, access.auth_time);

  const me = await idp.send(new GetUserCommand({ AccessToken: refreshed.AuthenticationResult.AccessToken }));
  assert.equal(me.Username, 'alice');
  assert.ok(me.UserAttributes.some((a) => a.Name === 'sub' && a.Value === access.sub));
});

test('wrong password and unknown user answer as AWS does', async () => {
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id);
  await newUserWithPassword(pool, client, 'bob', 'Perm-Pass-1');
  await assert.rejects(
    idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'bob', PASSWORD: 'wrong' } })),
    (e) => e.name === 'NotAuthorizedException' && e.message === 'Incorrect username or password.' && e.$metadata.httpStatusCode === 400);
  await assert.rejects(
    idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'nobody', PASSWORD: 'x' } })),
    (e) => e.name === 'UserNotFoundException');
});
