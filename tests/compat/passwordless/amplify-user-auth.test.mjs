// SPDX-License-Identifier: Apache-2.0
// Amplify v6 choice-based sign-in in Node: signIn with authFlowType USER_AUTH and a preferred challenge (EMAIL_OTP
// with confirmSignIn, PASSWORD_SRP with its SRP math), and the choice when no preference is given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, confirmSignIn, signOut, fetchAuthSession } from 'aws-amplify/auth';
import { createPool, createAppClient, createUser } from '../lib/fixtures.mjs';
import { latestCode } from '../lib/inbox.mjs';
import { amplifySuite, configureAmplify, cognitoCalls, flowOf } from '../lib/amplify.mjs';

const PASSWORD = 'Lark-Pass-1';
const suite = amplifySuite();
const calls = cognitoCalls();

async function passwordlessPool() {
  const pool = await createPool(suite.idp, { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } });
  const client = await createAppClient(suite.idp, pool.Id, { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
  const email = `lark-${Date.now()}@example.com`;
  await createUser(suite.idp, pool.Id, 'lark', PASSWORD, { email, email_verified: 'true' });
  configureAmplify(suite.url, pool.Id, client.ClientId);
  return { pool, email };
}

test("signIn USER_AUTH with preferredChallenge 'EMAIL_OTP', then confirmSignIn with the mailed code", async () => {
  const { email } = await passwordlessPool();
  calls.length = 0;
  const first = await signIn({ username: 'lark', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
  assert.equal(first.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  const done = await confirmSignIn({ challengeResponse: await latestCode(suite.url, email) });
  assert.equal(done.isSignedIn, true);
  assert.deepEqual(flowOf(calls).slice(0, 2), [['InitiateAuth', 'USER_AUTH'], ['RespondToAuthChallenge', 'EMAIL_OTP']]);
  assert.ok((await fetchAuthSession()).tokens.accessToken);
  await signOut();
});

test("signIn USER_AUTH with preferredChallenge 'PASSWORD_SRP' signs in through PASSWORD_VERIFIER", async () => {
  await passwordlessPool();
  calls.length = 0;
  const done = await signIn({ username: 'lark', password: PASSWORD, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD_SRP' } });
  assert.equal(done.isSignedIn, true);
  assert.deepEqual(flowOf(calls).slice(0, 2), [['InitiateAuth', 'USER_AUTH'], ['RespondToAuthChallenge', 'PASSWORD_VERIFIER']]);
  await signOut();
});

test('signIn USER_AUTH without a preference offers the choice; confirmSignIn picks EMAIL_OTP', async () => {
  const { email } = await passwordlessPool();
  const first = await signIn({ username: 'lark', options: { authFlowType: 'USER_AUTH' } });
  assert.equal(first.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION');
  assert.deepEqual(first.nextStep.availableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
  const sent = await confirmSignIn({ challengeResponse: 'EMAIL_OTP' });
  assert.equal(sent.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  const done = await confirmSignIn({ challengeResponse: await latestCode(suite.url, email) });
  assert.equal(done.isSignedIn, true);
  await signOut();
});
