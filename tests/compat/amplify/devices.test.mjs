// SPDX-License-Identifier: Apache-2.0
// Amplify v6 remembered devices against Tessera: signIn confirms the new device on its own, rememberDevice,
// fetchDevices, a later signIn that answers DEVICE_SRP_AUTH itself instead of the TOTP code, a forced session refresh
// with the device key, and forgetDevice after which the code is asked again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  signIn, confirmSignIn, signOut, fetchAuthSession, setUpTOTP, verifyTOTPSetup, updateMFAPreference,
  rememberDevice, fetchDevices, forgetDevice,
} from 'aws-amplify/auth';
import { AdminListDevicesCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { generate } from 'otplib';
import { createPool, createAppClient, createUser } from '../lib/fixtures.mjs';
import { amplifySuite, configureAmplify, cognitoCalls, flowOf } from '../lib/amplify.mjs';

// Amplify names the device for ConfirmDevice from navigator.userAgent, which a browser has and Node 20 does not.
globalThis.navigator ??= { userAgent: 'Tessera compat (Node)' };

const PASSWORD = 'Dara-Pass-1';
const suite = amplifySuite();
const calls = cognitoCalls();
const code = (secret, offset) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset });

test('rememberDevice, fetchDevices, signIn on the remembered device without MFA, forceRefresh, forgetDevice', async () => {
  const pool = await createPool(suite.idp, { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } });
  await suite.idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
  const client = await createAppClient(suite.idp, pool.Id);
  configureAmplify(suite.url, pool.Id, client.ClientId);
  await createUser(suite.idp, pool.Id, 'dara', PASSWORD);

  assert.equal((await signIn({ username: 'dara', password: PASSWORD })).nextStep.signInStep, 'DONE');
  const { sharedSecret } = await setUpTOTP();
  await verifyTOTPSetup({ code: await code(sharedSecret, 0) });
  await updateMFAPreference({ totp: 'PREFERRED' });
  const devices = await suite.idp.send(new AdminListDevicesCommand({ UserPoolId: pool.Id, Username: 'dara' }));
  assert.equal(devices.Devices.length, 1, 'signIn confirmed the new device');
  await rememberDevice();
  const fetched = await fetchDevices();
  assert.equal(fetched.length, 1);
  assert.equal(fetched[0].id, devices.Devices[0].DeviceKey);
  assert.equal(fetched[0].attributes['dev:device_remembered_status'], 'remembered');
  await signOut();

  calls.length = 0;
  const again = await signIn({ username: 'dara', password: PASSWORD });
  assert.equal(again.nextStep.signInStep, 'DONE', 'the remembered device stands in for the TOTP code');
  assert.deepEqual(flowOf(calls).filter(([op]) => op !== 'GetUser'), [
    ['InitiateAuth', 'USER_SRP_AUTH'], ['RespondToAuthChallenge', 'PASSWORD_VERIFIER'],
    ['RespondToAuthChallenge', 'DEVICE_SRP_AUTH'], ['RespondToAuthChallenge', 'DEVICE_PASSWORD_VERIFIER']]);
  const session = await fetchAuthSession();
  assert.equal(session.tokens.accessToken.payload.device_key, fetched[0].id);

  calls.length = 0;
  const refreshed = await fetchAuthSession({ forceRefresh: true });
  assert.equal(refreshed.tokens.accessToken.payload.device_key, fetched[0].id);
  const refresh = calls.find((c) => c.operation === 'GetTokensFromRefreshToken' || c.request?.AuthFlow === 'REFRESH_TOKEN_AUTH');
  assert.ok(refresh, 'a refresh call was made');
  assert.equal(refresh.request.DeviceKey ?? refresh.request.AuthParameters?.DEVICE_KEY, fetched[0].id);
  assert.equal(refresh.status, 200);

  await forgetDevice();
  assert.equal((await suite.idp.send(new AdminListDevicesCommand({ UserPoolId: pool.Id, Username: 'dara' }))).Devices.length, 0);
  await signOut();
  const third = await signIn({ username: 'dara', password: PASSWORD });
  assert.equal(third.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE', 'a forgotten device asks for the code again');
  assert.equal((await confirmSignIn({ challengeResponse: await code(sharedSecret, 30) })).nextStep.signInStep, 'DONE');
  await signOut();
});
