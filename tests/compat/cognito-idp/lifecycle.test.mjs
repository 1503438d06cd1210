// SPDX-License-Identifier: Apache-2.0
// The self-service user lifecycle through the real AWS SDK for JavaScript v3, with codes read from the
// start-dev development inbox: sign-up, confirmation, recovery, attributes, sign-out, lockout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  SignUpCommand, ConfirmSignUpCommand, ResendConfirmationCodeCommand, ForgotPasswordCommand,
  ConfirmForgotPasswordCommand, AdminResetUserPasswordCommand, ChangePasswordCommand, UpdateUserAttributesCommand,
  DeleteUserAttributesCommand, GetUserAttributeVerificationCodeCommand, VerifyUserAttributeCommand, DeleteUserCommand,
  GlobalSignOutCommand, AdminUserGlobalSignOutCommand, RevokeTokenCommand, InitiateAuthCommand, GetUserCommand,
  AdminGetUserCommand, AdminDisableUserCommand, AdminCreateUserCommand, AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient } from '../lib/fixtures.mjs';
import { latestCode, latestMessage, inbox } from '../lib/inbox.mjs';

const PASSWORD = 'Perm-Pass-1';
let tessera;
let idp;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); });
after(async () => { await tessera?.stop(); });

async function setup(poolInput = {}, clientInput = {}) {
  const pool = await createPool(idp, { AutoVerifiedAttributes: ['email'], ...poolInput });
  const client = await createAppClient(idp, pool.Id, clientInput);
  return { pool, ClientId: client.ClientId };
}

async function rejects(promise, name, message) {
  await assert.rejects(promise, (e) => {
    assert.equal(e.name, name, `${e.name}: ${e.message}`);
    if (message) assert.equal(e.message, message);
    assert.ok(e.$metadata.httpStatusCode >= 400 && e.$metadata.httpStatusCode < 500);
    return true;
  });
}

async function signUpConfirmed(ClientId, Username, email = `${Username}@example.com`) {
  await idp.send(new SignUpCommand({ ClientId, Username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }] }));
  await idp.send(new ConfirmSignUpCommand({ ClientId, Username, ConfirmationCode: await latestCode(tessera.url, email) }));
}

async function signIn(ClientId, USERNAME, PASSWORD_ = PASSWORD) {
  const out = await idp.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD: PASSWORD_ } }));
  return out.AuthenticationResult;
}

const refresh = (ClientId, REFRESH_TOKEN) => idp.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN } }));

test('the whole story: sign up, confirm, sign in, change password, forget it, reset it, sign out everywhere', async () => {
  const { ClientId } = await setup();
  const signUp = await idp.send(new SignUpCommand({ ClientId, Username: 'story', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'story@example.com' }] }));
  assert.equal(signUp.UserConfirmed, false);
  assert.match(signUp.UserSub, /^[0-9a-f-]{36}$/);
  assert.deepEqual(signUp.CodeDeliveryDetails, { Destination: 's***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });

  await idp.send(new ConfirmSignUpCommand({ ClientId, Username: 'story', ConfirmationCode: await latestCode(tessera.url, 'story@example.com') }));
  const first = await signIn(ClientId, 'story');
  await idp.send(new ChangePasswordCommand({ AccessToken: first.AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'Changed-Pass-2' }));
  const second = await signIn(ClientId, 'story', 'Changed-Pass-2');

  const forgot = await idp.send(new ForgotPasswordCommand({ ClientId, Username: 'story' }));
  assert.equal(forgot.CodeDeliveryDetails.Destination, 's***@e***');
  await idp.send(new ConfirmForgotPasswordCommand({ ClientId, Username: 'story', ConfirmationCode: await latestCode(tessera.url, 'story@example.com'), Password: 'Reset-Pass-3' }));
  await rejects(signIn(ClientId, 'story', 'Changed-Pass-2'), 'NotAuthorizedException', 'Incorrect username or password.');
  const third = await signIn(ClientId, 'story', 'Reset-Pass-3');

  await idp.send(new GlobalSignOutCommand({ AccessToken: third.AccessToken }));
  for (const tokens of [first, second, third]) {
    await rejects(refresh(ClientId, tokens.RefreshToken), 'NotAuthorizedException', 'Refresh Token has been revoked');
    await rejects(idp.send(new GetUserCommand({ AccessToken: tokens.AccessToken })), 'NotAuthorizedException', 'Access Token has been revoked');
  }
});

test('confirmation codes: wrong, replayed, resent, too many wrong', async () => {
  const { ClientId } = await setup();
  await idp.send(new SignUpCommand({ ClientId, Username: 'codes', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'codes@example.com' }] }));
  const first = await latestCode(tessera.url, 'codes@example.com');
  const resent = await idp.send(new ResendConfirmationCodeCommand({ ClientId, Username: 'codes' }));
  assert.equal(resent.CodeDeliveryDetails.DeliveryMedium, 'EMAIL');
  const code = await latestCode(tessera.url, 'codes@example.com');
  if (first !== code) {
    await rejects(idp.send(new ConfirmSignUpCommand({ ClientId, Username: 'codes', ConfirmationCode: first })), 'CodeMismatchException', 'Invalid verification code provided, please try again.');
  }
  await idp.send(new ConfirmSignUpCommand({ ClientId, Username: 'codes', ConfirmationCode: code }));
  await rejects(idp.send(new ConfirmSignUpCommand({ ClientId, Username: 'codes', ConfirmationCode: code })), 'NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED');

  await idp.send(new SignUpCommand({ ClientId, Username: 'guesser', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'guesser@example.com' }] }));
  const right = await latestCode(tessera.url, 'guesser@example.com');
  const wrong = right === '000000' ? '111111' : '000000';
  for (let i = 0; i < 5; i++) {
    await rejects(idp.send(new ConfirmSignUpCommand({ ClientId, Username: 'guesser', ConfirmationCode: wrong })), 'CodeMismatchException');
  }
  await rejects(idp.send(new ConfirmSignUpCommand({ ClientId, Username: 'guesser', ConfirmationCode: right })), 'LimitExceededException', 'Attempt limit exceeded, please try after some time.');
});

test('sign-up errors: existing user, weak password, unauthorized attribute, unconfirmed sign-in', async () => {
  const { ClientId } = await setup({}, { WriteAttributes: ['email', 'name'] });
  await idp.send(new SignUpCommand({ ClientId, Username: 'taken', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'taken@example.com' }] }));
  await rejects(idp.send(new SignUpCommand({ ClientId, Username: 'taken', Password: PASSWORD })), 'UsernameExistsException');
  await rejects(idp.send(new SignUpCommand({ ClientId, Username: 'weak', Password: 'short' })), 'InvalidPasswordException');
  await rejects(idp.send(new SignUpCommand({ ClientId, Username: 'nosy', Password: PASSWORD, UserAttributes: [{ Name: 'family_name', Value: 'X' }] })),
    'NotAuthorizedException', 'A client attempted to write unauthorized attribute');
  await rejects(signIn(ClientId, 'taken'), 'UserNotConfirmedException', 'User is not confirmed.');
});

test('a failed ConfirmForgotPassword leaves the old password working', async () => {
  const { ClientId } = await setup();
  await signUpConfirmed(ClientId, 'keeper');
  await idp.send(new ForgotPasswordCommand({ ClientId, Username: 'keeper' }));
  const code = await latestCode(tessera.url, 'keeper@example.com');
  await rejects(idp.send(new ConfirmForgotPasswordCommand({ ClientId, Username: 'keeper', ConfirmationCode: code === '123456' ? '654321' : '123456', Password: 'New-Pass-2' })), 'CodeMismatchException');
  await rejects(idp.send(new ConfirmForgotPasswordCommand({ ClientId, Username: 'keeper', ConfirmationCode: code, Password: 'weak' })), 'InvalidPasswordException');
  assert.ok((await signIn(ClientId, 'keeper')).AccessToken);
  await idp.send(new ConfirmForgotPasswordCommand({ ClientId, Username: 'keeper', ConfirmationCode: code, Password: 'New-Pass-2' }));
  await rejects(idp.send(new ConfirmForgotPasswordCommand({ ClientId, Username: 'keeper', ConfirmationCode: code, Password: 'Newer-Pass-3' })), 'ExpiredCodeException', 'Invalid code provided, please request a code again.');
});

test('attributes: update with verification, verify, delete, non-writable ones refused', async () => {
  const { ClientId } = await setup();
  await signUpConfirmed(ClientId, 'attrs');
  const { AccessToken } = await signIn(ClientId, 'attrs');

  const updated = await idp.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email', Value: 'attrs.new@example.org' }, { Name: 'nickname', Value: 'A' }] }));
  assert.deepEqual(updated.CodeDeliveryDetailsList, [{ Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }]);
  let user = await idp.send(new GetUserCommand({ AccessToken }));
  const attr = (name) => user.UserAttributes.find((a) => a.Name === name)?.Value;
  assert.equal(attr('email'), 'attrs.new@example.org');
  assert.equal(attr('email_verified'), 'false');

  await rejects(idp.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: '000000' === await latestCode(tessera.url, 'attrs.new@example.org') ? '000001' : '000000' })), 'CodeMismatchException');
  const again = await idp.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }));
  assert.equal(again.CodeDeliveryDetails.AttributeName, 'email');
  await idp.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: await latestCode(tessera.url, 'attrs.new@example.org') }));
  user = await idp.send(new GetUserCommand({ AccessToken }));
  assert.equal(attr('email_verified'), 'true');

  await idp.send(new DeleteUserAttributesCommand({ AccessToken, UserAttributeNames: ['nickname'] }));
  user = await idp.send(new GetUserCommand({ AccessToken }));
  assert.equal(attr('nickname'), undefined);

  await rejects(idp.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email_verified', Value: 'true' }] })), 'NotAuthorizedException', 'A client attempted to write unauthorized attribute');
  await rejects(idp.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'custom:none', Value: 'x' }] })), 'InvalidParameterException');
});

test('AdminResetUserPassword, AdminUserGlobalSignOut, RevokeToken and DeleteUser', async () => {
  const { pool, ClientId } = await setup();
  await signUpConfirmed(ClientId, 'admin1');
  const before = await signIn(ClientId, 'admin1');
  await idp.send(new AdminResetUserPasswordCommand({ UserPoolId: pool.Id, Username: 'admin1' }));
  assert.equal((await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'admin1' }))).UserStatus, 'RESET_REQUIRED');
  await rejects(signIn(ClientId, 'admin1'), 'PasswordResetRequiredException');
  const reset = await latestMessage(tessera.url, 'admin1@example.com');
  assert.equal(reset.purpose, 'AdminResetUserPassword');
  await idp.send(new ConfirmForgotPasswordCommand({ ClientId, Username: 'admin1', ConfirmationCode: reset.code, Password: 'New-Pass-2' }));
  const after = await signIn(ClientId, 'admin1', 'New-Pass-2');

  await idp.send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool.Id, Username: 'admin1' }));
  await rejects(idp.send(new GetUserCommand({ AccessToken: after.AccessToken })), 'NotAuthorizedException', 'Access Token has been revoked');
  await rejects(refresh(ClientId, before.RefreshToken), 'NotAuthorizedException', 'Refresh Token has been revoked');

  await signUpConfirmed(ClientId, 'revoker');
  const one = await signIn(ClientId, 'revoker');
  const two = await signIn(ClientId, 'revoker');
  await idp.send(new RevokeTokenCommand({ ClientId, Token: one.RefreshToken }));
  await rejects(refresh(ClientId, one.RefreshToken), 'NotAuthorizedException', 'Refresh Token has been revoked');
  await rejects(idp.send(new GetUserCommand({ AccessToken: one.AccessToken })), 'NotAuthorizedException', 'Access Token has been revoked');
  assert.equal((await idp.send(new GetUserCommand({ AccessToken: two.AccessToken }))).Username, 'revoker');
  await rejects(idp.send(new RevokeTokenCommand({ ClientId, Token: two.AccessToken })), 'UnsupportedTokenTypeException');

  await idp.send(new DeleteUserCommand({ AccessToken: two.AccessToken }));
  await rejects(idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'revoker' })), 'UserNotFoundException');
});

test('PreventUserExistenceErrors ENABLED: a missing user looks like a real one', async () => {
  const { ClientId } = await setup({}, { PreventUserExistenceErrors: 'ENABLED' });
  await signUpConfirmed(ClientId, 'real');
  const real = await idp.send(new ForgotPasswordCommand({ ClientId, Username: 'real' }));
  const fake = await idp.send(new ForgotPasswordCommand({ ClientId, Username: 'ghost' }));
  assert.deepEqual(Object.keys(fake.CodeDeliveryDetails).sort(), Object.keys(real.CodeDeliveryDetails).sort());
  assert.match(fake.CodeDeliveryDetails.Destination, /^[a-z]\*\*\*@[a-z]\*\*\*$/);
  assert.equal((await idp.send(new ResendConfirmationCodeCommand({ ClientId, Username: 'ghost' }))).CodeDeliveryDetails.DeliveryMedium, 'EMAIL');
  await rejects(signIn(ClientId, 'ghost'), 'NotAuthorizedException', 'Incorrect username or password.');
  await rejects(signIn(ClientId, 'real', 'Wrong-Pass-9'), 'NotAuthorizedException', 'Incorrect username or password.');
  await rejects(idp.send(new ConfirmForgotPasswordCommand({ ClientId, Username: 'ghost', ConfirmationCode: '123456', Password: 'New-Pass-2' })), 'CodeMismatchException');
  assert.equal((await inbox(tessera.url)).filter((m) => m.username === 'ghost').length, 0);

  const { ClientId: legacy } = await setup();
  await rejects(idp.send(new ForgotPasswordCommand({ ClientId: legacy, Username: 'ghost' })), 'UserNotFoundException');
});

/** Runs `call` with each username in turn and returns the outcomes: the error name and message, or 'ok'. */
async function outcomes(usernames, call) {
  const answers = [];
  for (const Username of usernames) {
    answers.push(await call(Username).then(() => 'ok', (e) => `${e.name}: ${e.message}`));
  }
  return answers;
}

test('PreventUserExistenceErrors ENABLED: confirming a confirmed user answers as for a missing one', async () => {
  const { pool, ClientId } = await setup({}, { PreventUserExistenceErrors: 'ENABLED' });
  await signUpConfirmed(ClientId, 'settled');
  const confirm = (Username) => idp.send(new ConfirmSignUpCommand({ ClientId, Username, ConfirmationCode: '123456' }));
  const [settled, ghost] = await outcomes(['settled', 'ghost'], confirm);
  assert.equal(settled, 'CodeMismatchException: Invalid verification code provided, please try again.');
  assert.equal(ghost, settled);

  const resend = (Username) => idp.send(new ResendConfirmationCodeCommand({ ClientId, Username })).then((r) => r.CodeDeliveryDetails);
  assert.equal((await resend('settled')).DeliveryMedium, 'EMAIL');
  assert.equal((await inbox(tessera.url, pool.Id)).filter((m) => m.username === 'settled').length, 1, 'only the sign-up code was sent');

  // Wrong codes for a missing user reach the same limit as for a real unconfirmed one.
  await idp.send(new SignUpCommand({ ClientId, Username: 'pending', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'pending@example.com' }] }));
  const six = (Username) => outcomes(Array(6).fill(Username), confirm);
  assert.deepEqual(await six('phantom'), await six('pending'));
  assert.equal((await six('pending')).at(-1), 'LimitExceededException: Attempt limit exceeded, please try after some time.');

  const { ClientId: legacy } = await setup();
  await signUpConfirmed(legacy, 'settled');
  await rejects(idp.send(new ConfirmSignUpCommand({ ClientId: legacy, Username: 'settled', ConfirmationCode: '123456' })),
    'NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED');
});

test('PreventUserExistenceErrors ENABLED: recovery answers disabled, unreachable and missing users alike', async () => {
  const { pool, ClientId } = await setup({}, { PreventUserExistenceErrors: 'ENABLED' });
  await signUpConfirmed(ClientId, 'active');
  await signUpConfirmed(ClientId, 'disabled');
  await idp.send(new AdminDisableUserCommand({ UserPoolId: pool.Id, Username: 'disabled' }));
  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'unverified', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'unverified@example.com' }] }));
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.Id, Username: 'unverified', Password: PASSWORD, Permanent: true }));

  const forgot = (Username) => idp.send(new ForgotPasswordCommand({ ClientId, Username })).then((r) => r.CodeDeliveryDetails);
  for (const Username of ['disabled', 'unverified', 'ghost']) {
    const details = await forgot(Username);
    assert.equal(details.DeliveryMedium, 'EMAIL', Username);
    assert.match(details.Destination, /^[a-z]\*\*\*@[a-z]\*\*\*$/, Username);
  }
  assert.equal((await inbox(tessera.url, pool.Id)).filter((m) => m.purpose === 'ForgotPassword').length, 0);

  // AWS developer guide: CodeMismatchException for users that don't exist or are disabled; ExpiredCodeException when
  // a real user requested no code.
  const confirm = (Username) => idp.send(new ConfirmForgotPasswordCommand({ ClientId, Username, ConfirmationCode: '123456', Password: 'New-Pass-2' }));
  assert.deepEqual(await outcomes(['disabled', 'ghost', 'active'], confirm), [
    'CodeMismatchException: Invalid verification code provided, please try again.',
    'CodeMismatchException: Invalid verification code provided, please try again.',
    'ExpiredCodeException: Invalid code provided, please request a code again.',
  ]);

  // The send limit: six codes an hour, for a real user and a missing one alike.
  const seven = (Username) => outcomes(Array(7).fill(Username), forgot);
  const [real, missing] = [await seven('active'), await seven('nobody')];
  assert.deepEqual(missing, real);
  assert.equal(real.at(-1), 'LimitExceededException: Attempt limit exceeded, please try after some time.');
});

test('PreventUserExistenceErrors ENABLED: a missing user is locked out like a real one, and UNCONFIRMED needs the password', async () => {
  const { ClientId } = await setup({}, { PreventUserExistenceErrors: 'ENABLED' });
  await signUpConfirmed(ClientId, 'victim');
  const wrong = (Username) => signIn(ClientId, Username, 'Wrong-Pass-9');
  const six = (Username) => outcomes(Array(6).fill(Username), wrong);
  const [real, missing] = [await six('victim'), await six('phantom')];
  assert.deepEqual(missing, real);
  assert.equal(real.at(-1), 'NotAuthorizedException: Password attempts exceeded');
  await new Promise((r) => setTimeout(r, 1200));
  assert.deepEqual(await outcomes(['victim', 'phantom'], wrong), Array(2).fill('NotAuthorizedException: Incorrect username or password.'));

  await idp.send(new SignUpCommand({ ClientId, Username: 'newcomer', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'newcomer@example.com' }] }));
  await rejects(signIn(ClientId, 'newcomer', 'Wrong-Pass-9'), 'NotAuthorizedException', 'Incorrect username or password.');
  await rejects(signIn(ClientId, 'newcomer'), 'UserNotConfirmedException');

  const { ClientId: legacy } = await setup();
  await idp.send(new SignUpCommand({ ClientId: legacy, Username: 'newcomer', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'newcomer@example.com' }] }));
  await rejects(signIn(legacy, 'newcomer', 'Wrong-Pass-9'), 'UserNotConfirmedException');
});

test('brute force: five wrong passwords lock the user out for a while', async () => {
  const { ClientId } = await setup();
  await signUpConfirmed(ClientId, 'target');
  for (let i = 0; i < 5; i++) {
    await rejects(signIn(ClientId, 'target', 'Wrong-Pass-9'), 'NotAuthorizedException', 'Incorrect username or password.');
  }
  await rejects(signIn(ClientId, 'target'), 'NotAuthorizedException', 'Password attempts exceeded');
  await new Promise((r) => setTimeout(r, 1200));
  assert.ok((await signIn(ClientId, 'target')).AccessToken);
});

test('brute force in parallel: guesses are counted before they are checked, so no more than five get through', async () => {
  const { ClientId } = await setup();
  await signUpConfirmed(ClientId, 'racer');
  const passwords = await Promise.all(Array.from({ length: 20 }, () => signIn(ClientId, 'racer', 'Wrong-Pass-9').then(() => 'ok', (e) => e.message)));
  assert.equal(passwords.filter((m) => m === 'Incorrect username or password.').length, 5, passwords.join('\n'));
  assert.ok(passwords.every((m) => m === 'Incorrect username or password.' || m === 'Password attempts exceeded'));

  await idp.send(new ForgotPasswordCommand({ ClientId, Username: 'racer' }));
  const code = await latestCode(tessera.url, 'racer@example.com');
  const wrong = code === '000000' ? '000001' : '000000';
  const codes = await Promise.all(Array.from({ length: 20 }, () => idp.send(new ConfirmForgotPasswordCommand({ ClientId, Username: 'racer', ConfirmationCode: wrong, Password: 'New-Pass-2' }))
    .then(() => 'ok', (e) => e.name)));
  assert.equal(codes.filter((n) => n === 'CodeMismatchException').length, 5, codes.join('\n'));
  assert.ok(codes.every((n) => n === 'CodeMismatchException' || n === 'LimitExceededException'));
});

test('the development inbox page lists the messages for a person to read', async () => {
  const res = await fetch(`${tessera.url}/_dev/inbox`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  const html = await res.text();
  assert.match(html, /<html lang="en">/);
  const newest = (await inbox(tessera.url))[0];
  assert.ok(html.includes(`<mark class="code">${newest.code}</mark>`));
  assert.ok(tessera.log.includes(`code ${newest.code}`), 'each message is also one log line');
});
