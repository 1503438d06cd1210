// SPDX-License-Identifier: Apache-2.0
// Device tracking with real clients: amazon-cognito-identity-js confirms, remembers and authenticates the device on
// its own (ConfirmDevice, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER) and skips MFA on a remembered device; the AWS SDK
// drives every device operation, its errors, and the device binding of refresh tokens. Device SRP values are computed
// by the library's own AuthenticationHelper.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  AdminForgetDeviceCommand, AdminGetDeviceCommand, AdminListDevicesCommand, AdminUpdateDeviceStatusCommand,
  AssociateSoftwareTokenCommand, ConfirmDeviceCommand, ForgetDeviceCommand, GetDeviceCommand, GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand, ListDevicesCommand, RespondToAuthChallengeCommand, SetUserMFAPreferenceCommand, SetUserPoolMfaConfigCommand,
  UpdateDeviceStatusCommand, UpdateUserPoolCommand, VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, AuthenticationHelper, CognitoUser, CognitoUserPool, DateHelper } from 'amazon-cognito-identity-js';
import BigIntegerModule from 'amazon-cognito-identity-js/lib/BigInteger.js';
import { generate } from 'otplib';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser, rejectsWith } from '../lib/fixtures.mjs';
import { outcome } from '../lib/srp-client.mjs';

let tessera;
let idp;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); });
after(async () => { await tessera?.stop(); });

const BigInteger = BigIntegerModule.default;
const totp = (secret, offset = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset });
const DEVICE_KEY = /^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A pool that tracks devices (and, with `mfa`, offers TOTP), its client, and users with permanent passwords. */
async function trackingPool({ prompt = false, mfa, users = ['alice'] } = {}) {
  const pool = await createPool(idp, { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: prompt } });
  if (mfa) {
    await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, MfaConfiguration: mfa, SoftwareTokenMfaConfiguration: { Enabled: true } }));
  }
  const client = await createAppClient(idp, pool.Id);
  for (const name of users) await createUser(idp, pool.Id, name, `${name}-Pass-1A`);
  return { pool, client };
}

const passwordSignIn = (client, username, extra = {}) => idp.send(new InitiateAuthCommand({
  ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: `${username}-Pass-1A`, ...extra },
}));

/** What amazon-cognito-identity-js sends to ConfirmDevice for new device metadata; returns the device's secret. */
async function confirmDevice(AccessToken, { DeviceKey, DeviceGroupKey }, DeviceName = 'laptop') {
  const helper = new AuthenticationHelper(DeviceGroupKey);
  await new Promise((resolve, reject) => helper.generateHashDevice(DeviceGroupKey, DeviceKey, (e) => (e ? reject(e) : resolve())));
  const confirmed = await idp.send(new ConfirmDeviceCommand({
    AccessToken, DeviceKey, DeviceName,
    DeviceSecretVerifierConfig: {
      Salt: Buffer.from(helper.getSaltDevices(), 'hex').toString('base64'),
      PasswordVerifier: Buffer.from(helper.getVerifierDevices(), 'hex').toString('base64'),
    },
  }));
  return { DeviceKey, DeviceGroupKey, password: helper.getRandomPassword(), confirmed };
}

/** DEVICE_SRP_AUTH then DEVICE_PASSWORD_VERIFIER with the SDK, computed as getDeviceResponse does. */
async function deviceSrp(client, username, device, Session, password = device.password) {
  const helper = new AuthenticationHelper(device.DeviceGroupKey);
  const A = await new Promise((resolve, reject) => helper.getLargeAValue((e, a) => (e ? reject(e) : resolve(a))));
  const challenge = await idp.send(new RespondToAuthChallengeCommand({ ClientId: client.ClientId, ChallengeName: 'DEVICE_SRP_AUTH', Session,
    ChallengeResponses: { USERNAME: username, DEVICE_KEY: device.DeviceKey, SRP_A: A.toString(16) } }));
  assert.equal(challenge.ChallengeName, 'DEVICE_PASSWORD_VERIFIER');
  const p = challenge.ChallengeParameters;
  const key = await new Promise((resolve, reject) => helper.getPasswordAuthenticationKey(device.DeviceKey, password,
    new BigInteger(p.SRP_B, 16), new BigInteger(p.SALT, 16), (e, k) => (e ? reject(e) : resolve(k))));
  const timestamp = new DateHelper().getNowString();
  const signature = createHmac('sha256', Buffer.from(key)).update(Buffer.concat([
    Buffer.from(device.DeviceGroupKey), Buffer.from(device.DeviceKey), Buffer.from(p.SECRET_BLOCK, 'base64'), Buffer.from(timestamp)])).digest('base64');
  return idp.send(new RespondToAuthChallengeCommand({ ClientId: client.ClientId, ChallengeName: 'DEVICE_PASSWORD_VERIFIER', Session: challenge.Session,
    ChallengeResponses: { USERNAME: username, DEVICE_KEY: device.DeviceKey, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK, TIMESTAMP: timestamp, PASSWORD_CLAIM_SIGNATURE: signature } }));
}

const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url'));
const attributes = (device) => Object.fromEntries(device.DeviceAttributes.map((a) => [a.Name, a.Value]));

test('NewDeviceMetadata on sign-in, ConfirmDevice, GetDevice/AdminGetDevice, List with pagination, status updates, forget', async () => {
  const { pool, client } = await trackingPool({ users: ['alice', 'bob'] });
  const first = (await passwordSignIn(client, 'alice')).AuthenticationResult;
  assert.match(first.NewDeviceMetadata.DeviceKey, DEVICE_KEY);
  assert.ok(first.NewDeviceMetadata.DeviceGroupKey);
  assert.equal(claims(first.AccessToken).device_key, first.NewDeviceMetadata.DeviceKey);
  const laptop = await confirmDevice(first.AccessToken, first.NewDeviceMetadata);
  assert.equal(laptop.confirmed.UserConfirmationNecessary, false);
  await rejectsWith(confirmDevice(first.AccessToken, first.NewDeviceMetadata), 'DeviceKeyExistsException');

  const second = (await passwordSignIn(client, 'alice')).AuthenticationResult;
  const phone = await confirmDevice(second.AccessToken, second.NewDeviceMetadata, 'phone');

  const got = await idp.send(new GetDeviceCommand({ AccessToken: second.AccessToken, DeviceKey: laptop.DeviceKey }));
  assert.equal(got.Device.DeviceKey, laptop.DeviceKey);
  assert.deepEqual(attributes(got.Device), { device_status: 'valid', device_name: 'laptop', 'dev:device_remembered_status': 'remembered' });
  assert.ok(got.Device.DeviceCreateDate instanceof Date);
  assert.ok(got.Device.DeviceLastModifiedDate instanceof Date);
  const admin = await idp.send(new AdminGetDeviceCommand({ UserPoolId: pool.Id, Username: 'alice', DeviceKey: phone.DeviceKey }));
  assert.equal(attributes(admin.Device).device_name, 'phone');

  const page1 = await idp.send(new ListDevicesCommand({ AccessToken: second.AccessToken, Limit: 1 }));
  assert.equal(page1.Devices.length, 1);
  assert.ok(page1.PaginationToken);
  const page2 = await idp.send(new ListDevicesCommand({ AccessToken: second.AccessToken, Limit: 1, PaginationToken: page1.PaginationToken }));
  assert.equal(page2.Devices.length, 1);
  assert.equal(page2.PaginationToken, undefined);
  assert.deepEqual([page1.Devices[0].DeviceKey, page2.Devices[0].DeviceKey].sort(), [laptop.DeviceKey, phone.DeviceKey].sort());
  const adminList = await idp.send(new AdminListDevicesCommand({ UserPoolId: pool.Id, Username: 'alice' }));
  assert.equal(adminList.Devices.length, 2);

  await idp.send(new UpdateDeviceStatusCommand({ AccessToken: second.AccessToken, DeviceKey: laptop.DeviceKey, DeviceRememberedStatus: 'not_remembered' }));
  assert.equal(attributes((await idp.send(new AdminGetDeviceCommand({ UserPoolId: pool.Id, Username: 'alice', DeviceKey: laptop.DeviceKey }))).Device)['dev:device_remembered_status'], 'not_remembered');
  await idp.send(new AdminUpdateDeviceStatusCommand({ UserPoolId: pool.Id, Username: 'alice', DeviceKey: laptop.DeviceKey, DeviceRememberedStatus: 'remembered' }));
  assert.equal(attributes((await idp.send(new GetDeviceCommand({ AccessToken: second.AccessToken, DeviceKey: laptop.DeviceKey }))).Device)['dev:device_remembered_status'], 'remembered');

  // Unknown devices and another user's devices are both "Device does not exist."
  const bob = (await passwordSignIn(client, 'bob')).AuthenticationResult;
  await rejectsWith(idp.send(new GetDeviceCommand({ AccessToken: second.AccessToken, DeviceKey: 'us-east-1_00000000-0000-4000-8000-000000000000' })), 'ResourceNotFoundException', 'Device does not exist.');
  await rejectsWith(idp.send(new GetDeviceCommand({ AccessToken: bob.AccessToken, DeviceKey: laptop.DeviceKey })), 'ResourceNotFoundException', 'Device does not exist.');
  await rejectsWith(idp.send(new UpdateDeviceStatusCommand({ AccessToken: bob.AccessToken, DeviceKey: laptop.DeviceKey, DeviceRememberedStatus: 'not_remembered' })), 'ResourceNotFoundException');
  await rejectsWith(idp.send(new ForgetDeviceCommand({ AccessToken: bob.AccessToken, DeviceKey: laptop.DeviceKey })), 'ResourceNotFoundException');
  await rejectsWith(idp.send(new AdminGetDeviceCommand({ UserPoolId: pool.Id, Username: 'bob', DeviceKey: laptop.DeviceKey })), 'ResourceNotFoundException');
  await rejectsWith(idp.send(new ConfirmDeviceCommand({ AccessToken: bob.AccessToken, DeviceKey: laptop.DeviceKey,
    DeviceSecretVerifierConfig: { Salt: 'AQI=', PasswordVerifier: 'Bw==' } })), 'ResourceNotFoundException');

  await idp.send(new ForgetDeviceCommand({ AccessToken: bob.AccessToken, DeviceKey: (await confirmDevice(bob.AccessToken, bob.NewDeviceMetadata)).DeviceKey }));
  await idp.send(new AdminForgetDeviceCommand({ UserPoolId: pool.Id, Username: 'alice', DeviceKey: phone.DeviceKey }));
  await rejectsWith(idp.send(new AdminGetDeviceCommand({ UserPoolId: pool.Id, Username: 'alice', DeviceKey: phone.DeviceKey })), 'ResourceNotFoundException');
  assert.deepEqual((await idp.send(new AdminListDevicesCommand({ UserPoolId: pool.Id, Username: 'alice' }))).Devices.map((d) => d.DeviceKey), [laptop.DeviceKey]);
});

test('device SRP with the SDK: DEVICE_SRP_AUTH after the password, a wrong proof refused, tokens bound to the device on refresh', async () => {
  const { client } = await trackingPool();
  const first = (await passwordSignIn(client, 'alice')).AuthenticationResult;
  const device = await confirmDevice(first.AccessToken, first.NewDeviceMetadata);

  await rejectsWith(passwordSignIn(client, 'alice', { DEVICE_KEY: 'us-east-1_00000000-0000-4000-8000-000000000000' }), 'ResourceNotFoundException', 'Device does not exist.');
  const challenge = await passwordSignIn(client, 'alice', { DEVICE_KEY: device.DeviceKey });
  assert.equal(challenge.ChallengeName, 'DEVICE_SRP_AUTH');
  await rejectsWith(deviceSrp(client, 'alice', device, challenge.Session, 'not-the-device-secret'), 'NotAuthorizedException');
  const tampered = await passwordSignIn(client, 'alice', { DEVICE_KEY: device.DeviceKey });
  await rejectsWith(deviceSrp(client, 'alice', { ...device, DeviceKey: device.DeviceKey.replace(/.$/, (c) => (c === '0' ? '1' : '0')) }, tampered.Session), 'NotAuthorizedException');

  const done = await deviceSrp(client, 'alice', device, (await passwordSignIn(client, 'alice', { DEVICE_KEY: device.DeviceKey })).Session);
  const tokens = done.AuthenticationResult;
  assert.equal(tokens.NewDeviceMetadata, undefined);
  assert.equal(claims(tokens.AccessToken).device_key, device.DeviceKey);
  const seen = await idp.send(new GetDeviceCommand({ AccessToken: tokens.AccessToken, DeviceKey: device.DeviceKey }));
  assert.ok(seen.Device.DeviceLastAuthenticatedDate instanceof Date);
  assert.equal(attributes(seen.Device).last_ip_used, '127.0.0.1', 'the address the device signed in from');

  const refreshed = await idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH',
    AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken, DEVICE_KEY: device.DeviceKey } }));
  assert.equal(claims(refreshed.AuthenticationResult.AccessToken).device_key, device.DeviceKey);
  const viaGetTokens = await idp.send(new GetTokensFromRefreshTokenCommand({ ClientId: client.ClientId, RefreshToken: tokens.RefreshToken, DeviceKey: device.DeviceKey }));
  assert.equal(claims(viaGetTokens.AuthenticationResult.AccessToken).device_key, device.DeviceKey);
  await rejectsWith(idp.send(new GetTokensFromRefreshTokenCommand({ ClientId: client.ClientId, RefreshToken: tokens.RefreshToken,
    DeviceKey: 'us-east-1_00000000-0000-4000-8000-000000000000' })), 'NotAuthorizedException');

  // Forgetting the device signs it out: its refresh token stops working.
  await idp.send(new ForgetDeviceCommand({ AccessToken: first.AccessToken, DeviceKey: device.DeviceKey }));
  await rejectsWith(idp.send(new GetTokensFromRefreshTokenCommand({ ClientId: client.ClientId, RefreshToken: tokens.RefreshToken, DeviceKey: device.DeviceKey })), 'NotAuthorizedException');
});

test('amazon-cognito-identity-js: SRP + TOTP, setDeviceStatusRemembered, then DEVICE_SRP_AUTH without MFA; forgetDevice brings MFA back', async () => {
  const { pool, client } = await trackingPool({ prompt: true, mfa: 'OPTIONAL' });
  const setup = (await passwordSignIn(client, 'alice')).AuthenticationResult;
  const { SecretCode } = await idp.send(new AssociateSoftwareTokenCommand({ AccessToken: setup.AccessToken }));
  await idp.send(new VerifySoftwareTokenCommand({ AccessToken: setup.AccessToken, UserCode: await totp(SecretCode) }));
  await idp.send(new SetUserMFAPreferenceCommand({ AccessToken: setup.AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));

  const memory = new Map();
  const Storage = {
    setItem: (k, v) => memory.set(k, String(v)), getItem: (k) => memory.get(k) ?? null, removeItem: (k) => memory.delete(k), clear: () => memory.clear(),
  };
  const up = new CognitoUserPool({ UserPoolId: pool.Id, ClientId: client.ClientId, endpoint: `${tessera.url}/`, Storage });
  const signIn = async () => {
    const user = new CognitoUser({ Username: 'alice', Pool: up, Storage });
    const result = await outcome((cb) => user.authenticateUser(new AuthenticationDetails({ Username: 'alice', Password: 'alice-Pass-1A' }), cb));
    return { user, ...result };
  };

  const first = await signIn();
  assert.equal(first.step, 'SOFTWARE_TOKEN_MFA', first.error?.message);
  const mfaDone = await outcome(async (cb) => first.user.sendMFACode(await totp(SecretCode, 30), cb, 'SOFTWARE_TOKEN_MFA'));
  assert.equal(mfaDone.step, 'SUCCESS', mfaDone.error?.message);
  const deviceKey = [...memory].find(([k]) => k.endsWith('.deviceKey'))?.[1];
  assert.match(deviceKey, DEVICE_KEY, 'the library confirmed the new device and stored its key');
  const pending = await idp.send(new AdminGetDeviceCommand({ UserPoolId: pool.Id, Username: 'alice', DeviceKey: deviceKey }));
  assert.equal(attributes(pending.Device)['dev:device_remembered_status'], 'not_remembered', 'DeviceOnlyRememberedOnUserPrompt waits for the user');
  const remembered = await outcome((cb) => first.user.setDeviceStatusRemembered(cb));
  assert.equal(remembered.step, 'SUCCESS', remembered.error?.message);

  const second = await signIn();
  assert.equal(second.step, 'SUCCESS', `no MFA on the remembered device (${second.step} ${second.error?.message ?? ''})`);
  assert.equal(second.session.getAccessToken().payload.device_key, deviceKey);
  const listed = await new Promise((resolve, reject) => second.user.listDevices(10, null, { onSuccess: resolve, onFailure: reject }));
  assert.deepEqual(listed.Devices.map((d) => d.DeviceKey), [deviceKey]);
  assert.equal(attributes(listed.Devices[0])['dev:device_remembered_status'], 'remembered');

  const forgotten = await new Promise((resolve, reject) => second.user.forgetDevice({ onSuccess: resolve, onFailure: reject }));
  assert.equal(forgotten, 'SUCCESS');
  const third = await signIn();
  assert.equal(third.step, 'SOFTWARE_TOKEN_MFA', 'a forgotten device asks for MFA again');
});
