// SPDX-License-Identifier: Apache-2.0
// Amplify v6 in Node, pointed at Tessera with userPoolEndpoint: signIn's default flow is USER_SRP_AUTH, so
// this is Amplify's own SRP against ours, then NEW_PASSWORD_REQUIRED and TOTP through confirmSignIn.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Amplify } from 'aws-amplify';
import { signIn, signOut, confirmSignIn, fetchAuthSession, setUpTOTP, verifyTOTPSetup, updateMFAPreference } from 'aws-amplify/auth';
import { AdminCreateUserCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { generate } from 'otplib';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient } from '../lib/fixtures.mjs';

let tessera;
let idp;
// What Amplify sends, to show that its signIn took the SRP path: [X-Amz-Target, AuthFlow or ChallengeName].
const sent = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const target = new Headers(init?.headers).get('x-amz-target');
  if (target && typeof init?.body === 'string') {
    const body = JSON.parse(init.body);
    sent.push([target.split('.').pop(), body.AuthFlow ?? body.ChallengeName]);
  }
  return realFetch(input, init);
};
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); });
after(async () => { await tessera?.stop(); });

test('Amplify signIn (SRP): new password, wrong password, TOTP set-up and sign-in with a code', async () => {
  const pool = await createPool(idp);
  await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
  const client = await createAppClient(idp, pool.Id);
  Amplify.configure({ Auth: { Cognito: { userPoolId: pool.Id, userPoolClientId: client.ClientId, userPoolEndpoint: tessera.url } } });
  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'wren', TemporaryPassword: 'Temp-Pass-1', MessageAction: 'SUPPRESS' }));

  const first = await signIn({ username: 'wren', password: 'Temp-Pass-1' });
  assert.equal(first.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
  const changed = await confirmSignIn({ challengeResponse: 'Wren-Pass-1' });
  assert.equal(changed.isSignedIn, true);
  const session = await fetchAuthSession();
  assert.equal(session.tokens.accessToken.payload.username, 'wren');

  const setup = await setUpTOTP();
  const secret = setup.sharedSecret;
  await verifyTOTPSetup({ code: await generate({ secret }) });
  await updateMFAPreference({ totp: 'PREFERRED' });
  await signOut();

  await assert.rejects(signIn({ username: 'wren', password: 'Wren-Pass-2' }),
    (e) => e.name === 'NotAuthorizedException' && e.message === 'Incorrect username or password.');

  sent.length = 0;
  const second = await signIn({ username: 'wren', password: 'Wren-Pass-1' });
  assert.deepEqual(sent, [['InitiateAuth', 'USER_SRP_AUTH'], ['RespondToAuthChallenge', 'PASSWORD_VERIFIER']]);
  assert.equal(second.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  const done = await confirmSignIn({ challengeResponse: await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }) });
  assert.equal(done.isSignedIn, true);
  assert.equal((await fetchAuthSession()).tokens.idToken.payload['cognito:username'], 'wren');
  await signOut();
});
