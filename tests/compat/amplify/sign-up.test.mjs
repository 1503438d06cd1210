// SPDX-License-Identifier: Apache-2.0
// Amplify v6 sign-up as an app writes it: signUp, the code from the inbox, resendSignUpCode, confirmSignUp,
// then a first sign-in (by hand, or autoSignIn); with a username and with email as the username. The user is read
// back through the SDK.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signUp, confirmSignUp, resendSignUpCode, autoSignIn, signIn, signOut, getCurrentUser } from 'aws-amplify/auth';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createPool, createAppClient } from '../lib/fixtures.mjs';
import { inbox } from '../lib/inbox.mjs';
import { amplifySuite, configureAmplify, rejectsNamed } from '../lib/amplify.mjs';

const suite = amplifySuite();

async function signUpPool(poolInput = {}) {
  const pool = await createPool(suite.idp, { AutoVerifiedAttributes: ['email'], ...poolInput });
  const client = await createAppClient(suite.idp, pool.Id);
  configureAmplify(suite.url, pool.Id, client.ClientId);
  return pool;
}

const attributesOf = (user) => Object.fromEntries(user.UserAttributes.map((a) => [a.Name, a.Value]));
const codesTo = async (destination) => (await inbox(suite.url)).filter((m) => m.destination === destination).map((m) => m.code);
const emailDelivery = { destination: 'w***@e***', deliveryMedium: 'EMAIL', attributeName: 'email' };

test('signUp → CONFIRM_SIGN_UP, resendSignUpCode sends a new code, confirmSignUp → DONE; the user is CONFIRMED and signs in', async () => {
  const pool = await signUpPool();
  const out = await signUp({ username: 'wren', password: 'Wren-Pass-1', options: { userAttributes: { email: 'wren@example.com', name: 'Wren' } } });
  assert.deepEqual(out.nextStep, { signUpStep: 'CONFIRM_SIGN_UP', codeDeliveryDetails: emailDelivery });
  assert.equal(out.isSignUpComplete, false);
  const created = await suite.idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'wren' }));
  assert.equal(created.UserStatus, 'UNCONFIRMED');
  assert.equal(attributesOf(created).sub, out.userId);
  assert.equal(attributesOf(created).name, 'Wren');
  assert.equal(attributesOf(created).email_verified, undefined);
  assert.equal((await codesTo('wren@example.com')).length, 1);

  // Cognito answers UserNotConfirmedException, which Amplify turns into a step.
  assert.deepEqual(await signIn({ username: 'wren', password: 'Wren-Pass-1' }), { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_UP' } });

  assert.deepEqual(await resendSignUpCode({ username: 'wren' }), emailDelivery);
  const codes = await codesTo('wren@example.com');
  assert.equal(codes.length, 2);
  const latest = codes[0];
  await rejectsNamed(confirmSignUp({ username: 'wren', confirmationCode: latest === '000000' ? '000001' : '000000' }), 'CodeMismatchException');
  assert.deepEqual(await confirmSignUp({ username: 'wren', confirmationCode: latest }), { isSignUpComplete: true, nextStep: { signUpStep: 'DONE' } });

  const confirmed = await suite.idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'wren' }));
  assert.equal(confirmed.UserStatus, 'CONFIRMED');
  assert.equal(attributesOf(confirmed).email_verified, 'true');
  await rejectsNamed(resendSignUpCode({ username: 'wren' }), 'InvalidParameterException');

  assert.deepEqual((await signIn({ username: 'wren', password: 'Wren-Pass-1' })).nextStep, { signInStep: 'DONE' });
  assert.deepEqual(await getCurrentUser(), {
    username: 'wren', userId: out.userId, signInDetails: { loginId: 'wren', authFlowType: 'USER_SRP_AUTH' },
  });
  await signOut();
});

test('signUp with email as the username: the user is named by its sub, and signs in with the email', async () => {
  const pool = await signUpPool({ UsernameAttributes: ['email'] });
  const out = await signUp({ username: 'wren@example.com', password: 'Wren-Pass-1' });
  assert.deepEqual(out.nextStep.codeDeliveryDetails, emailDelivery);
  const [code] = await codesTo('wren@example.com');
  assert.equal((await confirmSignUp({ username: 'wren@example.com', confirmationCode: code })).isSignUpComplete, true);

  const user = await suite.idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'wren@example.com' }));
  assert.equal(user.Username, out.userId);
  assert.equal(user.UserStatus, 'CONFIRMED');
  assert.equal((await signIn({ username: 'wren@example.com', password: 'Wren-Pass-1' })).isSignedIn, true);
  assert.deepEqual(await getCurrentUser(), {
    username: out.userId, userId: out.userId, signInDetails: { loginId: 'wren@example.com', authFlowType: 'USER_SRP_AUTH' },
  });
  await signOut();
});

/**
 * Amplify's signUp with autoSignIn starts a 3-minute timer that stops it waiting for confirmSignUp, and does not clear
 * it when confirmSignUp comes (handleCodeAutoSignIn in @aws-amplify/auth): the timer kept this file's process alive for
 * three minutes after its last test. The timers set during `fn` are unref'd, so that the process ends with its tests;
 * what Amplify does and sends is unchanged.
 */
async function unrefTimersDuring(fn) {
  const setTimeoutBefore = globalThis.setTimeout;
  globalThis.setTimeout = (...args) => setTimeoutBefore(...args).unref();
  try {
    return await fn();
  } finally {
    globalThis.setTimeout = setTimeoutBefore;
  }
}

test('signUp with autoSignIn: confirmSignUp → COMPLETE_AUTO_SIGN_IN, and autoSignIn signs the new user in', async () => {
  await signUpPool();
  const out = await unrefTimersDuring(() => signUp({
    username: 'wren', password: 'Wren-Pass-1', options: { userAttributes: { email: 'wren@example.com' }, autoSignIn: true },
  }));
  assert.equal(out.nextStep.signUpStep, 'CONFIRM_SIGN_UP');
  const [code] = await codesTo('wren@example.com');
  assert.deepEqual(await confirmSignUp({ username: 'wren', confirmationCode: code }), { isSignUpComplete: true, nextStep: { signUpStep: 'COMPLETE_AUTO_SIGN_IN' } });
  assert.deepEqual(await autoSignIn(), { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  assert.equal((await getCurrentUser()).userId, out.userId);
  await signOut();
});

test('signUp refuses a taken username and a password the policy rejects, with the errors Amplify names', async () => {
  await signUpPool();
  await signUp({ username: 'wren', password: 'Wren-Pass-1', options: { userAttributes: { email: 'wren@example.com' } } });
  await rejectsNamed(signUp({ username: 'wren', password: 'Wren-Pass-1', options: { userAttributes: { email: 'wren@example.com' } } }), 'UsernameExistsException');
  await rejectsNamed(signUp({ username: 'robin', password: 'short', options: { userAttributes: { email: 'robin@example.com' } } }), 'InvalidPasswordException');
  await rejectsNamed(confirmSignUp({ username: 'nobody', confirmationCode: '123456' }), 'UserNotFoundException');
});
