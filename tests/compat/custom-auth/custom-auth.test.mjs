// SPDX-License-Identifier: Apache-2.0
// CUSTOM_AUTH end to end: the Define/Create/Verify functions in ./functions run in serverless-offline and
// Tessera invokes them through the Lambda Invoke API; the sign-ins are driven by the AWS SDK and by
// amazon-cognito-identity-js (initiateAuth + sendCustomChallengeAnswer, and authenticateUser with SRP first).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  InitiateAuthCommand, RespondToAuthChallengeCommand, AdminInitiateAuthCommand, AdminRespondToAuthChallengeCommand,
  GetUserCommand, AdminCreateUserCommand, AssociateSoftwareTokenCommand, VerifySoftwareTokenCommand,
  SetUserMFAPreferenceCommand, SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { generate } from 'otplib';
import { CognitoUser, AuthenticationDetails } from 'amazon-cognito-identity-js';
import { startTessera } from '../lib/server.mjs';
import { startLambda } from '../lib/lambda.mjs';
import { idpClient, createPool, createAppClient, createUser, rejectsWith } from '../lib/fixtures.mjs';
import { userPool, outcome } from '../lib/srp-client.mjs';

const functions = resolve(dirname(fileURLToPath(import.meta.url)), 'functions');
const PIN = '2468';
const PASSWORD = 'Wren-Pass-1';
let lambda;
let tessera;
let idp;

before(async () => {
  lambda = await startLambda({ service: functions, name: 'customauth' });
  tessera = await startTessera({ env: { Tessera__Lambda__Endpoint: lambda.endpoint } });
  idp = idpClient(tessera.url);
});
after(async () => { await tessera?.stop(); await lambda?.stop(); });

/** A pool whose challenge triggers are the functions above (Define replaceable), a CUSTOM_AUTH client and a user with a PIN. */
async function customPool({ define = 'define', client = {}, username = 'wren', lambdaConfig = {} } = {}) {
  const pool = await createPool(idp, {
    Schema: [{ Name: 'pin', AttributeDataType: 'String', Mutable: true }],
    LambdaConfig: {
      DefineAuthChallenge: lambda.arn(define),
      CreateAuthChallenge: lambda.arn('create'),
      VerifyAuthChallengeResponse: lambda.arn('verify'),
      ...lambdaConfig,
    },
  });
  const app = await createAppClient(idp, pool.Id, {
    ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    ...client,
  });
  await createUser(idp, pool.Id, username, PASSWORD, { email: `${username}@example.com`, 'custom:pin': PIN });
  return { poolId: pool.Id, clientId: app.ClientId };
}

const start = (ClientId, USERNAME) => idp.send(new InitiateAuthCommand({
  AuthFlow: 'CUSTOM_AUTH', ClientId, AuthParameters: { USERNAME }, ClientMetadata: { step: 'initiate' },
}));
const answer = (ClientId, USERNAME, challenge, ANSWER) => idp.send(new RespondToAuthChallengeCommand({
  ChallengeName: 'CUSTOM_CHALLENGE', ClientId, Session: challenge.Session,
  ChallengeResponses: { USERNAME, ANSWER }, ClientMetadata: { step: 'respond' },
}));
const seen = (challenge) => JSON.parse(challenge.ChallengeParameters.seen);

test('SDK: CUSTOM_AUTH asks the question Create built, a wrong answer gets another try, the right one tokens', async () => {
  const { clientId } = await customPool();

  const first = await start(clientId, 'wren');
  assert.equal(first.ChallengeName, 'CUSTOM_CHALLENGE');
  assert.equal(first.ChallengeParameters.question, 'What is your PIN?');
  assert.equal(first.ChallengeParameters.USERNAME, 'wren');
  assert.ok(!JSON.stringify(first).includes(PIN), 'the private answer never reaches the client');
  assert.deepEqual(seen(first), {
    previous: [], clientMetadata: {}, userNotFound: false, email: 'wren@example.com', status: 'CONFIRMED',
    triggerSource: 'CreateAuthChallenge_Authentication',
  });

  const second = await answer(clientId, 'wren', first, '0000');
  assert.equal(second.ChallengeName, 'CUSTOM_CHALLENGE');
  assert.equal(second.ChallengeParameters.attempt, '2');
  assert.notEqual(second.Session, first.Session);
  assert.deepEqual(seen(second).previous, ['CUSTOM_CHALLENGE']);
  assert.deepEqual(seen(second).clientMetadata, { step: 'respond' });

  const done = await answer(clientId, 'wren', second, PIN);
  assert.equal(done.ChallengeName, undefined);
  assert.ok(done.AuthenticationResult.RefreshToken);
  const me = await idp.send(new GetUserCommand({ AccessToken: done.AuthenticationResult.AccessToken }));
  assert.equal(me.Username, 'wren');
});

test('SDK: three wrong answers end in NotAuthorizedException, as the Define function decides', async () => {
  const { clientId } = await customPool();
  let challenge = await start(clientId, 'wren');
  challenge = await answer(clientId, 'wren', challenge, '1111');
  challenge = await answer(clientId, 'wren', challenge, '2222');
  assert.equal(challenge.ChallengeParameters.attempt, '3');
  // The history travels sealed in the Session, which the API model caps at 2048 characters.
  assert.ok(challenge.Session.length <= 2048, `Session of ${challenge.Session.length} characters`);
  await rejectsWith(answer(clientId, 'wren', challenge, '3333'), 'NotAuthorizedException', 'Incorrect username or password.');
});

test('SDK: a Session answers once; a tampered one is invalid', async () => {
  const { clientId } = await customPool();
  const challenge = await start(clientId, 'wren');
  await answer(clientId, 'wren', challenge, '0000');
  await rejectsWith(answer(clientId, 'wren', challenge, PIN), 'NotAuthorizedException',
    'Invalid session for the user, session can only be used once.');
  const fresh = await start(clientId, 'wren');
  await rejectsWith(answer(clientId, 'wren', { Session: `${fresh.Session.slice(0, -4)}AAAA` }, PIN),
    'NotAuthorizedException', 'Invalid session for the user.');
});

test('SDK: AdminInitiateAuth and AdminRespondToAuthChallenge run the same functions', async () => {
  const { poolId, clientId } = await customPool();
  const challenge = await idp.send(new AdminInitiateAuthCommand({
    UserPoolId: poolId, ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'wren' },
  }));
  assert.equal(challenge.ChallengeName, 'CUSTOM_CHALLENGE');
  const done = await idp.send(new AdminRespondToAuthChallengeCommand({
    UserPoolId: poolId, ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: challenge.Session,
    ChallengeResponses: { USERNAME: 'wren', ANSWER: PIN },
  }));
  assert.ok(done.AuthenticationResult.IdToken);
});

test('SDK: Define failing the sign-in, a throwing function, a client without ALLOW_CUSTOM_AUTH', async () => {
  const refused = await customPool({ define: 'refuse' });
  await rejectsWith(start(refused.clientId, 'wren'), 'NotAuthorizedException', 'Incorrect username or password.');

  const broken = await customPool({ define: 'broken' });
  await assert.rejects(start(broken.clientId, 'wren'), (e) => {
    assert.equal(e.name, 'UserLambdaValidationException');
    assert.equal(e.$metadata.httpStatusCode, 400);
    assert.match(e.message, /^DefineAuthChallenge failed with error .*the challenge store is down/);
    return true;
  });

  const plain = await customPool({ client: { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] } });
  await rejectsWith(start(plain.clientId, 'wren'), 'InvalidParameterException', 'CUSTOM_AUTH flow not enabled for this client');
});

test('SDK: an unknown user is UserNotFoundException, or with PreventUserExistenceErrors a flow with userNotFound that fails', async () => {
  const open = await customPool();
  await rejectsWith(start(open.clientId, 'nobody'), 'UserNotFoundException');

  const hidden = await customPool({ client: { PreventUserExistenceErrors: 'ENABLED' } });
  const challenge = await start(hidden.clientId, 'nobody');
  assert.equal(challenge.ChallengeName, 'CUSTOM_CHALLENGE');
  assert.equal(seen(challenge).userNotFound, true);
  assert.equal(seen(challenge).email, null);
  // The functions find no PIN for nobody, so every answer is wrong and the third ends the flow as for a real user.
  const second = await answer(hidden.clientId, 'nobody', challenge, PIN);
  const third = await answer(hidden.clientId, 'nobody', second, PIN);
  assert.equal(third.ChallengeParameters.attempt, '3');
  await rejectsWith(answer(hidden.clientId, 'nobody', third, PIN), 'NotAuthorizedException', 'Incorrect username or password.');
});

test('amazon-cognito-identity-js: initiateAuth, customChallenge and sendCustomChallengeAnswer', async () => {
  const { poolId, clientId } = await customPool();
  const user = new CognitoUser({ Username: 'wren', Pool: userPool(tessera.url, poolId, clientId) });
  user.setAuthenticationFlowType('CUSTOM_AUTH');

  const challenge = await outcome((cb) => user.initiateAuth(new AuthenticationDetails({ Username: 'wren' }), cb));
  assert.equal(challenge.step, 'CUSTOM_CHALLENGE');
  assert.equal(challenge.parameters.question, 'What is your PIN?');
  const retry = await outcome((cb) => user.sendCustomChallengeAnswer('9999', cb, { app: 'web' }));
  assert.equal(retry.step, 'CUSTOM_CHALLENGE');
  assert.deepEqual(JSON.parse(retry.parameters.seen).clientMetadata, { app: 'web' });
  const done = await outcome((cb) => user.sendCustomChallengeAnswer(PIN, cb));
  assert.equal(done.step, 'SUCCESS');
  assert.equal(done.session.getIdToken().decodePayload()['cognito:username'], 'wren');
});

test('amazon-cognito-identity-js: authenticateUser with CUSTOM_AUTH checks the password by SRP, then the question', async () => {
  const { poolId, clientId } = await customPool();
  const pool = userPool(tessera.url, poolId, clientId);
  const sent = [];
  const request = pool.client.request.bind(pool.client);
  pool.client.request = (operation, params, callback) => {
    sent.push([operation, params.AuthFlow ?? params.ChallengeName, params.AuthParameters?.CHALLENGE_NAME]);
    request(operation, params, callback);
  };

  const user = new CognitoUser({ Username: 'wren', Pool: pool });
  user.setAuthenticationFlowType('CUSTOM_AUTH');
  const challenge = await outcome((cb) => user.authenticateUser(new AuthenticationDetails({ Username: 'wren', Password: PASSWORD }), cb));
  assert.equal(challenge.step, 'CUSTOM_CHALLENGE');
  assert.deepEqual(JSON.parse(challenge.parameters.seen).previous, ['SRP_A', 'PASSWORD_VERIFIER']);
  const done = await outcome((cb) => user.sendCustomChallengeAnswer(PIN, cb));
  assert.equal(done.step, 'SUCCESS');
  assert.deepEqual(sent, [
    ['InitiateAuth', 'CUSTOM_AUTH', 'SRP_A'], ['RespondToAuthChallenge', 'PASSWORD_VERIFIER', undefined],
    ['RespondToAuthChallenge', 'CUSTOM_CHALLENGE', undefined],
  ]);

  const wrong = new CognitoUser({ Username: 'wren', Pool: pool });
  wrong.setAuthenticationFlowType('CUSTOM_AUTH');
  const failed = await outcome((cb) => wrong.authenticateUser(new AuthenticationDetails({ Username: 'wren', Password: 'Not-The-Pass-1' }), cb));
  assert.equal(failed.step, 'FAILURE');
  assert.equal(failed.error.name, 'NotAuthorizedException');
  assert.equal(failed.error.message, 'Incorrect username or password.');
});

test('amazon-cognito-identity-js: with SRP first, a temporary password is changed (NEW_PASSWORD_REQUIRED) and tokens follow', async () => {
  const { poolId, clientId } = await customPool();
  await idp.send(new AdminCreateUserCommand({
    UserPoolId: poolId, Username: 'newbie', TemporaryPassword: 'Temp-Pass-1', MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'custom:pin', Value: PIN }],
  }));
  const user = new CognitoUser({ Username: 'newbie', Pool: userPool(tessera.url, poolId, clientId) });
  user.setAuthenticationFlowType('CUSTOM_AUTH');

  const first = await outcome((cb) => user.authenticateUser(new AuthenticationDetails({ Username: 'newbie', Password: 'Temp-Pass-1' }), cb));
  assert.equal(first.step, 'NEW_PASSWORD_REQUIRED');
  const done = await outcome((cb) => user.completeNewPasswordChallenge('Newbie-Pass-1', {}, cb));
  assert.equal(done.step, 'SUCCESS');
});

test('MFA: after PASSWORD_VERIFIER Cognito asks for the TOTP code itself; a custom-only sign-in is not asked for MFA', async () => {
  const { poolId, clientId } = await customPool();
  await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
  const signedIn = await answer(clientId, 'wren', await start(clientId, 'wren'), PIN);
  const AccessToken = signedIn.AuthenticationResult.AccessToken;
  const { SecretCode } = await idp.send(new AssociateSoftwareTokenCommand({ AccessToken }));
  await idp.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: await generate({ secret: SecretCode }) }));
  await idp.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));

  // aws-amplify/amplify-js#12887 (Cognito team): MFA depends on the password verifier, so none here.
  const customOnly = await answer(clientId, 'wren', await start(clientId, 'wren'), PIN);
  assert.ok(customOnly.AuthenticationResult.AccessToken);

  // aws-amplify/amplify-js#3876: with SRP first, the TOTP challenge follows the password and then tokens.
  const user = new CognitoUser({ Username: 'wren', Pool: userPool(tessera.url, poolId, clientId) });
  user.setAuthenticationFlowType('CUSTOM_AUTH');
  const mfa = await outcome((cb) => user.authenticateUser(new AuthenticationDetails({ Username: 'wren', Password: PASSWORD }), cb));
  assert.equal(mfa.step, 'SOFTWARE_TOKEN_MFA');
  const code = await generate({ secret: SecretCode, epoch: Math.floor(Date.now() / 1000) + 30 });
  const done = await outcome((cb) => user.sendMFACode(code, cb, 'SOFTWARE_TOKEN_MFA'));
  assert.equal(done.step, 'SUCCESS');
});

test('Tokens after a custom sign-in go through PreTokenGeneration as TokenGeneration_Authentication', async () => {
  const { clientId } = await customPool({ lambdaConfig: { PreTokenGeneration: lambda.arn('stamp') } });
  const done = await answer(clientId, 'wren', await start(clientId, 'wren'), PIN);
  const claims = JSON.parse(Buffer.from(done.AuthenticationResult.IdToken.split('.')[1], 'base64url'));
  assert.equal(claims.signed_in_by, 'TokenGeneration_Authentication');
  assert.equal(claims['cognito:username'], 'wren');
});
