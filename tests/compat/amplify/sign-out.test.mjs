// SPDX-License-Identifier: Apache-2.0
// Amplify v6 signOut against Tessera. Amplify ignores a failed RevokeToken or GlobalSignOut and clears its tokens
// anyway, so these tests check Tessera's side: the calls answered 200, and the tokens Amplify held no longer
// work at Tessera (GetUser, REFRESH_TOKEN_AUTH through the SDK), while a session signOut should not end lives on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, signOut, fetchAuthSession, getCurrentUser } from 'aws-amplify/auth';
import { GetUserCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createPool, createAppClient, createUser, rejectsWith } from '../lib/fixtures.mjs';
import { amplifySuite, configureAmplify, cognitoCalls, rejectsNamed } from '../lib/amplify.mjs';

const PASSWORD = 'Wren-Pass-1';
const suite = amplifySuite();
const calls = cognitoCalls();

/**
 * Amplify signed in as wren, plus a second session of wren's made with the SDK (another device).
 * Returns the pool's client id, what Amplify holds (access and refresh token) and the other session's tokens.
 */
async function twoSessions() {
  const pool = await createPool(suite.idp);
  const client = await createAppClient(suite.idp, pool.Id);
  configureAmplify(suite.url, pool.Id, client.ClientId);
  await createUser(suite.idp, pool.Id, 'wren', PASSWORD);
  const { AuthenticationResult: other } = await suite.idp.send(new InitiateAuthCommand({
    ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'wren', PASSWORD } }));
  await signIn({ username: 'wren', password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
  const accessToken = (await fetchAuthSession()).tokens.accessToken.toString();
  return { clientId: client.ClientId, accessToken, other };
}

const getUser = (AccessToken) => suite.idp.send(new GetUserCommand({ AccessToken }));
const refresh = (ClientId, REFRESH_TOKEN) => suite.idp.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN } }));

test('signOut revokes the refresh token Amplify held (RevokeToken) and that sign-in\'s access token; the other session lives on', async () => {
  const { clientId, accessToken, other } = await twoSessions();
  calls.length = 0;
  await signOut();
  assert.deepEqual(calls.map((c) => [c.operation, c.status]), [['RevokeToken', 200]]);
  const refreshToken = calls[0].request.Token;
  await rejectsNamed(getCurrentUser(), 'UserUnAuthenticatedException');

  await rejectsWith(refresh(clientId, refreshToken), 'NotAuthorizedException');
  await rejectsWith(getUser(accessToken), 'NotAuthorizedException', 'Access Token has been revoked');
  assert.equal((await getUser(other.AccessToken)).Username, 'wren');
  assert.ok((await refresh(clientId, other.RefreshToken)).AuthenticationResult.AccessToken);
});

test('signOut({ global: true }) calls GlobalSignOut: every session of the user ends', async () => {
  const { clientId, accessToken, other } = await twoSessions();
  calls.length = 0;
  await signOut({ global: true });
  assert.deepEqual(calls.map((c) => [c.operation, c.status]), [['GlobalSignOut', 200]]);
  await rejectsNamed(getCurrentUser(), 'UserUnAuthenticatedException');

  await rejectsWith(getUser(accessToken), 'NotAuthorizedException', 'Access Token has been revoked');
  await rejectsWith(getUser(other.AccessToken), 'NotAuthorizedException', 'Access Token has been revoked');
  await rejectsWith(refresh(clientId, other.RefreshToken), 'NotAuthorizedException');
  assert.equal((await signIn({ username: 'wren', password: PASSWORD })).isSignedIn, true, 'a new sign-in works');
  await signOut();
});
