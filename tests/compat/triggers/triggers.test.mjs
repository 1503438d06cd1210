// SPDX-License-Identifier: Apache-2.0
// Lambda triggers through the real Lambda Invoke API: JS functions served by serverless-offline, called by
// Tessera exactly as Cognito calls them, driven with @aws-sdk/client-cognito-identity-provider.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  SignUpCommand, ConfirmSignUpCommand, ResendConfirmationCodeCommand, ForgotPasswordCommand, ConfirmForgotPasswordCommand,
  AdminCreateUserCommand, AdminGetUserCommand, InitiateAuthCommand, AdminInitiateAuthCommand, CreateGroupCommand,
  AdminAddUserToGroupCommand, UpdateUserAttributesCommand, GetUserAttributeVerificationCodeCommand, VerifyUserAttributeCommand,
  SetUserPoolMfaConfigCommand, AdminSetUserMFAPreferenceCommand, RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { startTessera, freePort } from '../lib/server.mjs';
import { startLambda } from '../lib/lambda.mjs';
import { idpClient, createPool, createAppClient, createUser, rejectsWith } from '../lib/fixtures.mjs';
import { latestMessage } from '../lib/inbox.mjs';

const service = join(dirname(fileURLToPath(import.meta.url)), 'functions');
const eventsDir = mkdtempSync(join(tmpdir(), 'tessera-trigger-events-'));
let lambda;
let tessera;
let idp;

before(async () => {
  lambda = await startLambda({ service, env: { TRIGGER_EVENTS_DIR: eventsDir } });
  tessera = await startTessera({ env: { Tessera__Lambda__Endpoint: lambda.endpoint } });
  idp = idpClient(tessera.url);
});

after(async () => {
  await tessera?.stop();
  await lambda?.stop();
});

/** Every event the functions recorded for `triggerSource` about `userName`, oldest first. */
function events(triggerSource, userName) {
  return readdirSync(eventsDir).filter((f) => f.startsWith(`${triggerSource}-`)).sort()
    .map((f) => JSON.parse(readFileSync(join(eventsDir, f), 'utf8')))
    .filter((e) => userName === undefined || e.userName === userName);
}

function lastEvent(triggerSource, userName) {
  const all = events(triggerSource, userName);
  assert.ok(all.length > 0, `no ${triggerSource} event for ${userName}`);
  return all.at(-1);
}

/** A pool whose LambdaConfig names the given functions (keys of serverless.yml), and a client on it. */
async function poolWith(triggers, input = {}) {
  const LambdaConfig = Object.fromEntries(Object.entries(triggers).map(([trigger, fn]) => [trigger, lambda.arn(fn)]));
  const pool = await createPool(idp, { LambdaConfig, AutoVerifiedAttributes: ['email'], ...input });
  const client = await createAppClient(idp, pool.Id);
  return { pool, client };
}

async function userGone(UserPoolId, Username) {
  await rejectsWith(idp.send(new AdminGetUserCommand({ UserPoolId, Username })), 'UserNotFoundException');
}

const attr = (user, name) => user.UserAttributes.find((a) => a.Name === name)?.Value;

test('PreSignUp: the AWS event, autoConfirmUser and autoVerifyEmail confirm the user at SignUp', async () => {
  const { pool, client } = await poolWith({ PreSignUp: 'preSignUp' });
  const out = await idp.send(new SignUpCommand({
    ClientId: client.ClientId, Username: 'psu-auto', Password: 'Perm-Pass-1',
    UserAttributes: [{ Name: 'email', Value: 'psu-auto@example.com' }],
    ValidationData: [{ Name: 'source', Value: 'landing' }],
    ClientMetadata: { autoConfirm: 'yes' },
  }));
  assert.equal(out.UserConfirmed, true);
  const user = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'psu-auto' }));
  assert.equal(user.UserStatus, 'CONFIRMED');
  assert.equal(attr(user, 'email_verified'), 'true');

  const event = lastEvent('PreSignUp_SignUp', 'psu-auto');
  assert.equal(event.version, '1');
  assert.equal(event.region, 'us-east-1');
  assert.equal(event.userPoolId, pool.Id);
  assert.equal(event.callerContext.clientId, client.ClientId);
  assert.ok(event.callerContext.awsSdkVersion);
  assert.equal(event.request.userAttributes.email, 'psu-auto@example.com');
  assert.deepEqual(event.request.validationData, { source: 'landing' });
  assert.deepEqual(event.request.clientMetadata, { autoConfirm: 'yes' });

  // Signed in straight away: no confirmation code was needed.
  const auth = await idp.send(new InitiateAuthCommand({
    ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'psu-auto', PASSWORD: 'Perm-Pass-1' } }));
  assert.ok(auth.AuthenticationResult.AccessToken);
});

test('PreSignUp: a function that throws fails SignUp with its message and leaves no user behind', async () => {
  const { pool, client } = await poolWith({ PreSignUp: 'preSignUp' });
  await rejectsWith(idp.send(new SignUpCommand({
    ClientId: client.ClientId, Username: 'psu-rejected', Password: 'Perm-Pass-1',
    UserAttributes: [{ Name: 'email', Value: 'psu-rejected@example.com' }],
    ClientMetadata: { reject: 'No sign-ups from this domain' },
  })), 'UserLambdaValidationException', 'PreSignUp failed with error No sign-ups from this domain.');
  await userGone(pool.Id, 'psu-rejected');
});

test('PreSignUp_AdminCreateUser: ValidationData reaches the function and autoVerifyEmail verifies the invited user', async () => {
  const { pool } = await poolWith({ PreSignUp: 'preSignUp' });
  await idp.send(new AdminCreateUserCommand({
    UserPoolId: pool.Id, Username: 'psu-invited', MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: 'psu-invited@example.com' }],
    ValidationData: [{ Name: 'invited', Value: 'yes' }],
  }));
  const user = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'psu-invited' }));
  assert.equal(user.UserStatus, 'FORCE_CHANGE_PASSWORD');
  assert.equal(attr(user, 'email_verified'), 'true');
  const event = lastEvent('PreSignUp_AdminCreateUser', 'psu-invited');
  assert.equal(event.callerContext.clientId, 'CLIENT_ID_NOT_APPLICABLE');
  assert.deepEqual(event.request.validationData, { invited: 'yes' });
});

test('PostConfirmation: ConfirmSignUp and ConfirmForgotPassword call it with the confirmed user and ClientMetadata', async () => {
  const { pool, client } = await poolWith({ PostConfirmation: 'postConfirmation' });
  await idp.send(new SignUpCommand({
    ClientId: client.ClientId, Username: 'pc-user', Password: 'Perm-Pass-1', UserAttributes: [{ Name: 'email', Value: 'pc-user@example.com' }] }));
  const code = (await latestMessage(tessera.url, 'pc-user@example.com')).code;
  await idp.send(new ConfirmSignUpCommand({ ClientId: client.ClientId, Username: 'pc-user', ConfirmationCode: code, ClientMetadata: { step: 'confirm' } }));
  const confirmed = lastEvent('PostConfirmation_ConfirmSignUp', 'pc-user');
  assert.equal(confirmed.request.userAttributes['cognito:user_status'], 'CONFIRMED');
  assert.equal(confirmed.request.userAttributes.email_verified, 'true');
  assert.ok(confirmed.request.userAttributes.sub);
  assert.deepEqual(confirmed.request.clientMetadata, { step: 'confirm' });

  await idp.send(new ForgotPasswordCommand({ ClientId: client.ClientId, Username: 'pc-user' }));
  const reset = (await latestMessage(tessera.url, 'pc-user@example.com')).code;
  await idp.send(new ConfirmForgotPasswordCommand({ ClientId: client.ClientId, Username: 'pc-user', ConfirmationCode: reset, Password: 'New-Pass-22' }));
  assert.equal(lastEvent('PostConfirmation_ConfirmForgotPassword', 'pc-user').callerContext.clientId, client.ClientId);
});

test('CustomMessage: the function\'s subject and message replace the templates for each source', async () => {
  const { pool, client } = await poolWith({ CustomMessage: 'customMessage' });
  const email = 'cm-user@example.com';
  await idp.send(new SignUpCommand({ ClientId: client.ClientId, Username: 'cm-user', Password: 'Perm-Pass-1', UserAttributes: [{ Name: 'email', Value: email }] }));
  let message = await latestMessage(tessera.url, email);
  assert.equal(message.subject, 'Hello from CustomMessage_SignUp');
  assert.equal(message.body, `Your custom code is ${message.code}.`);
  const event = lastEvent('CustomMessage_SignUp', 'cm-user');
  assert.equal(event.request.codeParameter, '{####}');
  assert.equal(event.request.usernameParameter, null);

  await idp.send(new ResendConfirmationCodeCommand({ ClientId: client.ClientId, Username: 'cm-user' }));
  message = await latestMessage(tessera.url, email);
  assert.equal(message.subject, 'Hello from CustomMessage_ResendCode');
  await idp.send(new ConfirmSignUpCommand({ ClientId: client.ClientId, Username: 'cm-user', ConfirmationCode: message.code }));

  await idp.send(new ForgotPasswordCommand({ ClientId: client.ClientId, Username: 'cm-user' }));
  message = await latestMessage(tessera.url, email);
  assert.equal(message.subject, 'Hello from CustomMessage_ForgotPassword');
  assert.equal(message.body, `Your custom code is ${message.code}.`);

  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'cm-invited', TemporaryPassword: 'Temp-Pass-1',
    UserAttributes: [{ Name: 'email', Value: 'cm-invited@example.com' }] }));
  message = await latestMessage(tessera.url, 'cm-invited@example.com');
  assert.equal(message.subject, 'Hello from CustomMessage_AdminCreateUser');
  assert.equal(message.body, 'Welcome cm-invited, your temporary password is Temp-Pass-1');
  assert.equal(lastEvent('CustomMessage_AdminCreateUser', 'cm-invited').request.usernameParameter, '{username}');
});

test('CustomMessage_UpdateUserAttribute and _VerifyUserAttribute: the function\'s message reaches the new email', async () => {
  const { client } = await poolWith({ CustomMessage: 'customMessage' });
  await idp.send(new SignUpCommand({ ClientId: client.ClientId, Username: 'cm-attr', Password: 'Perm-Pass-1',
    UserAttributes: [{ Name: 'email', Value: 'cm-attr@example.com' }] }));
  await idp.send(new ConfirmSignUpCommand({ ClientId: client.ClientId, Username: 'cm-attr',
    ConfirmationCode: (await latestMessage(tessera.url, 'cm-attr@example.com')).code }));
  const { AccessToken } = await signIn(client, 'cm-attr', 'Perm-Pass-1');

  await idp.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email', Value: 'cm-attr-new@example.com' }] }));
  let message = await latestMessage(tessera.url, 'cm-attr-new@example.com');
  assert.equal(message.subject, 'Hello from CustomMessage_UpdateUserAttribute');
  assert.equal(message.body, `Your custom code is ${message.code}.`);
  assert.equal(lastEvent('CustomMessage_UpdateUserAttribute', 'cm-attr').request.userAttributes.email, 'cm-attr-new@example.com');

  await idp.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }));
  message = await latestMessage(tessera.url, 'cm-attr-new@example.com');
  assert.equal(message.subject, 'Hello from CustomMessage_VerifyUserAttribute');
  assert.equal(message.body, `Your custom code is ${message.code}.`);
  assert.equal(lastEvent('CustomMessage_VerifyUserAttribute', 'cm-attr').request.codeParameter, '{####}');
  await idp.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: message.code }));
});

test('CustomMessage_Authentication: EMAIL_OTP and SMS_MFA codes go through the function', async () => {
  const { pool, client } = await poolWith({ CustomMessage: 'customMessage' });
  await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, MfaConfiguration: 'OPTIONAL',
    EmailMfaConfiguration: { Message: 'Template code {####}', Subject: 'Template' },
    SmsMfaConfiguration: { SmsAuthenticationMessage: 'Template {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns', ExternalId: 'x' } } }));
  await createUser(idp, pool.Id, 'cm-mfa', 'Perm-Pass-1', { email: 'cm-mfa@example.com', email_verified: 'true', phone_number: '+15555550177' });
  const answer = async (ChallengeName, Session, key, code) => (await idp.send(new RespondToAuthChallengeCommand({
    ClientId: client.ClientId, ChallengeName, Session, ChallengeResponses: { USERNAME: 'cm-mfa', [key]: code } }))).AuthenticationResult;
  const start = () => idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'cm-mfa', PASSWORD: 'Perm-Pass-1' } }));

  await idp.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: pool.Id, Username: 'cm-mfa', EmailMfaSettings: { Enabled: true } }));
  const email = await start();
  assert.equal(email.ChallengeName, 'EMAIL_OTP');
  const mail = await latestMessage(tessera.url, 'cm-mfa@example.com');
  assert.equal(mail.subject, 'Hello from CustomMessage_Authentication');
  assert.equal(mail.body, `Your custom code is ${mail.code}.`);
  const event = lastEvent('CustomMessage_Authentication', 'cm-mfa');
  assert.equal(event.callerContext.clientId, client.ClientId);
  assert.equal(event.request.codeParameter, '{####}');
  assert.ok((await answer('EMAIL_OTP', email.Session, 'EMAIL_OTP_CODE', mail.code)).IdToken);

  await idp.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: pool.Id, Username: 'cm-mfa', EmailMfaSettings: { Enabled: false }, SMSMfaSettings: { Enabled: true } }));
  const sms = await start();
  assert.equal(sms.ChallengeName, 'SMS_MFA');
  const text = await latestMessage(tessera.url, '+15555550177');
  assert.equal(text.body, `Code ${text.code}`);
  assert.ok((await answer('SMS_MFA', sms.Session, 'SMS_MFA_CODE', text.code)).AccessToken);
});

test('CustomMessage: a message without {####} is an InvalidLambdaResponseException', async () => {
  const { client } = await poolWith({ CustomMessage: 'customMessageNoCode' });
  await rejectsWith(idp.send(new SignUpCommand({
    ClientId: client.ClientId, Username: 'cm-nocode', Password: 'Perm-Pass-1', UserAttributes: [{ Name: 'email', Value: 'cm-nocode@example.com' }] })),
  'InvalidLambdaResponseException');
});

for (const [fn, error, message] of [
  ['throws', 'UserLambdaValidationException', 'PreSignUp failed with error Nope from the function.'],
  ['slow', 'UnexpectedLambdaException', undefined],
  ['garbage', 'InvalidLambdaResponseException', undefined],
  ['not-deployed', 'UnexpectedLambdaException', undefined],
]) {
  test(`negative: a PreSignUp function that ${fn === 'not-deployed' ? 'does not exist' : fn} answers ${error} and leaves no user`, async () => {
    const { pool, client } = await poolWith({ PreSignUp: fn });
    const username = `neg-${fn}`;
    const started = Date.now();
    await rejectsWith(idp.send(new SignUpCommand({
      ClientId: client.ClientId, Username: username, Password: 'Perm-Pass-1', UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] })),
    error, message);
    if (fn === 'slow') {
      // Cut off at Cognito's 5 s, not after the function's 8 s.
      const took = Date.now() - started;
      assert.ok(took >= 4500 && took < 7900, `took ${took} ms`);
    }
    await userGone(pool.Id, username);
  });
}

test('negative: the Lambda endpoint down is an UnexpectedLambdaException, nothing half-written', async () => {
  const down = await startTessera({ env: { Tessera__Lambda__Endpoint: `http://127.0.0.1:${await freePort()}` } });
  try {
    const admin = idpClient(down.url);
    const pool = await createPool(admin, { LambdaConfig: { PreSignUp: lambda.arn('preSignUp') } });
    const client = await createAppClient(admin, pool.Id);
    await rejectsWith(admin.send(new SignUpCommand({ ClientId: client.ClientId, Username: 'down-user', Password: 'Perm-Pass-1' })), 'UnexpectedLambdaException');
    await rejectsWith(admin.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'down-user' })), 'UserNotFoundException');
  } finally {
    await down.stop();
  }
});

async function signIn(client, USERNAME, PASSWORD, ClientMetadata) {
  const out = await idp.send(new InitiateAuthCommand({
    ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD }, ClientMetadata }));
  return out.AuthenticationResult;
}

async function verifier(pool, tokenUse) {
  const issuer = `${tessera.url}/${pool.Id}`;
  const v = JwtRsaVerifier.create({ issuer, audience: null, jwksUri: `${issuer}/.well-known/jwks.json`, tokenUse });
  // aws-jwt-verify fetches JWKS only over https; over plain http it is handed the JWKS (docs/compatibility.md).
  v.cacheJwks(await (await fetch(`${issuer}/.well-known/jwks.json`)).json());
  return v;
}

test('PreAuthentication and PostAuthentication: called around a sign-in with the ClientMetadata; a throwing PreAuthentication refuses it', async () => {
  const { pool, client } = await poolWith({ PreAuthentication: 'preAuthentication', PostAuthentication: 'postAuthentication' });
  await createUser(idp, pool.Id, 'auth-ok', 'Perm-Pass-1', { email: 'auth-ok@example.com' });
  await createUser(idp, pool.Id, 'blocked-bob', 'Perm-Pass-1');

  assert.ok((await signIn(client, 'auth-ok', 'Perm-Pass-1', { device: 'kiosk' })).AccessToken);
  const pre = lastEvent('PreAuthentication_Authentication', 'auth-ok');
  assert.equal(pre.callerContext.clientId, client.ClientId);
  assert.equal(pre.request.userAttributes.email, 'auth-ok@example.com');
  assert.deepEqual(pre.request.validationData, { device: 'kiosk' });
  const post = lastEvent('PostAuthentication_Authentication', 'auth-ok');
  assert.equal(post.request.newDeviceUsed, false);
  assert.deepEqual(post.request.clientMetadata, { device: 'kiosk' });

  await rejectsWith(signIn(client, 'blocked-bob', 'Perm-Pass-1'), 'UserLambdaValidationException',
    'PreAuthentication failed with error This account is on hold.');
  assert.equal(events('PostAuthentication_Authentication', 'blocked-bob').length, 0);
  // Admin sign-in goes through the same path.
  await rejectsWith(idp.send(new AdminInitiateAuthCommand({ UserPoolId: pool.Id, ClientId: client.ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'blocked-bob', PASSWORD: 'Perm-Pass-1' } })), 'UserLambdaValidationException');
});

test('PreAuthentication: an unknown user under PreventUserExistenceErrors runs it with userNotFound, the answer stays "Incorrect username or password."', async () => {
  const pool = await createPool(idp, { LambdaConfig: { PreAuthentication: lambda.arn('preAuthentication') } });
  const hiding = await createAppClient(idp, pool.Id, { PreventUserExistenceErrors: 'ENABLED' });
  const legacy = await createAppClient(idp, pool.Id, { PreventUserExistenceErrors: 'LEGACY' });
  await createUser(idp, pool.Id, 'known-kim', 'Perm-Pass-1', { email: 'kim@example.com' });

  await rejectsWith(signIn(hiding, 'ghost-gus', 'Whatever-1!', { app: 'web' }), 'NotAuthorizedException', 'Incorrect username or password.');
  const event = lastEvent('PreAuthentication_Authentication', 'ghost-gus');
  assert.equal(event.request.userNotFound, true);
  assert.deepEqual(event.request.userAttributes, {});
  assert.deepEqual(event.request.validationData, { app: 'web' });
  assert.equal(event.callerContext.clientId, hiding.ClientId);

  assert.ok((await signIn(hiding, 'known-kim', 'Perm-Pass-1')).AccessToken);
  assert.equal(lastEvent('PreAuthentication_Authentication', 'known-kim').request.userNotFound, false);

  // Without PreventUserExistenceErrors the trigger does not run for an unknown user, and userNotFound is not sent.
  await rejectsWith(signIn(legacy, 'ghost-gil', 'Whatever-1!'), 'UserNotFoundException');
  assert.equal(events('PreAuthentication_Authentication', 'ghost-gil').length, 0);
  assert.ok((await signIn(legacy, 'known-kim', 'Perm-Pass-1')).AccessToken);
  assert.equal(lastEvent('PreAuthentication_Authentication', 'known-kim').request.userNotFound, undefined);
});

test('PreTokenGeneration V1: claims added, overridden and suppressed in the ID token, groups overridden', async () => {
  const { pool, client } = await poolWith({ PreTokenGeneration: 'preTokenV1' });
  await createUser(idp, pool.Id, 'ptg-v1', 'Perm-Pass-1', { given_name: 'Ann', family_name: 'Smith' });
  await idp.send(new CreateGroupCommand({ UserPoolId: pool.Id, GroupName: 'real-group' }));
  await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.Id, Username: 'ptg-v1', GroupName: 'real-group' }));

  const tokens = await signIn(client, 'ptg-v1', 'Perm-Pass-1');
  const id = await (await verifier(pool, 'id')).verify(tokens.IdToken, { clientId: client.ClientId });
  assert.equal(id.tier, 'gold');
  assert.equal(id.given_name, 'Overridden');
  assert.equal(id.family_name, undefined);
  assert.deepEqual(id['cognito:groups'], ['from-trigger']);
  const access = await (await verifier(pool, 'access')).verify(tokens.AccessToken, { clientId: client.ClientId });
  assert.equal(access.tier, undefined, 'V1 changes the ID token only');
  assert.deepEqual(access['cognito:groups'], ['from-trigger']);

  const event = lastEvent('TokenGeneration_Authentication', 'ptg-v1');
  assert.equal(event.version, '1');
  assert.deepEqual(event.request.groupConfiguration.groupsToOverride, ['real-group']);
  assert.equal(event.request.scopes, undefined);

  // Refreshing runs it again, with its own triggerSource.
  const refreshed = await idp.send(new InitiateAuthCommand({
    ClientId: client.ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken } }));
  assert.equal((await (await verifier(pool, 'id')).verify(refreshed.AuthenticationResult.IdToken, { clientId: client.ClientId })).tier, 'gold');
  assert.ok(events('TokenGeneration_RefreshTokens', 'ptg-v1').length > 0);
});

test('PreTokenGeneration V2: a claim added to the access token verifies with aws-jwt-verify, scopes added', async () => {
  const pool = await createPool(idp, {
    LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: lambda.arn('preTokenV2') } } });
  const client = await createAppClient(idp, pool.Id);
  await createUser(idp, pool.Id, 'ptg-v2', 'Perm-Pass-1', { family_name: 'Smith' });

  const tokens = await signIn(client, 'ptg-v2', 'Perm-Pass-1', { tenant: 'acme' });
  const access = await (await verifier(pool, 'access')).verify(tokens.AccessToken, { clientId: client.ClientId });
  assert.equal(access.tenant, 'acme');
  assert.deepEqual(access.roles, ['admin', 'billing']);
  assert.equal(access.scope, 'aws.cognito.signin.user.admin orders/read');
  assert.deepEqual(access['cognito:groups'], ['v2-group']);
  assert.equal(access.username, 'ptg-v2', 'protected claims stay');
  const id = await (await verifier(pool, 'id')).verify(tokens.IdToken, { clientId: client.ClientId });
  assert.equal(id.tier, 'platinum');
  assert.equal(id.family_name, undefined);
  assert.equal(id.tenant, undefined);

  const event = lastEvent('TokenGeneration_Authentication', 'ptg-v2');
  assert.equal(event.version, '2');
  assert.deepEqual(event.request.scopes, ['aws.cognito.signin.user.admin']);
  assert.deepEqual(event.request.clientMetadata, { tenant: 'acme' });
});

test('UserMigration: an unknown user is moved in at first sign-in, then signs in from the pool', async () => {
  const { pool, client } = await poolWith({ UserMigration: 'migrate' });
  const first = await signIn(client, 'legacy-ann', 'Legacy-Pass1!', { app: 'web' });
  assert.ok(first.AccessToken);
  const user = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'legacy-ann' }));
  assert.equal(user.UserStatus, 'CONFIRMED');
  assert.equal(attr(user, 'email'), 'ann@legacy.example');
  assert.equal(attr(user, 'email_verified'), 'true');
  const event = lastEvent('UserMigration_Authentication', 'legacy-ann');
  assert.equal(event.request.password, 'Legacy-Pass1!');
  assert.deepEqual(event.request.clientMetadata, { app: 'web' });

  // Second sign-in: the pool knows the user; the function is not asked again.
  const before = events('UserMigration_Authentication', 'legacy-ann').length;
  assert.ok((await signIn(client, 'legacy-ann', 'Legacy-Pass1!')).AccessToken);
  assert.equal(events('UserMigration_Authentication', 'legacy-ann').length, before);
  await rejectsWith(signIn(client, 'legacy-ann', 'Wrong-Pass-1'), 'NotAuthorizedException');
});

test('UserMigration: the welcome message goes out unless messageAction is SUPPRESS', async () => {
  const { pool, client } = await poolWith({ UserMigration: 'migrate' }, {
    AdminCreateUserConfig: { InviteMessageTemplate: { EmailSubject: 'Welcome aboard', EmailMessage: 'Hi {username}, your account moved. {####}' } } });
  assert.ok((await signIn(client, 'legacy-wes', 'Legacy-Pass1!', { welcome: 'yes' })).AccessToken);
  const welcome = await latestMessage(tessera.url, 'wes@legacy.example');
  assert.equal(welcome.poolId, pool.Id);
  assert.equal(welcome.purpose, 'AdminCreateUser');
  assert.equal(welcome.subject, 'Welcome aboard');
  assert.match(welcome.body, /^Hi legacy-wes, your account moved\./);
  assert.doesNotMatch(welcome.body, /Legacy-Pass1!/, 'the typed password is never mailed');

  assert.ok((await signIn(client, 'legacy-sue', 'Legacy-Pass1!')).AccessToken);
  await assert.rejects(latestMessage(tessera.url, 'sue@legacy.example', { timeoutMs: 300 }), /no message to sue@legacy.example/);
});

test('UserMigration: a function that refuses leaves no user (UserNotFoundException with its message)', async () => {
  const { pool, client } = await poolWith({ UserMigration: 'migrate' });
  await rejectsWith(signIn(client, 'legacy-ann', 'Not-Her-Pass1!'), 'UserNotFoundException', 'UserMigration failed with error Bad password.');
  await userGone(pool.Id, 'legacy-ann');
  await rejectsWith(signIn(client, 'nobody', 'Whatever-1!'), 'UserNotFoundException');
});

test('UserMigration_ForgotPassword: an unknown user is moved in at ForgotPassword and resets the password', async () => {
  const { pool, client } = await poolWith({ UserMigration: 'migrate' });
  const out = await idp.send(new ForgotPasswordCommand({ ClientId: client.ClientId, Username: 'legacy-ann' }));
  assert.equal(out.CodeDeliveryDetails.DeliveryMedium, 'EMAIL');
  const event = lastEvent('UserMigration_ForgotPassword', 'legacy-ann');
  assert.equal(event.request.password, undefined);
  assert.equal((await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'legacy-ann' }))).UserStatus, 'RESET_REQUIRED');
  const code = (await latestMessage(tessera.url, 'ann@legacy.example')).code;
  await idp.send(new ConfirmForgotPasswordCommand({ ClientId: client.ClientId, Username: 'legacy-ann', ConfirmationCode: code, Password: 'Fresh-Pass-9' }));
  assert.ok((await signIn(client, 'legacy-ann', 'Fresh-Pass-9')).AccessToken);
});
