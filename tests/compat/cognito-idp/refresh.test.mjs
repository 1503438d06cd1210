// SPDX-License-Identifier: Apache-2.0
// Refreshing a session with the real clients (issue 12, items 1–2): GetTokensFromRefreshToken through the AWS SDK,
// with refresh-token rotation and its grace period; REFRESH_TOKEN_AUTH and amazon-cognito-identity-js's
// refreshSession; and the refresh_token grant of /oauth2/token, which follows the same rotation rules.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  GetTokensFromRefreshTokenCommand, InitiateAuthCommand, RevokeTokenCommand, GetUserCommand, UpdateUserPoolClientCommand,
  DescribeUserPoolClientCommand, CreateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoUserPool, CognitoUser, CognitoRefreshToken } from 'amazon-cognito-identity-js';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser, rejectsWith } from '../lib/fixtures.mjs';

const PASSWORD = 'Perm-Pass-1';
let tessera;
let idp;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); });
after(async () => { await tessera?.stop(); });

const rotation = (RetryGracePeriodSeconds) => ({ Feature: 'ENABLED', RetryGracePeriodSeconds });

async function setUp(clientInput = {}) {
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id, clientInput);
  await createUser(idp, pool.Id, 'ada', PASSWORD);
  return { pool, client };
}

async function signIn(client) {
  const out = await idp.send(new InitiateAuthCommand({
    ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ada', PASSWORD },
  }));
  return out.AuthenticationResult;
}

const getTokens = (ClientId, RefreshToken, extra = {}) => idp.send(new GetTokensFromRefreshTokenCommand({ ClientId, RefreshToken, ...extra }));
const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

test('GetTokensFromRefreshToken without rotation: new ID and access tokens of the same session, no refresh token; the token keeps working', async () => {
  const { client } = await setUp();
  const signedIn = await signIn(client);
  for (let i = 0; i < 2; i++) {
    const { AuthenticationResult: r } = await getTokens(client.ClientId, signedIn.RefreshToken);
    assert.equal(r.RefreshToken, undefined);
    assert.equal(r.TokenType, 'Bearer');
    assert.equal(r.ExpiresIn, 3600);
    assert.equal(claims(r.AccessToken).origin_jti, claims(signedIn.AccessToken).origin_jti);
    assert.equal(claims(r.IdToken)['cognito:username'], 'ada');
    assert.equal((await idp.send(new GetUserCommand({ AccessToken: r.AccessToken }))).Username, 'ada');
  }
  // REFRESH_TOKEN_AUTH works beside it while rotation is off.
  const viaInitiate = await idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: signedIn.RefreshToken } }));
  assert.ok(viaInitiate.AuthenticationResult.AccessToken);
});

test('rotation without grace: a new refresh token each time; the replaced one fails with RefreshTokenReuseException and ends the family', async () => {
  const { pool, client } = await setUp({ RefreshTokenRotation: rotation(0) });
  const described = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: client.ClientId }))).UserPoolClient;
  assert.deepEqual(described.RefreshTokenRotation, { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 });
  const first = (await signIn(client)).RefreshToken;
  const second = (await getTokens(client.ClientId, first)).AuthenticationResult;
  assert.ok(second.RefreshToken && second.RefreshToken !== first);
  const third = (await getTokens(client.ClientId, second.RefreshToken)).AuthenticationResult;
  assert.ok(third.RefreshToken && third.RefreshToken !== second.RefreshToken);

  await rejectsWith(getTokens(client.ClientId, first), 'RefreshTokenReuseException');
  // Replaying a stolen token revoked every token of the session: the newest refresh token and its access token.
  await rejectsWith(getTokens(client.ClientId, third.RefreshToken), 'NotAuthorizedException', 'Refresh Token has been revoked');
  await rejectsWith(idp.send(new GetUserCommand({ AccessToken: third.AccessToken })), 'NotAuthorizedException', 'Access Token has been revoked');
  // A new sign-in is a new family.
  assert.ok((await getTokens(client.ClientId, (await signIn(client)).RefreshToken)).AuthenticationResult.RefreshToken);
});

test('rotation with a grace period: the replaced token works again within it (a client retry), and is refused after it', async () => {
  const { client } = await setUp({ RefreshTokenRotation: rotation(2) });
  const first = (await signIn(client)).RefreshToken;
  const second = (await getTokens(client.ClientId, first)).AuthenticationResult.RefreshToken;
  const retried = (await getTokens(client.ClientId, first)).AuthenticationResult;
  assert.ok(retried.AccessToken && retried.RefreshToken);
  await new Promise((resolve) => setTimeout(resolve, 3200));
  await rejectsWith(getTokens(client.ClientId, first), 'RefreshTokenReuseException');
  await rejectsWith(getTokens(client.ClientId, second), 'NotAuthorizedException', 'Refresh Token has been revoked');
});

test('REFRESH_TOKEN_AUTH on a client with rotation is refused with a message naming GetTokensFromRefreshToken', async () => {
  const { pool, client } = await setUp();
  const token = (await signIn(client)).RefreshToken;
  await idp.send(new UpdateUserPoolClientCommand({
    UserPoolId: pool.Id, ClientId: client.ClientId, ExplicitAuthFlows: client.ExplicitAuthFlows, RefreshTokenRotation: rotation(10),
  }));
  await assert.rejects(
    idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: token } })),
    (e) => e.name === 'NotAuthorizedException' && /GetTokensFromRefreshToken/.test(e.message));
  assert.ok((await getTokens(client.ClientId, token)).AuthenticationResult.RefreshToken);
});

test('GetTokensFromRefreshToken errors: wrong client, unknown client, missing or wrong secret, revoked and unknown tokens', async () => {
  const { pool, client } = await setUp();
  const other = await createAppClient(idp, pool.Id);
  const token = (await signIn(client)).RefreshToken;
  await rejectsWith(getTokens(other.ClientId, token), 'NotAuthorizedException', 'Invalid Refresh Token');
  await rejectsWith(getTokens('1example23456789example', token), 'ResourceNotFoundException');
  await rejectsWith(getTokens(client.ClientId, 'not-a-refresh-token'), 'NotAuthorizedException', 'Invalid Refresh Token');
  await rejectsWith(getTokens(client.ClientId, token, { ClientSecret: 'u'.repeat(30) }), 'NotAuthorizedException');

  const confidential = await createAppClient(idp, pool.Id, { GenerateSecret: true, ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'] });
  const { createHmac } = await import('node:crypto');
  const { AdminInitiateAuthCommand } = await import('@aws-sdk/client-cognito-identity-provider');
  const secretToken = (await idp.send(new AdminInitiateAuthCommand({
    UserPoolId: pool.Id, ClientId: confidential.ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'ada', PASSWORD, SECRET_HASH: createHmac('sha256', confidential.ClientSecret).update(`ada${confidential.ClientId}`).digest('base64') },
  }))).AuthenticationResult.RefreshToken;
  await rejectsWith(getTokens(confidential.ClientId, secretToken), 'NotAuthorizedException', `Client ${confidential.ClientId} is configured for secret but secret was not received`);
  await rejectsWith(getTokens(confidential.ClientId, secretToken, { ClientSecret: 'w'.repeat(30) }), 'NotAuthorizedException');
  assert.ok((await getTokens(confidential.ClientId, secretToken, { ClientSecret: confidential.ClientSecret })).AuthenticationResult.AccessToken);

  await idp.send(new RevokeTokenCommand({ ClientId: client.ClientId, Token: token }));
  await rejectsWith(getTokens(client.ClientId, token), 'NotAuthorizedException', 'Refresh Token has been revoked');
});

test('amazon-cognito-identity-js refreshSession (REFRESH_TOKEN_AUTH) still refreshes a session', async () => {
  const { pool, client } = await setUp();
  const signedIn = await signIn(client);
  const userPool = new CognitoUserPool({ UserPoolId: pool.Id, ClientId: client.ClientId, endpoint: tessera.url });
  const user = new CognitoUser({ Username: 'ada', Pool: userPool });
  const session = await new Promise((resolve, reject) => user.refreshSession(
    new CognitoRefreshToken({ RefreshToken: signedIn.RefreshToken }), (err, s) => (err ? reject(err) : resolve(s))));
  assert.equal(session.getIdToken().decodePayload()['cognito:username'], 'ada');
  assert.equal(session.getRefreshToken().getToken(), signedIn.RefreshToken);
  assert.equal(claims(session.getAccessToken().getJwtToken()).origin_jti, claims(signedIn.AccessToken).origin_jti);
});

test('/oauth2/token refresh_token grant: without rotation no new refresh token; with rotation a new one, and the old one is invalid_grant', async () => {
  const { pool, client } = await setUp();
  const domain = `r${Date.now().toString(36)}`;
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain }));
  const tokenUrl = `${tessera.url}/auth/${domain}/oauth2/token`;
  const grant = (refresh_token) => fetch(tokenUrl, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: client.ClientId, refresh_token }),
  });

  const plain = (await signIn(client)).RefreshToken;
  const unrotated = await (await grant(plain)).json();
  assert.ok(unrotated.access_token && unrotated.id_token);
  assert.equal(unrotated.refresh_token, undefined);

  await idp.send(new UpdateUserPoolClientCommand({
    UserPoolId: pool.Id, ClientId: client.ClientId, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'], RefreshTokenRotation: rotation(0),
  }));
  const first = (await signIn(client)).RefreshToken;
  const res = await grant(first);
  assert.equal(res.status, 200);
  const rotated = await res.json();
  assert.ok(rotated.refresh_token && rotated.refresh_token !== first);
  const replay = await grant(first);
  assert.equal(replay.status, 400);
  assert.equal((await replay.json()).error, 'invalid_grant');
  assert.equal((await grant(rotated.refresh_token)).status, 400, 'the replay ended the family');
});
