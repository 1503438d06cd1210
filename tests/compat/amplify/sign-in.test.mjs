// SPDX-License-Identifier: Apache-2.0
// Amplify v6 signIn in each of its flows against Tessera: USER_SRP_AUTH (the default), USER_PASSWORD_AUTH,
// CUSTOM_WITHOUT_SRP and CUSTOM_WITH_SRP (the challenge functions of ../custom-auth run in serverless-offline),
// then confirmSignIn for a new password with a missing required attribute and for an emailed code; and what a
// signed-in app reads: getCurrentUser, fetchAuthSession's tokens (verified against the pool's JWKS) and,
// with an identity pool, AWS credentials STS accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signIn, confirmSignIn, signOut, getCurrentUser, fetchAuthSession } from 'aws-amplify/auth';
import {
  AdminCreateUserCommand, AdminGetUserCommand, AdminSetUserMFAPreferenceCommand, GetUserCommand, SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityClient, CreateIdentityPoolCommand, SetIdentityPoolRolesCommand, DescribeIdentityCommand } from '@aws-sdk/client-cognito-identity';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { devCredentials } from '../lib/server.mjs';
import { startLambda } from '../lib/lambda.mjs';
import { createPool, createAppClient, createUser } from '../lib/fixtures.mjs';
import { latestMessage } from '../lib/inbox.mjs';
import { amplifySuite, configureAmplify, cognitoCalls, flowOf, rejectsNamed } from '../lib/amplify.mjs';

const challengeFunctions = resolve(dirname(fileURLToPath(import.meta.url)), '../custom-auth/functions');
const PASSWORD = 'Wren-Pass-1';
const PIN = '2468';
let lambda;
const suite = amplifySuite({
  setUp: async () => {
    lambda = await startLambda({ service: challengeFunctions, name: 'customauth' });
    return { env: { Tessera__Lambda__Endpoint: lambda.endpoint } };
  },
  tearDown: () => lambda?.stop(),
});
const calls = cognitoCalls();

/** A pool, an app client allowing every flow Amplify signs in with, and Amplify configured for them. */
async function amplifyPool(poolInput = {}, cognito = {}) {
  const pool = await createPool(suite.idp, poolInput);
  const client = await createAppClient(suite.idp, pool.Id, {
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  configureAmplify(suite.url, pool.Id, client.ClientId, cognito);
  return { pool, client };
}

/** fetchAuthSession's tokens, their signatures checked with the pool's JWKS; returns the verified claims. */
async function verifiedSession(poolId, clientId) {
  const { tokens } = await fetchAuthSession();
  const jwks = createRemoteJWKSet(new URL(`${suite.url}/${poolId}/.well-known/jwks.json`));
  const issuer = `${suite.url}/${poolId}`;
  const { payload: id } = await jwtVerify(tokens.idToken.toString(), jwks, { issuer, audience: clientId });
  const { payload: access } = await jwtVerify(tokens.accessToken.toString(), jwks, { issuer });
  assert.equal(id.token_use, 'id');
  assert.equal(access.token_use, 'access');
  assert.equal(access.client_id, clientId);
  assert.equal(access.origin_jti, id.origin_jti, 'both tokens come from one sign-in');
  return { id, access, accessToken: tokens.accessToken.toString() };
}

test('signIn USER_SRP_AUTH and USER_PASSWORD_AUTH: the calls Amplify makes, the tokens, getCurrentUser', async () => {
  const { pool, client } = await amplifyPool();
  await createUser(suite.idp, pool.Id, 'wren', PASSWORD, { email: 'wren@example.com', email_verified: 'true' });
  const { Username, UserAttributes } = await suite.idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'wren' }));
  const sub = UserAttributes.find((a) => a.Name === 'sub').Value;

  for (const [authFlowType, flow] of [
    ['USER_SRP_AUTH', [['InitiateAuth', 'USER_SRP_AUTH'], ['RespondToAuthChallenge', 'PASSWORD_VERIFIER']]],
    ['USER_PASSWORD_AUTH', [['InitiateAuth', 'USER_PASSWORD_AUTH']]],
  ]) {
    calls.length = 0;
    const out = await signIn({ username: 'wren', password: PASSWORD, options: { authFlowType } });
    assert.deepEqual(out, { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    assert.deepEqual(flowOf(calls), flow);
    assert.deepEqual(await getCurrentUser(), { username: Username, userId: sub, signInDetails: { loginId: 'wren', authFlowType } });

    const { id, access, accessToken } = await verifiedSession(pool.Id, client.ClientId);
    assert.equal(id.sub, sub);
    assert.equal(id['cognito:username'], 'wren');
    assert.equal(id.email, 'wren@example.com');
    assert.equal(id.email_verified, true);
    assert.equal(access.username, 'wren');
    assert.equal(access.scope, 'aws.cognito.signin.user.admin');
    assert.equal((await suite.idp.send(new GetUserCommand({ AccessToken: accessToken }))).Username, 'wren', 'Tessera accepts the access token Amplify holds');
    await signOut();
  }

  for (const authFlowType of ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH']) {
    await rejectsNamed(signIn({ username: 'wren', password: 'Wrong-Pass-1', options: { authFlowType } }),
      'NotAuthorizedException', 'Incorrect username or password.');
  }
  await rejectsNamed(getCurrentUser(), 'UserUnAuthenticatedException');
});

test('signIn CUSTOM_WITHOUT_SRP and CUSTOM_WITH_SRP: the Lambda challenge through confirmSignIn, a wrong answer gets another try', async () => {
  const functions = { DefineAuthChallenge: lambda.arn('define'), CreateAuthChallenge: lambda.arn('create'), VerifyAuthChallengeResponse: lambda.arn('verify') };
  const { pool } = await amplifyPool({ Schema: [{ Name: 'pin', AttributeDataType: 'String', Mutable: true }], LambdaConfig: functions });
  await createUser(suite.idp, pool.Id, 'wren', PASSWORD, { email: 'wren@example.com', 'custom:pin': PIN });

  calls.length = 0;
  const asked = await signIn({ username: 'wren', options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
  assert.equal(asked.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
  assert.equal(asked.nextStep.additionalInfo.question, 'What is your PIN?');
  assert.equal(asked.nextStep.additionalInfo.attempt, '1');
  const again = await confirmSignIn({ challengeResponse: '0000' });
  assert.equal(again.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
  assert.equal(again.nextStep.additionalInfo.attempt, '2');
  assert.deepEqual(await confirmSignIn({ challengeResponse: PIN }), { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  assert.deepEqual(flowOf(calls), [['InitiateAuth', 'CUSTOM_AUTH'], ['RespondToAuthChallenge', 'CUSTOM_CHALLENGE'], ['RespondToAuthChallenge', 'CUSTOM_CHALLENGE']]);
  assert.equal((await getCurrentUser()).signInDetails.authFlowType, 'CUSTOM_WITHOUT_SRP');
  assert.equal((await fetchAuthSession()).tokens.accessToken.payload.username, 'wren');
  await signOut();

  // With SRP first: the Define function asks for the password verifier, then the question.
  calls.length = 0;
  const srp = await signIn({ username: 'wren', password: PASSWORD, options: { authFlowType: 'CUSTOM_WITH_SRP' } });
  assert.equal(srp.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
  assert.deepEqual(JSON.parse(srp.nextStep.additionalInfo.seen).previous, ['SRP_A', 'PASSWORD_VERIFIER']);
  assert.equal((await confirmSignIn({ challengeResponse: PIN })).isSignedIn, true);
  assert.deepEqual(flowOf(calls), [['InitiateAuth', 'CUSTOM_AUTH'], ['RespondToAuthChallenge', 'PASSWORD_VERIFIER'], ['RespondToAuthChallenge', 'CUSTOM_CHALLENGE']]);
  assert.equal(calls[0].request.AuthParameters.CHALLENGE_NAME, 'SRP_A');
  assert.equal((await getCurrentUser()).signInDetails.authFlowType, 'CUSTOM_WITH_SRP');
  await signOut();

  await rejectsNamed(signIn({ username: 'wren', password: 'Wrong-Pass-1', options: { authFlowType: 'CUSTOM_WITH_SRP' } }),
    'NotAuthorizedException', 'Incorrect username or password.');
});

test('confirmSignIn with a new password: Amplify names the missing required attribute, and both are stored', async () => {
  const { pool, client } = await amplifyPool({ Schema: [{ Name: 'name', AttributeDataType: 'String', Required: true, Mutable: true }] });
  await suite.idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'wren', TemporaryPassword: 'Temp-Pass-1', MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: 'wren@example.com' }] }));

  const first = await signIn({ username: 'wren', password: 'Temp-Pass-1' });
  assert.deepEqual(first.nextStep, { signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED', missingAttributes: ['name'] });
  const done = await confirmSignIn({ challengeResponse: PASSWORD, options: { userAttributes: { name: 'Wren Tessera' } } });
  assert.deepEqual(done, { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  assert.equal((await verifiedSession(pool.Id, client.ClientId)).id.name, 'Wren Tessera');

  const user = await suite.idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'wren' }));
  assert.equal(user.UserStatus, 'CONFIRMED');
  assert.equal(user.UserAttributes.find((a) => a.Name === 'name').Value, 'Wren Tessera');
  await signOut();
  await rejectsNamed(signIn({ username: 'wren', password: 'Temp-Pass-1' }), 'NotAuthorizedException', 'Incorrect username or password.');
  assert.equal((await signIn({ username: 'wren', password: PASSWORD })).isSignedIn, true);
  await signOut();
});

test('confirmSignIn with an emailed code (EMAIL_OTP): a wrong code can be retried, then the right one signs in', async () => {
  const { pool } = await amplifyPool();
  await suite.idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, MfaConfiguration: 'OPTIONAL',
    EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Sign-in code' } }));
  await createUser(suite.idp, pool.Id, 'wren', PASSWORD, { email: 'wren@example.com', email_verified: 'true' });
  await suite.idp.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: pool.Id, Username: 'wren', EmailMfaSettings: { Enabled: true, PreferredMfa: true } }));

  const asked = await signIn({ username: 'wren', password: PASSWORD });
  assert.deepEqual(asked.nextStep, { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: 'w***@e***' } });
  const { code, subject } = await latestMessage(suite.url, 'wren@example.com');
  assert.equal(subject, 'Sign-in code');
  await rejectsNamed(confirmSignIn({ challengeResponse: code === '000000' ? '000001' : '000000' }), 'CodeMismatchException');
  assert.deepEqual(await confirmSignIn({ challengeResponse: code }), { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  const { tokens } = await fetchAuthSession();
  assert.equal(tokens.idToken.payload['cognito:username'], 'wren');
  await signOut();
});

test('fetchAuthSession with an identity pool: guest credentials, then after signIn the same identity with the login and the authenticated role', async () => {
  const { pool, client } = await amplifyPool();
  await createUser(suite.idp, pool.Id, 'wren', PASSWORD);
  const identity = new CognitoIdentityClient({ endpoint: suite.url, region: 'us-east-1', credentials: devCredentials, maxAttempts: 1 });
  const { IdentityPoolId } = await identity.send(new CreateIdentityPoolCommand({
    IdentityPoolName: `amplify_${Date.now()}`, AllowUnauthenticatedIdentities: true,
    CognitoIdentityProviders: [{ ProviderName: `cognito-idp.us-east-1.amazonaws.com/${pool.Id}`, ClientId: client.ClientId }],
  }));
  await identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId, Roles: {
    authenticated: 'arn:aws:iam::000000000000:role/amplify-authenticated', unauthenticated: 'arn:aws:iam::000000000000:role/amplify-guest' } }));
  configureAmplify(suite.url, pool.Id, client.ClientId, { identityPoolId: IdentityPoolId, identityPoolEndpoint: suite.url, allowGuestAccess: true });
  const callerOf = async (credentials) => (await new STSClient({ endpoint: suite.url, region: 'us-east-1', credentials, maxAttempts: 1 })
    .send(new GetCallerIdentityCommand({}))).Arn;

  const guest = await fetchAuthSession();
  assert.equal(guest.tokens, undefined);
  assert.match(guest.identityId, /^us-east-1:[0-9a-f-]{36}$/);
  assert.match(guest.credentials.accessKeyId, /^ASIA/);
  assert.equal(await callerOf(guest.credentials), 'arn:aws:sts::000000000000:assumed-role/amplify-guest/CognitoIdentityCredentials');

  await signIn({ username: 'wren', password: PASSWORD });
  const user = await fetchAuthSession();
  assert.equal(user.tokens.accessToken.payload.username, 'wren');
  assert.equal(user.userSub, user.tokens.idToken.payload.sub);
  assert.match(user.identityId, /^us-east-1:[0-9a-f-]{36}$/);
  assert.ok(user.credentials.expiration > new Date());
  // As AWS documents for a guest who signs in: the identity keeps its id and now carries the login.
  assert.equal(user.identityId, guest.identityId);
  const described = await identity.send(new DescribeIdentityCommand({ IdentityId: user.identityId }));
  assert.deepEqual(described.Logins, [`cognito-idp.us-east-1.amazonaws.com/${pool.Id}`]);
  assert.equal(await callerOf(user.credentials), 'arn:aws:sts::000000000000:assumed-role/amplify-authenticated/CognitoIdentityCredentials');
  await signOut();

  await signIn({ username: 'wren', password: PASSWORD });
  assert.equal((await fetchAuthSession()).identityId, user.identityId, 'the same user gets the same identity');
  await signOut();
});
