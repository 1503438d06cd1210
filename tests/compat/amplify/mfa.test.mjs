// SPDX-License-Identifier: Apache-2.0
// Amplify v6 MFA against Tessera: setUpTOTP + verifyTOTPSetup + updateMFAPreference, fetchMFAPreference, the
// TOTP and email codes at signIn through confirmSignIn, the choice between factors, and required MFA that has
// the user set up an authenticator app in the middle of signIn. The user's MFA settings are read back with the SDK.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  signIn, confirmSignIn, signOut, fetchAuthSession, setUpTOTP, verifyTOTPSetup, updateMFAPreference, fetchMFAPreference,
} from 'aws-amplify/auth';
import { AdminGetUserCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { generate } from 'otplib';
import { createPool, createAppClient, createUser } from '../lib/fixtures.mjs';
import { latestCode } from '../lib/inbox.mjs';
import { amplifySuite, configureAmplify, cognitoCalls, flowOf, rejectsNamed } from '../lib/amplify.mjs';

const PASSWORD = 'Wren-Pass-1';
const suite = amplifySuite();
const calls = cognitoCalls();

async function mfaPool(MfaConfiguration) {
  const pool = await createPool(suite.idp);
  await suite.idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, MfaConfiguration,
    SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Sign-in code' } }));
  const client = await createAppClient(suite.idp, pool.Id);
  configureAmplify(suite.url, pool.Id, client.ClientId);
  const mfaOf = async (Username) => {
    const { PreferredMfaSetting, UserMFASettingList } = await suite.idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username }));
    return { PreferredMfaSetting, UserMFASettingList };
  };
  return { pool, mfaOf };
}

/** A TOTP code for the next 30-second step, so it is not the one set-up just used (each code is accepted once). */
const nextCode = (secret) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
const wrongCode = (code) => (code === '000000' ? '000001' : '000000');

test('setUpTOTP, verifyTOTPSetup, updateMFAPreference and fetchMFAPreference; then signIn asks for the TOTP code', async () => {
  const { pool, mfaOf } = await mfaPool('OPTIONAL');
  await createUser(suite.idp, pool.Id, 'wren', PASSWORD, { email: 'wren@example.com', email_verified: 'true' });
  await signIn({ username: 'wren', password: PASSWORD });
  assert.deepEqual(await fetchMFAPreference(), { preferred: undefined, enabled: undefined });

  const { sharedSecret, getSetupUri } = await setUpTOTP();
  assert.match(sharedSecret, /^[A-Z2-7]{32}$/);
  assert.equal(getSetupUri('Tessera').searchParams.get('secret'), sharedSecret);
  await rejectsNamed(verifyTOTPSetup({ code: wrongCode(await generate({ secret: sharedSecret })) }), 'EnableSoftwareTokenMFAException');
  await verifyTOTPSetup({ code: await generate({ secret: sharedSecret }), options: { friendlyDeviceName: 'phone' } });
  await updateMFAPreference({ totp: 'PREFERRED' });
  assert.deepEqual(await fetchMFAPreference(), { preferred: 'TOTP', enabled: ['TOTP'] });
  assert.deepEqual(await mfaOf('wren'), { PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA', UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });
  await signOut();

  calls.length = 0;
  const asked = await signIn({ username: 'wren', password: PASSWORD });
  assert.deepEqual(asked, { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } });
  const code = await nextCode(sharedSecret);
  await rejectsNamed(confirmSignIn({ challengeResponse: wrongCode(code) }), 'CodeMismatchException');
  assert.deepEqual(await confirmSignIn({ challengeResponse: code }), { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  assert.deepEqual(flowOf(calls), [['InitiateAuth', 'USER_SRP_AUTH'], ['RespondToAuthChallenge', 'PASSWORD_VERIFIER'],
    ['RespondToAuthChallenge', 'SOFTWARE_TOKEN_MFA'], ['RespondToAuthChallenge', 'SOFTWARE_TOKEN_MFA']]);
  assert.equal((await fetchAuthSession()).tokens.idToken.payload['cognito:username'], 'wren');

  // Email as a second factor: with two and no preference, Amplify asks which one; DISABLED turns both off.
  await updateMFAPreference({ totp: 'NOT_PREFERRED', email: 'ENABLED' });
  assert.deepEqual(await fetchMFAPreference(), { preferred: undefined, enabled: ['TOTP', 'EMAIL'] });
  await signOut();
  const choose = await signIn({ username: 'wren', password: PASSWORD });
  assert.equal(choose.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION');
  assert.deepEqual(choose.nextStep.allowedMFATypes, ['TOTP', 'EMAIL']);
  const emailed = await confirmSignIn({ challengeResponse: 'EMAIL' });
  assert.deepEqual(emailed.nextStep, { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: 'w***@e***' } });
  assert.equal((await confirmSignIn({ challengeResponse: await latestCode(suite.url, 'wren@example.com') })).isSignedIn, true);

  await updateMFAPreference({ totp: 'DISABLED', email: 'DISABLED' });
  assert.deepEqual(await fetchMFAPreference(), { preferred: undefined, enabled: undefined });
  assert.deepEqual(await mfaOf('wren'), { PreferredMfaSetting: undefined, UserMFASettingList: undefined });
  await signOut();
  assert.deepEqual(await signIn({ username: 'wren', password: PASSWORD }), { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  await signOut();
});

test('required MFA: signIn has the user set up an authenticator app (CONTINUE_SIGN_IN_WITH_TOTP_SETUP), and the next signIn asks for it', async () => {
  const { pool, mfaOf } = await mfaPool('ON');
  await createUser(suite.idp, pool.Id, 'wren', PASSWORD);

  calls.length = 0;
  const setup = await signIn({ username: 'wren', password: PASSWORD });
  assert.equal(setup.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
  const secret = setup.nextStep.totpSetupDetails.sharedSecret;
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.deepEqual(await confirmSignIn({ challengeResponse: await generate({ secret }) }), { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  assert.deepEqual(calls.map((c) => [c.operation, c.request.ChallengeName, c.status]), [
    ['InitiateAuth', undefined, 200], ['RespondToAuthChallenge', 'PASSWORD_VERIFIER', 200], ['AssociateSoftwareToken', undefined, 200],
    ['VerifySoftwareToken', undefined, 200], ['RespondToAuthChallenge', 'MFA_SETUP', 200]]);
  assert.deepEqual(await mfaOf('wren'), { PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA', UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });
  assert.deepEqual(await fetchMFAPreference(), { preferred: 'TOTP', enabled: ['TOTP'] });
  await signOut();

  assert.equal((await signIn({ username: 'wren', password: PASSWORD })).nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  assert.equal((await confirmSignIn({ challengeResponse: await nextCode(secret) })).isSignedIn, true);
  await signOut();
});
