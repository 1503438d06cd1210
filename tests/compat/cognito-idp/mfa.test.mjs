// SPDX-License-Identifier: Apache-2.0
// MFA with real clients: the AWS SDK for the operations, amazon-cognito-identity-js for totpRequired →
// sendMFACode and MFA_SETUP, and TOTP codes computed by otplib (an independent RFC 6238 implementation).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand, AdminGetUserCommand, AdminSetUserMFAPreferenceCommand, AssociateSoftwareTokenCommand,
  GetUserCommand, GetUserPoolMfaConfigCommand, InitiateAuthCommand, RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand, SetUserPoolMfaConfigCommand, VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { generate } from 'otplib';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient } from '../lib/fixtures.mjs';
import { userPool, outcome, srpSignIn } from '../lib/srp-client.mjs';
import { latestMessage, latestCode } from '../lib/inbox.mjs';

let tessera;
let idp;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); });
after(async () => { await tessera?.stop(); });

const now = () => Math.floor(Date.now() / 1000);
/** The code an authenticator app shows `offset` seconds from now. */
const totp = (secret, offset = 0) => generate({ secret, epoch: now() + offset });

async function mfaPool(MfaConfiguration, extra = {}) {
  const pool = await createPool(idp);
  await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, MfaConfiguration, SoftwareTokenMfaConfiguration: { Enabled: true }, ...extra }));
  const client = await createAppClient(idp, pool.Id);
  return { pool, client };
}

/** A confirmed user (password set through NEW_PASSWORD_REQUIRED with the SDK) and the tokens of that sign-in. */
async function passwordUser(pool, client, Username, password, attributes = []) {
  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username, TemporaryPassword: 'Temp-Pass-1', MessageAction: 'SUPPRESS', UserAttributes: attributes }));
  const first = await idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: Username, PASSWORD: 'Temp-Pass-1' } }));
  return idp.send(new RespondToAuthChallengeCommand({ ClientId: client.ClientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: first.Session, ChallengeResponses: { USERNAME: Username, NEW_PASSWORD: password } }));
}

/** Associates and verifies an authenticator app with the SDK; returns its secret. */
async function enrolTotp(AccessToken) {
  const { SecretCode } = await idp.send(new AssociateSoftwareTokenCommand({ AccessToken }));
  assert.match(SecretCode, /^[A-Z2-7]{32}$/);
  await assert.rejects(idp.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: (await totp(SecretCode)) === '000000' ? '111111' : '000000' })),
    (e) => e.name === 'EnableSoftwareTokenMFAException');
  const verified = await idp.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: await totp(SecretCode), FriendlyDeviceName: 'phone' }));
  assert.equal(verified.Status, 'SUCCESS');
  return SecretCode;
}

test('SetUserPoolMfaConfig / GetUserPoolMfaConfig round-trip and refuse MFA without a factor', async () => {
  const pool = await createPool(idp);
  const initial = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: pool.Id }));
  assert.equal(initial.MfaConfiguration, 'OFF');
  assert.equal(initial.SoftwareTokenMfaConfiguration.Enabled, false);
  await assert.rejects(idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, MfaConfiguration: 'ON' })), (e) => e.name === 'InvalidParameterException');

  const set = await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, MfaConfiguration: 'OPTIONAL',
    SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: { Message: 'Code: {####}', Subject: 'Sign in' } }));
  assert.equal(set.MfaConfiguration, 'OPTIONAL');
  const got = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: pool.Id }));
  assert.equal(got.MfaConfiguration, 'OPTIONAL');
  assert.equal(got.SoftwareTokenMfaConfiguration.Enabled, true);
  assert.deepEqual(got.EmailMfaConfiguration, { Message: 'Code: {####}', Subject: 'Sign in' });
});

test('TOTP with the SDK: enrol, prefer, SOFTWARE_TOKEN_MFA after password sign-in, no replay, wrong code', async () => {
  const { pool, client } = await mfaPool('OPTIONAL');
  const { AuthenticationResult: tokens } = await passwordUser(pool, client, 'tom', 'Tom-Pass-1');
  await assert.rejects(idp.send(new SetUserMFAPreferenceCommand({ AccessToken: tokens.AccessToken, SoftwareTokenMfaSettings: { Enabled: true } })),
    (e) => e.name === 'InvalidParameterException');
  const secret = await enrolTotp(tokens.AccessToken);
  await idp.send(new SetUserMFAPreferenceCommand({ AccessToken: tokens.AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
  const me = await idp.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
  assert.equal(me.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');
  assert.deepEqual(me.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);

  const signIn = () => idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'tom', PASSWORD: 'Tom-Pass-1' } }));
  const challenge = await signIn();
  assert.equal(challenge.ChallengeName, 'SOFTWARE_TOKEN_MFA');
  assert.equal(challenge.AuthenticationResult, undefined);
  const answer = (Session, code) => idp.send(new RespondToAuthChallengeCommand({ ClientId: client.ClientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session,
    ChallengeResponses: { USERNAME: 'tom', SOFTWARE_TOKEN_MFA_CODE: code } }));

  const next = await totp(secret, 30); // the next time step: the enrolment used the current one
  const wrong = next === '123456' ? '654321' : '123456';
  await assert.rejects(answer(challenge.Session, wrong), (e) => e.name === 'CodeMismatchException' && e.message === 'Invalid code or auth state for the user.');
  const done = await answer(challenge.Session, next);
  assert.ok(done.AuthenticationResult.AccessToken);
  assert.ok(done.AuthenticationResult.RefreshToken);

  const again = await signIn();
  await assert.rejects(answer(again.Session, next), (e) => e.name === 'ExpiredCodeException', 'a code is accepted once');
  await assert.rejects(answer(`${again.Session.slice(0, -6)}AAAAAA`, next), (e) => e.name === 'NotAuthorizedException', 'a tampered Session');
});

test('amazon-cognito-identity-js: totpRequired → sendMFACode after SRP, and MFA_SETUP when MFA is required', async () => {
  const { pool, client } = await mfaPool('ON');
  const up = userPool(tessera.url, pool.Id, client.ClientId);
  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'uma', TemporaryPassword: 'Temp-Pass-1', MessageAction: 'SUPPRESS' }));
  const first = await srpSignIn(up, 'uma', 'Temp-Pass-1');
  assert.equal(first.step, 'NEW_PASSWORD_REQUIRED');
  const setup = await outcome((cb) => first.user.completeNewPasswordChallenge('Uma-Pass-1', {}, cb));
  assert.equal(setup.step, 'MFA_SETUP', setup.error?.message);
  assert.deepEqual(JSON.parse(setup.parameters.MFAS_CAN_SETUP), ['SOFTWARE_TOKEN_MFA']);

  const associated = await outcome((cb) => first.user.associateSoftwareToken(cb));
  assert.equal(associated.step, 'SECRET_CODE', associated.error?.message);
  const current = await totp(associated.secretCode);
  const mismatch = await outcome((cb) => first.user.verifySoftwareToken(current === '000000' ? '111111' : '000000', 'phone', cb));
  assert.equal(mismatch.error?.name, 'EnableSoftwareTokenMFAException');
  const verified = await outcome(async (cb) => first.user.verifySoftwareToken(await totp(associated.secretCode), 'phone', cb));
  assert.equal(verified.step, 'SUCCESS', verified.error?.message);

  const admin = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'uma' }));
  assert.deepEqual(admin.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);

  const second = await srpSignIn(up, 'uma', 'Uma-Pass-1');
  assert.equal(second.step, 'SOFTWARE_TOKEN_MFA', second.error?.message);
  const code = await totp(associated.secretCode, 30);
  const done = await outcome((cb) => second.user.sendMFACode(code, cb, 'SOFTWARE_TOKEN_MFA'));
  assert.equal(done.step, 'SUCCESS', done.error?.message);
  assert.equal(done.session.getAccessToken().payload.username, 'uma');

  const replay = await srpSignIn(up, 'uma', 'Uma-Pass-1');
  const replayed = await outcome((cb) => replay.user.sendMFACode(code, cb, 'SOFTWARE_TOKEN_MFA'));
  assert.equal(replayed.error?.name, 'ExpiredCodeException');
  assert.equal((await srpSignIn(up, 'uma', 'Uma-Pass-2')).error?.message, 'Incorrect username or password.');
});

test('EMAIL_OTP and SMS_MFA codes through the message sender, accepted once; SELECT_MFA_TYPE with several factors', async () => {
  const { pool, client } = await mfaPool('OPTIONAL', {
    EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Code' },
    SmsMfaConfiguration: { SmsAuthenticationMessage: 'Code {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns', ExternalId: 'x' } },
  });
  const { AuthenticationResult: tokens } = await passwordUser(pool, client, 'vic', 'Vic-Pass-1', [
    { Name: 'email', Value: 'vic@example.com' }, { Name: 'email_verified', Value: 'true' }, { Name: 'phone_number', Value: '+15555550123' }]);
  const signIn = () => idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'vic', PASSWORD: 'Vic-Pass-1' } }));
  const respond = (ChallengeName, Session, responses) => idp.send(new RespondToAuthChallengeCommand({ ClientId: client.ClientId, ChallengeName, Session, ChallengeResponses: { USERNAME: 'vic', ...responses } }));

  await idp.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: pool.Id, Username: 'vic', EmailMfaSettings: { Enabled: true } }));
  const email = await signIn();
  assert.equal(email.ChallengeName, 'EMAIL_OTP');
  assert.equal(email.ChallengeParameters.CODE_DELIVERY_DELIVERY_MEDIUM, 'EMAIL');
  assert.equal(email.ChallengeParameters.CODE_DELIVERY_DESTINATION, 'v***@e***');
  const emailMessage = await latestMessage(tessera.url, 'vic@example.com');
  assert.equal(emailMessage.subject, 'Code');
  assert.equal(emailMessage.body, `Your code is ${emailMessage.code}`);
  const emailCode = emailMessage.code;
  assert.ok((await respond('EMAIL_OTP', email.Session, { EMAIL_OTP_CODE: emailCode })).AuthenticationResult.IdToken);
  await assert.rejects(respond('EMAIL_OTP', email.Session, { EMAIL_OTP_CODE: emailCode }), (e) => e.name === 'ExpiredCodeException');

  await idp.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: pool.Id, Username: 'vic', EmailMfaSettings: { Enabled: false }, SMSMfaSettings: { Enabled: true } }));
  const sms = await signIn();
  assert.equal(sms.ChallengeName, 'SMS_MFA');
  assert.equal(sms.ChallengeParameters.CODE_DELIVERY_DESTINATION, '+*******0123');
  const smsCode = await latestCode(tessera.url, '+15555550123');
  await assert.rejects(respond('SMS_MFA', sms.Session, { SMS_MFA_CODE: smsCode === '000000' ? '000001' : '000000' }), (e) => e.name === 'CodeMismatchException');
  assert.ok((await respond('SMS_MFA', sms.Session, { SMS_MFA_CODE: smsCode })).AuthenticationResult.AccessToken);

  const secret = await enrolTotp(tokens.AccessToken);
  await idp.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: pool.Id, Username: 'vic', SoftwareTokenMfaSettings: { Enabled: true }, EmailMfaSettings: { Enabled: true } }));
  const select = await signIn();
  assert.equal(select.ChallengeName, 'SELECT_MFA_TYPE');
  assert.deepEqual(JSON.parse(select.ChallengeParameters.MFAS_CAN_CHOOSE).sort(), ['EMAIL_OTP', 'SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
  const chosen = await respond('SELECT_MFA_TYPE', select.Session, { ANSWER: 'SOFTWARE_TOKEN_MFA' });
  assert.equal(chosen.ChallengeName, 'SOFTWARE_TOKEN_MFA');
  assert.ok((await respond('SOFTWARE_TOKEN_MFA', chosen.Session, { SOFTWARE_TOKEN_MFA_CODE: await totp(secret, 30) })).AuthenticationResult.AccessToken);

  await idp.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: pool.Id, Username: 'vic', EmailMfaSettings: { Enabled: true, PreferredMfa: true } }));
  assert.equal((await signIn()).ChallengeName, 'EMAIL_OTP', 'the preferred factor is asked for directly');
  const admin = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'vic' }));
  assert.equal(admin.PreferredMfaSetting, 'EMAIL_OTP');
});
