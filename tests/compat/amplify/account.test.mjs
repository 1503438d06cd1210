// SPDX-License-Identifier: Apache-2.0
// What a signed-in Amplify v6 app does with the account: fetchUserAttributes, updateUserAttributes with an email
// to confirm (immediately replaced, and kept until verified), sendUserAttributeVerificationCode,
// confirmUserAttribute, deleteUserAttributes, updatePassword, resetPassword + confirmResetPassword, deleteUser.
// Codes come from the development inbox; every change is read back through the AWS SDK.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  signIn, signOut, fetchUserAttributes, updateUserAttributes, confirmUserAttribute, sendUserAttributeVerificationCode,
  deleteUserAttributes, updatePassword, resetPassword, confirmResetPassword, deleteUser, getCurrentUser,
} from 'aws-amplify/auth';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createPool, createAppClient, createUser, rejectsWith } from '../lib/fixtures.mjs';
import { latestCode } from '../lib/inbox.mjs';
import { amplifySuite, configureAmplify, cognitoCalls, rejectsNamed } from '../lib/amplify.mjs';

const PASSWORD = 'Wren-Pass-1';
const suite = amplifySuite();
const calls = cognitoCalls();

/** A pool that verifies email, a client that writes email, name and custom:team, a user `wren` with a verified email, and Amplify signed in as wren. */
async function signedIn(poolInput = {}) {
  const pool = await createPool(suite.idp, {
    AutoVerifiedAttributes: ['email'], Schema: [{ Name: 'team', AttributeDataType: 'String', Mutable: true }], ...poolInput,
  });
  // Without WriteAttributes a client writes the standard attributes only (UserPoolClientType.WriteAttributes).
  const client = await createAppClient(suite.idp, pool.Id, { WriteAttributes: ['email', 'name', 'custom:team'] });
  configureAmplify(suite.url, pool.Id, client.ClientId);
  await createUser(suite.idp, pool.Id, 'wren', PASSWORD, { email: 'wren@example.com', email_verified: 'true', name: 'Wren' });
  assert.equal((await signIn({ username: 'wren', password: PASSWORD })).isSignedIn, true);
  const stored = async () => {
    const user = await suite.idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'wren' }));
    return Object.fromEntries(user.UserAttributes.map((a) => [a.Name, a.Value]));
  };
  return { pool, stored };
}

const wrongCode = (code) => (code === '000000' ? '000001' : '000000');
const done = { isUpdated: true, nextStep: { updateAttributeStep: 'DONE' } };

test('fetchUserAttributes, updateUserAttributes with a new email to confirm, sendUserAttributeVerificationCode, confirmUserAttribute', async () => {
  const { stored } = await signedIn();
  const { sub } = await stored();
  assert.deepEqual(await fetchUserAttributes(), { sub, email: 'wren@example.com', email_verified: 'true', name: 'Wren' });

  const updated = await updateUserAttributes({ userAttributes: { name: 'Wren Tessera', 'custom:team': 'blue', email: 'new@example.com' } });
  assert.deepEqual(updated, {
    name: done,
    'custom:team': done,
    email: { isUpdated: false, nextStep: { updateAttributeStep: 'CONFIRM_ATTRIBUTE_WITH_CODE',
      codeDeliveryDetails: { attributeName: 'email', deliveryMedium: 'EMAIL', destination: 'n***@e***' } } },
  });
  // Without AttributesRequireVerificationBeforeUpdate the new email replaces the old one at once, unverified.
  assert.deepEqual(await stored(), { sub, email: 'new@example.com', email_verified: 'false', name: 'Wren Tessera', 'custom:team': 'blue' });
  const first = await latestCode(suite.url, 'new@example.com');

  assert.deepEqual(await sendUserAttributeVerificationCode({ userAttributeKey: 'email' }),
    { destination: 'n***@e***', deliveryMedium: 'EMAIL', attributeName: 'email' });
  const second = await latestCode(suite.url, 'new@example.com');
  assert.notEqual(second, first);
  await rejectsNamed(confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: wrongCode(second) }), 'CodeMismatchException');
  await confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: second });
  assert.equal((await stored()).email_verified, 'true');
  assert.deepEqual(await fetchUserAttributes(), { sub, email: 'new@example.com', email_verified: 'true', name: 'Wren Tessera', 'custom:team': 'blue' });
  await signOut();
});

test('updateUserAttributes on a pool that keeps the old email until the new one is verified', async () => {
  const { stored } = await signedIn({ UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] } });
  const updated = await updateUserAttributes({ userAttributes: { email: 'new@example.com' } });
  assert.equal(updated.email.nextStep.updateAttributeStep, 'CONFIRM_ATTRIBUTE_WITH_CODE');
  const kept = await stored();
  assert.equal(kept.email, 'wren@example.com');
  assert.equal(kept.email_verified, 'true');
  assert.equal((await fetchUserAttributes()).email, 'wren@example.com');

  await confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: await latestCode(suite.url, 'new@example.com') });
  const verified = await stored();
  assert.equal(verified.email, 'new@example.com');
  assert.equal(verified.email_verified, 'true');
  await signOut();
});

test('deleteUserAttributes removes the attributes from the user', async () => {
  const { stored } = await signedIn();
  await updateUserAttributes({ userAttributes: { 'custom:team': 'blue' } });
  await deleteUserAttributes({ userAttributeKeys: ['custom:team', 'name'] });
  const attributes = await stored();
  assert.equal(attributes.name, undefined);
  assert.equal(attributes['custom:team'], undefined);
  assert.equal(attributes.email, 'wren@example.com');
  assert.deepEqual(Object.keys(await fetchUserAttributes()).sort(), ['email', 'email_verified', 'sub']);
  await signOut();
});

test('updatePassword: a wrong old password is refused, then only the new password signs in', async () => {
  await signedIn();
  await rejectsNamed(updatePassword({ oldPassword: 'Wrong-Pass-1', newPassword: 'Wren-Pass-2' }), 'NotAuthorizedException', 'Incorrect username or password.');
  await rejectsNamed(updatePassword({ oldPassword: PASSWORD, newPassword: 'short' }), 'InvalidPasswordException');
  await updatePassword({ oldPassword: PASSWORD, newPassword: 'Wren-Pass-2' });
  await signOut();
  await rejectsNamed(signIn({ username: 'wren', password: PASSWORD }), 'NotAuthorizedException', 'Incorrect username or password.');
  assert.equal((await signIn({ username: 'wren', password: 'Wren-Pass-2' })).isSignedIn, true);
  await signOut();
});

test('resetPassword + confirmResetPassword: a code by email, a wrong code refused, then the new password signs in', async () => {
  await signedIn();
  await signOut();
  const reset = await resetPassword({ username: 'wren' });
  assert.deepEqual(reset, { isPasswordReset: false, nextStep: { resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE',
    codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: 'w***@e***', attributeName: 'email' } } });
  const code = await latestCode(suite.url, 'wren@example.com');
  await rejectsNamed(confirmResetPassword({ username: 'wren', confirmationCode: wrongCode(code), newPassword: 'Wren-Pass-3' }), 'CodeMismatchException');
  await confirmResetPassword({ username: 'wren', confirmationCode: code, newPassword: 'Wren-Pass-3' });
  await rejectsNamed(signIn({ username: 'wren', password: PASSWORD }), 'NotAuthorizedException', 'Incorrect username or password.');
  assert.equal((await signIn({ username: 'wren', password: 'Wren-Pass-3' })).isSignedIn, true);
  await signOut();
  await rejectsNamed(confirmResetPassword({ username: 'wren', confirmationCode: code, newPassword: 'Wren-Pass-4' }), 'ExpiredCodeException');
});

test('deleteUser: the user is gone from the pool and Amplify is signed out', async () => {
  const { pool } = await signedIn();
  calls.length = 0;
  await deleteUser();
  assert.deepEqual(calls.map((c) => [c.operation, c.status]).slice(0, 1), [['DeleteUser', 200]]);
  await rejectsWith(suite.idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'wren' })), 'UserNotFoundException');
  await rejectsNamed(getCurrentUser(), 'UserUnAuthenticatedException');
});
