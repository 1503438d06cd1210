// SPDX-License-Identifier: Apache-2.0
// Amplify v6 keeps a session alive for days by refreshing it, and it refreshes only through
// GetTokensFromRefreshToken. fetchAuthSession({ forceRefresh: true }) drives that refresh with refresh-token
// rotation off (Amplify keeps its refresh token) and on (Amplify stores and next sends the rotated one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, signOut, fetchAuthSession, fetchUserAttributes } from 'aws-amplify/auth';
import { GetTokensFromRefreshTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createPool, createAppClient, createUser, rejectsWith } from '../lib/fixtures.mjs';
import { amplifySuite, configureAmplify, cognitoCalls } from '../lib/amplify.mjs';

const PASSWORD = 'Fern-Pass-1';
const suite = amplifySuite();
const calls = cognitoCalls();
const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

async function signedIn(clientInput) {
  const pool = await createPool(suite.idp);
  const client = await createAppClient(suite.idp, pool.Id, clientInput);
  await createUser(suite.idp, pool.Id, 'fern', PASSWORD, { email: 'fern@example.com' });
  configureAmplify(suite.url, pool.Id, client.ClientId);
  await signIn({ username: 'fern', password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
  assert.ok((await fetchAuthSession()).tokens, 'signed in');
  return client;
}

test('forceRefresh without rotation: GetTokensFromRefreshToken gives new tokens of the same session, and Amplify refreshes again with the same refresh token', async () => {
  await signedIn();
  const before = (await fetchAuthSession()).tokens.accessToken.toString();
  calls.length = 0;
  const first = (await fetchAuthSession({ forceRefresh: true })).tokens;
  const second = (await fetchAuthSession({ forceRefresh: true })).tokens;
  assert.deepEqual(calls.map((c) => [c.operation, c.status]), [['GetTokensFromRefreshToken', 200], ['GetTokensFromRefreshToken', 200]]);
  assert.equal(calls[0].request.RefreshToken, calls[1].request.RefreshToken);
  for (const tokens of [first, second]) {
    assert.notEqual(tokens.accessToken.payload.jti, claims(before).jti);
    assert.equal(tokens.accessToken.payload.origin_jti, claims(before).origin_jti);
    assert.equal(tokens.idToken.payload['cognito:username'], 'fern');
  }
  assert.equal((await fetchUserAttributes()).email, 'fern@example.com', 'the refreshed access token works');
  await signOut();
});

test('forceRefresh with rotation: each refresh sends the refresh token the previous one returned; a replay of the first ends the session', async () => {
  const client = await signedIn({ ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH'], RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } });
  calls.length = 0;
  await fetchAuthSession({ forceRefresh: true });
  await fetchAuthSession({ forceRefresh: true });
  assert.deepEqual(calls.map((c) => [c.operation, c.status]), [['GetTokensFromRefreshToken', 200], ['GetTokensFromRefreshToken', 200]]);
  const [original, rotated] = calls.map((c) => c.request.RefreshToken);
  assert.notEqual(original, rotated, 'Amplify stored the rotated refresh token and used it');
  assert.equal((await fetchUserAttributes()).email, 'fern@example.com');

  // Someone replays the first refresh token: refused, and the family ends, Amplify's current token with it.
  await rejectsWith(suite.idp.send(new GetTokensFromRefreshTokenCommand({ ClientId: client.ClientId, RefreshToken: original })), 'RefreshTokenReuseException');
  calls.length = 0;
  const after = await fetchAuthSession({ forceRefresh: true }).catch((e) => ({ error: e }));
  assert.deepEqual(calls.map((c) => [c.operation, c.status, c.error]), [['GetTokensFromRefreshToken', 400, 'NotAuthorizedException']]);
  assert.equal(after.tokens, undefined, 'Amplify has no tokens after the refused refresh');
  await signOut();
});
