// SPDX-License-Identifier: Apache-2.0
// Choice-based sign-in (USER_AUTH) with the real AWS SDK: the pool's first factors and passkey settings, the
// SELECT_CHALLENGE choice, one-time codes read from the development inbox, and the errors AWS gives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminGetUserAuthFactorsCommand, AdminInitiateAuthCommand, DescribeUserPoolCommand, GetUserAuthFactorsCommand,
  AdminRespondToAuthChallengeCommand, GetUserPoolMfaConfigCommand, InitiateAuthCommand, RespondToAuthChallengeCommand, SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand, CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser, rejectsWith } from '../lib/fixtures.mjs';
import { latestCode, inbox } from '../lib/inbox.mjs';

let tessera;
let idp;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); });
after(async () => { await tessera?.stop(); });

const password = 'Perm-Pass-1';
const userAuthFlows = ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

/** A pool allowing `factors`, a USER_AUTH client and a user with a verified email. */
async function passwordlessPool({ factors = ['PASSWORD', 'EMAIL_OTP'], client = {}, email = `ada-${Date.now()}@example.com` } = {}) {
  const pool = await createPool(idp, { Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors } } });
  const app = await createAppClient(idp, pool.Id, { ExplicitAuthFlows: userAuthFlows, ...client });
  await createUser(idp, pool.Id, 'ada', password, { email, email_verified: 'true' });
  return { pool, app, email };
}

const start = (app, AuthParameters) => idp.send(new InitiateAuthCommand({ ClientId: app.ClientId, AuthFlow: 'USER_AUTH', AuthParameters }));
const answer = (app, ChallengeName, Session, ChallengeResponses) =>
  idp.send(new RespondToAuthChallengeCommand({ ClientId: app.ClientId, ChallengeName, Session, ChallengeResponses }));

test('the pool keeps its first factors and passkey settings, and refuses what AWS refuses', async () => {
  const { pool } = await passwordlessPool({ factors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] });
  const described = (await idp.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }))).UserPool;
  assert.deepEqual(described.Policies.SignInPolicy.AllowedFirstAuthFactors, ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN']);
  const plain = await createPool(idp);
  assert.deepEqual(plain.Policies.SignInPolicy.AllowedFirstAuthFactors, ['PASSWORD']);

  await rejectsWith(idp.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['SOFTWARE_TOKEN'] } } })),
    'InvalidParameterException', 'SOFTWARE_TOKEN is not supported as a first authentication factor.');
  await rejectsWith(idp.send(new CreateUserPoolCommand({ PoolName: 'lite', UserPoolTier: 'LITE', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } })),
    'FeatureUnavailableInTierException');

  const initial = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: pool.Id }));
  assert.deepEqual(initial.WebAuthnConfiguration, { UserVerification: 'preferred' });
  const set = await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' } }));
  assert.deepEqual(set.WebAuthnConfiguration, { RelyingPartyId: 'localhost', UserVerification: 'required' });
  const read = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: pool.Id }));
  assert.deepEqual(read.WebAuthnConfiguration, { RelyingPartyId: 'localhost', UserVerification: 'required' });
  await rejectsWith(idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, WebAuthnConfiguration: { RelyingPartyId: 'https://localhost:9229' } })),
    'InvalidParameterException', 'RelyingPartyId must be a domain name without scheme, port or path.');
});

test('USER_AUTH without a preference answers SELECT_CHALLENGE; EMAIL_OTP then signs in with the mailed code, once', async () => {
  const { pool, app, email } = await passwordlessPool();
  const select = await start(app, { USERNAME: 'ada' });
  assert.equal(select.ChallengeName, 'SELECT_CHALLENGE');
  assert.deepEqual(select.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);

  const sent = await answer(app, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'ada', ANSWER: 'EMAIL_OTP' });
  assert.equal(sent.ChallengeName, 'EMAIL_OTP');
  assert.equal(sent.ChallengeParameters.CODE_DELIVERY_DELIVERY_MEDIUM, 'EMAIL');
  const code = await latestCode(tessera.url, email);
  await rejectsWith(answer(app, 'EMAIL_OTP', sent.Session, { USERNAME: 'ada', EMAIL_OTP_CODE: code === '000000' ? '111111' : '000000' }), 'CodeMismatchException');
  const done = await answer(app, 'EMAIL_OTP', sent.Session, { USERNAME: 'ada', EMAIL_OTP_CODE: code });
  assert.ok(done.AuthenticationResult.AccessToken);
  assert.ok(done.AuthenticationResult.RefreshToken);
  // The code is single-use.
  await rejectsWith(answer(app, 'EMAIL_OTP', sent.Session, { USERNAME: 'ada', EMAIL_OTP_CODE: code }), 'ExpiredCodeException');

  const factors = await idp.send(new GetUserAuthFactorsCommand({ AccessToken: done.AuthenticationResult.AccessToken }));
  assert.deepEqual(factors.ConfiguredUserAuthFactors, ['PASSWORD', 'EMAIL_OTP']);
  assert.equal(factors.Username, 'ada');
  const admin = await idp.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: pool.Id, Username: 'ada' }));
  assert.deepEqual(admin.ConfiguredUserAuthFactors, ['PASSWORD', 'EMAIL_OTP']);
});

test('USER_AUTH with PREFERRED_CHALLENGE: EMAIL_OTP straight away, PASSWORD with the password, and through AdminInitiateAuth', async () => {
  const { pool, app, email } = await passwordlessPool();
  const sent = await start(app, { USERNAME: 'ada', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
  assert.equal(sent.ChallengeName, 'EMAIL_OTP');
  const done = await answer(app, 'EMAIL_OTP', sent.Session, { USERNAME: 'ada', EMAIL_OTP_CODE: await latestCode(tessera.url, email) });
  assert.ok(done.AuthenticationResult.IdToken);

  const withPassword = await start(app, { USERNAME: 'ada', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: password });
  assert.ok(withPassword.AuthenticationResult.AccessToken);
  await rejectsWith(start(app, { USERNAME: 'ada', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'Wrong-Pass-1' }), 'NotAuthorizedException', 'Incorrect username or password.');

  const asAdmin = await idp.send(new AdminInitiateAuthCommand({ UserPoolId: pool.Id, ClientId: app.ClientId, AuthFlow: 'USER_AUTH',
    AuthParameters: { USERNAME: 'ada', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: password } }));
  assert.ok(asAdmin.AuthenticationResult.AccessToken);

  const passwordChallenge = await answer(app, 'SELECT_CHALLENGE', (await start(app, { USERNAME: 'ada' })).Session, { USERNAME: 'ada', ANSWER: 'PASSWORD', PASSWORD: password });
  assert.ok(passwordChallenge.AuthenticationResult.AccessToken);
});

test('USER_AUTH errors: client without ALLOW_USER_AUTH, factor not allowed, unknown user with and without PreventUserExistenceErrors', async () => {
  const { pool, app } = await passwordlessPool({ factors: ['PASSWORD'] });
  const srpOnly = await createAppClient(idp, pool.Id);
  await rejectsWith(start(srpOnly, { USERNAME: 'ada' }), 'InvalidParameterException', 'USER_AUTH flow not enabled for this client');

  // EMAIL_OTP is not a factor this pool allows: the choice offers only what it does.
  const select = await start(app, { USERNAME: 'ada', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
  assert.equal(select.ChallengeName, 'SELECT_CHALLENGE');
  assert.deepEqual(select.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP']);
  await rejectsWith(answer(app, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'ada', ANSWER: 'EMAIL_OTP' }), 'InvalidParameterException');
  await rejectsWith(start(app, { USERNAME: 'ada', PREFERRED_CHALLENGE: 'SOFTWARE_TOKEN' }), 'InvalidParameterException');

  await rejectsWith(start(app, { USERNAME: 'nobody' }), 'UserNotFoundException');
  const hidden = await passwordlessPool({ client: { PreventUserExistenceErrors: 'ENABLED' } });
  const before = (await inbox(tessera.url, hidden.pool.Id)).length;
  const ghost = await start(hidden.app, { USERNAME: 'nobody@example.com', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
  assert.equal(ghost.ChallengeName, 'EMAIL_OTP');
  assert.equal((await inbox(tessera.url, hidden.pool.Id)).length, before, 'nothing is sent for an unknown user');
  await rejectsWith(answer(hidden.app, 'EMAIL_OTP', ghost.Session, { USERNAME: 'nobody@example.com', EMAIL_OTP_CODE: '123456' }), 'CodeMismatchException');
});

test('SMS_OTP through AdminInitiateAuth and AdminRespondToAuthChallenge, with the texted code', async () => {
  const pool = await createPool(idp, { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'SMS_OTP'] } } });
  await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id,
    SmsMfaConfiguration: { SmsAuthenticationMessage: 'Code {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns', ExternalId: 'x' } } }));
  const app = await createAppClient(idp, pool.Id, { ExplicitAuthFlows: userAuthFlows });
  const phone = `+1555${String(Date.now()).slice(-7)}`;
  await createUser(idp, pool.Id, 'ada', password, { phone_number: phone, phone_number_verified: 'true' });

  const sent = await idp.send(new AdminInitiateAuthCommand({ UserPoolId: pool.Id, ClientId: app.ClientId, AuthFlow: 'USER_AUTH',
    AuthParameters: { USERNAME: 'ada', PREFERRED_CHALLENGE: 'SMS_OTP' } }));
  assert.equal(sent.ChallengeName, 'SMS_OTP');
  assert.equal(sent.ChallengeParameters.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
  const done = await idp.send(new AdminRespondToAuthChallengeCommand({ UserPoolId: pool.Id, ClientId: app.ClientId, ChallengeName: 'SMS_OTP',
    Session: sent.Session, ChallengeResponses: { USERNAME: 'ada', SMS_OTP_CODE: await latestCode(tessera.url, phone) } }));
  assert.ok(done.AuthenticationResult.AccessToken);
});
