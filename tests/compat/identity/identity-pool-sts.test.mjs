// SPDX-License-Identifier: Apache-2.0
// The scenario's last step with the clients users use: sign in to a user pool, trade the ID token for an
// IdentityId and temporary credentials (@aws-sdk/client-cognito-identity, fromCognitoIdentityPool), and
// call STS GetCallerIdentity with them (@aws-sdk/client-sts, the AWS CLI). Then the ways it must fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  CognitoIdentityProviderClient, InitiateAuthCommand, AdminDisableUserCommand, AdminEnableUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CognitoIdentityClient, CreateIdentityPoolCommand, SetIdentityPoolRolesCommand, GetIdCommand,
  GetCredentialsForIdentityCommand, GetOpenIdTokenCommand, DescribeIdentityCommand, ListIdentitiesCommand,
  GetIdentityPoolRolesCommand, DescribeIdentityPoolCommand, UpdateIdentityPoolCommand, ListIdentityPoolsCommand,
  DeleteIdentityPoolCommand, DeleteIdentitiesCommand, UnlinkIdentityCommand,
} from '@aws-sdk/client-cognito-identity';
import { STSClient, GetCallerIdentityCommand, AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import { createRemoteJWKSet, jwtVerify, decodeJwt } from 'jose';
import { startTessera, devCredentials } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser } from '../lib/fixtures.mjs';

const run = promisify(execFile);
const AUTH_ROLE = 'arn:aws:iam::000000000000:role/blog-authenticated';
const GUEST_ROLE = 'arn:aws:iam::000000000000:role/blog-guest';

let tessera;
let idp;
let identity;
let userPool;
let appClient;
before(async () => {
  tessera = await startTessera();
  idp = idpClient(tessera.url);
  identity = new CognitoIdentityClient({ endpoint: tessera.url, region: 'us-east-1', credentials: devCredentials, maxAttempts: 1 });
  userPool = await createPool(idp);
  appClient = await createAppClient(idp, userPool.Id);
  await createUser(idp, userPool.Id, 'alice', 'Perm-Pass-1');
});
after(async () => { await tessera?.stop(); });

const provider = () => `cognito-idp.us-east-1.amazonaws.com/${userPool.Id}`;

async function signIn(username = 'alice', password = 'Perm-Pass-1') {
  const { AuthenticationResult } = await idp.send(new InitiateAuthCommand({
    ClientId: appClient.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));
  return AuthenticationResult;
}

async function identityPool({ allowGuests = false, serverSideTokenCheck = false, classic } = {}) {
  const pool = await identity.send(new CreateIdentityPoolCommand({
    IdentityPoolName: `blog_${Date.now()}`,
    AllowUnauthenticatedIdentities: allowGuests,
    AllowClassicFlow: classic,
    CognitoIdentityProviders: [{ ProviderName: provider(), ClientId: appClient.ClientId, ServerSideTokenCheck: serverSideTokenCheck }],
  }));
  await identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: pool.IdentityPoolId, Roles: { authenticated: AUTH_ROLE, unauthenticated: GUEST_ROLE } }));
  return pool;
}

const rejectsMatching = (promise, name, message) => assert.rejects(promise, (e) => {
  assert.equal(e.name, name, `${e.name}: ${e.message}`);
  if (message) assert.match(e.message, message);
  return true;
});

test('scenario: sign in, GetId, GetCredentialsForIdentity, STS GetCallerIdentity with the temporary credentials', async () => {
  const pool = await identityPool();
  const described = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: pool.IdentityPoolId }));
  assert.match(described.IdentityPoolId, /^us-east-1:[0-9a-f-]{36}$/);
  assert.deepEqual(described.CognitoIdentityProviders, [{ ProviderName: provider(), ClientId: appClient.ClientId, ServerSideTokenCheck: false }]);
  const roles = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: pool.IdentityPoolId }));
  assert.deepEqual(roles.Roles, { authenticated: AUTH_ROLE, unauthenticated: GUEST_ROLE });

  const tokens = await signIn();
  // The scenario's code, unchanged but for the endpoint.
  const logins = { [`cognito-idp.us-east-1.amazonaws.com/${userPool.Id}`]: tokens.IdToken };
  const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: pool.IdentityPoolId, Logins: logins }));
  assert.match(IdentityId, /^us-east-1:[0-9a-f-]{36}$/);
  const { Credentials } = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
  assert.match(Credentials.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
  assert.ok(Credentials.SecretKey.length >= 40);
  assert.ok(Credentials.SessionToken.length > 100);
  assert.ok(Credentials.Expiration instanceof Date);
  const lifetime = Credentials.Expiration.getTime() - Date.now();
  assert.ok(lifetime > 3500_000 && lifetime <= 3600_000, `lifetime ${lifetime}`);

  const sts = new STSClient({ endpoint: tessera.url, region: 'us-east-1', maxAttempts: 1, credentials: {
    accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretKey, sessionToken: Credentials.SessionToken, expiration: Credentials.Expiration } });
  const me = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(me.Account, '000000000000');
  assert.equal(me.Arn, 'arn:aws:sts::000000000000:assumed-role/blog-authenticated/CognitoIdentityCredentials');
  assert.match(me.UserId, /^AROA[A-Z2-7]{17}:CognitoIdentityCredentials$/);

  // Same login, same identity; a new sign-in (new token) still maps to it.
  const again = await identity.send(new GetIdCommand({ IdentityPoolId: pool.IdentityPoolId, Logins: { [provider()]: (await signIn()).IdToken } }));
  assert.equal(again.IdentityId, IdentityId);
  const description = await identity.send(new DescribeIdentityCommand({ IdentityId }));
  assert.deepEqual(description.Logins, [provider()]);
  const listed = await identity.send(new ListIdentitiesCommand({ IdentityPoolId: pool.IdentityPoolId, MaxResults: 10 }));
  assert.deepEqual(listed.Identities.map((i) => i.IdentityId), [IdentityId]);

  // The AWS CLI with the temporary credentials in the environment.
  const { stdout } = await run('aws', ['sts', 'get-caller-identity', '--endpoint-url', tessera.url, '--output', 'json'], { env: {
    ...process.env, AWS_ACCESS_KEY_ID: Credentials.AccessKeyId, AWS_SECRET_ACCESS_KEY: Credentials.SecretKey,
    AWS_SESSION_TOKEN: Credentials.SessionToken, AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' } });
  assert.equal(JSON.parse(stdout).Arn, me.Arn);
});

test('fromCognitoIdentityPool pointed at Tessera, for a signed-in user and for a guest', async () => {
  const pool = await identityPool({ allowGuests: true });
  const tokens = await signIn();
  const client = { clientConfig: { endpoint: tessera.url, region: 'us-east-1', maxAttempts: 1 } };
  const signedIn = fromCognitoIdentityPool({ ...client, identityPoolId: pool.IdentityPoolId, logins: { [provider()]: tokens.IdToken } });
  const sts = (credentials) => new STSClient({ endpoint: tessera.url, region: 'us-east-1', maxAttempts: 1, credentials });
  assert.equal((await sts(signedIn).send(new GetCallerIdentityCommand({}))).Arn,
    'arn:aws:sts::000000000000:assumed-role/blog-authenticated/CognitoIdentityCredentials');
  const guest = fromCognitoIdentityPool({ ...client, identityPoolId: pool.IdentityPoolId });
  assert.equal((await sts(guest).send(new GetCallerIdentityCommand({}))).Arn,
    'arn:aws:sts::000000000000:assumed-role/blog-guest/CognitoIdentityCredentials');
});

test('basic flow: GetOpenIdToken is verifiable against the published keys and STS AssumeRoleWithWebIdentity accepts it', async () => {
  const pool = await identityPool({ classic: true });
  const logins = { [provider()]: (await signIn()).IdToken };
  const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: pool.IdentityPoolId, Logins: logins }));
  const { Token } = await identity.send(new GetOpenIdTokenCommand({ IdentityId, Logins: logins }));
  const { payload, protectedHeader } = await jwtVerify(Token, createRemoteJWKSet(new URL(`${tessera.url}/.well-known/jwks_uri`)),
    { issuer: 'https://cognito-identity.amazonaws.com', audience: pool.IdentityPoolId });
  assert.equal(protectedHeader.alg, 'RS512');
  assert.equal(payload.sub, IdentityId);
  assert.deepEqual(payload.amr.slice(0, 2), ['authenticated', provider()]);
  assert.equal(payload.exp - payload.iat, 600);

  const sts = new STSClient({ endpoint: tessera.url, region: 'us-east-1', maxAttempts: 1, credentials: devCredentials });
  const assumed = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: AUTH_ROLE, RoleSessionName: 'app1', WebIdentityToken: Token }));
  assert.equal(assumed.SubjectFromWebIdentityToken, IdentityId);
  assert.equal(assumed.AssumedRoleUser.Arn, 'arn:aws:sts::000000000000:assumed-role/blog-authenticated/app1');
  const me = await new STSClient({ endpoint: tessera.url, region: 'us-east-1', maxAttempts: 1, credentials: {
    accessKeyId: assumed.Credentials.AccessKeyId, secretAccessKey: assumed.Credentials.SecretAccessKey, sessionToken: assumed.Credentials.SessionToken } })
    .send(new GetCallerIdentityCommand({}));
  assert.equal(me.Arn, assumed.AssumedRoleUser.Arn);
  assert.equal(me.UserId, assumed.AssumedRoleUser.AssumedRoleId);

  await rejectsMatching(sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: 'arn:aws:iam::000000000000:role/other', RoleSessionName: 'app1', WebIdentityToken: Token })), 'AccessDenied');
  await identity.send(new UpdateIdentityPoolCommand({ ...pool, AllowClassicFlow: false }));
  await rejectsMatching(identity.send(new GetOpenIdTokenCommand({ IdentityId, Logins: logins })), 'InvalidParameterException', /^Basic \(classic\) flow is not enabled, please use enhanced flow\.$/);
});

test('GetId refuses tampered, foreign, access, unconfigured and (ServerSideTokenCheck) revoked tokens with AWS messages', async () => {
  const pool = await identityPool({ serverSideTokenCheck: true });
  const tokens = await signIn();
  const getId = (Logins) => identity.send(new GetIdCommand({ IdentityPoolId: pool.IdentityPoolId, Logins }));

  const [h, p, s] = tokens.IdToken.split('.');
  const claims = decodeJwt(tokens.IdToken);
  const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: '00000000-0000-0000-0000-000000000000' })).toString('base64url')}.${s}`;
  await rejectsMatching(getId({ [provider()]: forged }), 'NotAuthorizedException', /^Invalid login token\. Couldn't verify signed token\.$/);
  await rejectsMatching(getId({ [provider()]: 'not-a-jwt' }), 'NotAuthorizedException', /^Invalid login token\./);

  // A token of another user pool, sent under this provider name.
  const other = await createPool(idp);
  const otherClient = await createAppClient(idp, other.Id);
  await createUser(idp, other.Id, 'mallory', 'Perm-Pass-1');
  const { AuthenticationResult: foreign } = await idp.send(new InitiateAuthCommand({
    ClientId: otherClient.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'mallory', PASSWORD: 'Perm-Pass-1' } }));
  await rejectsMatching(getId({ [provider()]: foreign.IdToken }), 'NotAuthorizedException', /^Invalid login token\. Issuer doesn't match providerName$/);
  await rejectsMatching(getId({ [`cognito-idp.us-east-1.amazonaws.com/${other.Id}`]: foreign.IdToken }), 'NotAuthorizedException',
    /^Token is not from a supported provider of this identity pool\.$/);
  // An access token is not an ID token: no aud.
  await rejectsMatching(getId({ [provider()]: tokens.AccessToken }), 'NotAuthorizedException', /^Invalid login token\. Incorrect token audience\.$/);
  // No logins and no guests.
  await rejectsMatching(getId(undefined), 'NotAuthorizedException', /^Unauthenticated access is not supported for this identity pool\.$/);

  const { IdentityId } = await getId({ [provider()]: tokens.IdToken });
  // ServerSideTokenCheck: the token of a user disabled since is refused.
  await idp.send(new AdminDisableUserCommand({ UserPoolId: userPool.Id, Username: 'alice' }));
  try {
    await rejectsMatching(getId({ [provider()]: tokens.IdToken }), 'NotAuthorizedException', /^Invalid login token\. Token has been revoked\.$/);
  } finally {
    await idp.send(new AdminEnableUserCommand({ UserPoolId: userPool.Id, Username: 'alice' }));
  }
  // Logins must prove the identity: another identity's credentials are not for the taking.
  await rejectsMatching(identity.send(new GetCredentialsForIdentityCommand({ IdentityId })), 'NotAuthorizedException', /^Logins don't match/);
});

test('STS refuses a wrong secret, an unknown key, a tampered session token and a replay outside the clock-skew window', async () => {
  const pool = await identityPool();
  const logins = { [provider()]: (await signIn()).IdToken };
  const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: pool.IdentityPoolId, Logins: logins }));
  const { Credentials: c } = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
  const call = (credentials, extra = {}) => new STSClient({ endpoint: tessera.url, region: 'us-east-1', maxAttempts: 1, credentials, ...extra })
    .send(new GetCallerIdentityCommand({}));

  await rejectsMatching(call({ accessKeyId: c.AccessKeyId, secretAccessKey: `${c.SecretKey}x`, sessionToken: c.SessionToken }), 'SignatureDoesNotMatch');
  const t = Buffer.from(c.SessionToken, 'base64');
  t[t.length - 5] ^= 1;
  await rejectsMatching(call({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretKey, sessionToken: t.toString('base64') }), 'InvalidClientTokenId',
    /^The security token included in the request is invalid\.$/);
  await rejectsMatching(call({ accessKeyId: 'ASIAAAAAAAAAAAAAAAAA', secretAccessKey: c.SecretKey, sessionToken: c.SessionToken }), 'InvalidClientTokenId');
  // A replay signed 20 minutes ago: the SDK's clock is set back through systemClockOffset.
  await rejectsMatching(call({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretKey, sessionToken: c.SessionToken }, { systemClockOffset: -20 * 60_000 }),
    'SignatureDoesNotMatch', /^Signature expired: \d{8}T\d{6}Z is now earlier than/);
  // The same credentials still work, and may not administer pools.
  assert.match((await call({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretKey, sessionToken: c.SessionToken })).Arn, /assumed-role\/blog-authenticated/);
  const asUser = new CognitoIdentityClient({ endpoint: tessera.url, region: 'us-east-1', maxAttempts: 1,
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretKey, sessionToken: c.SessionToken } });
  await rejectsMatching(asUser.send(new DescribeIdentityPoolCommand({ IdentityPoolId: pool.IdentityPoolId })), 'AccessDeniedException');
});

test('pool and identity administration: list, unlink, delete identities, delete the pool', async () => {
  const pool = await identityPool({ allowGuests: true });
  const pages = [];
  let NextToken;
  do {
    const page = await identity.send(new ListIdentityPoolsCommand({ MaxResults: 1, NextToken }));
    pages.push(...page.IdentityPools);
    NextToken = page.NextToken;
  } while (NextToken);
  assert.ok(pages.some((p) => p.IdentityPoolId === pool.IdentityPoolId && p.IdentityPoolName === pool.IdentityPoolName));
  assert.equal(new Set(pages.map((p) => p.IdentityPoolId)).size, pages.length);

  const logins = { [provider()]: (await signIn()).IdToken };
  const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: pool.IdentityPoolId, Logins: logins }));
  await identity.send(new UnlinkIdentityCommand({ IdentityId, Logins: logins, LoginsToRemove: [provider()] }));
  assert.equal((await identity.send(new DescribeIdentityCommand({ IdentityId }))).Logins, undefined);
  // Unlinked, the login makes a new identity.
  const { IdentityId: next } = await identity.send(new GetIdCommand({ IdentityPoolId: pool.IdentityPoolId, Logins: logins }));
  assert.notEqual(next, IdentityId);

  const unknown = 'us-east-1:00000000-0000-0000-0000-000000000000';
  const deleted = await identity.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [next, unknown] }));
  assert.deepEqual(deleted.UnprocessedIdentityIds, [{ IdentityId: unknown, ErrorCode: 'ResourceNotFound' }]);
  await rejectsMatching(identity.send(new DescribeIdentityCommand({ IdentityId: next })), 'ResourceNotFoundException', new RegExp(`^Identity '${next}' not found\\.$`));

  await identity.send(new DeleteIdentityPoolCommand({ IdentityPoolId: pool.IdentityPoolId }));
  await rejectsMatching(identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: pool.IdentityPoolId })), 'ResourceNotFoundException',
    new RegExp(`^IdentityPool '${pool.IdentityPoolId}' not found\\.$`));
  await rejectsMatching(identity.send(new GetIdCommand({ IdentityPoolId: pool.IdentityPoolId })), 'ResourceNotFoundException');
});

test('input breaking the model: cognito-identity answers ValidationException, cognito-idp InvalidParameterException, in AWS words', async () => {
  const words = (member, value) => new RegExp(`^1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: `
    + 'Member must satisfy regular expression pattern: \\[\\\\w\\\\s\\+=,\\.@-\\]\\+$');
  await rejectsMatching(identity.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'pool#name', AllowUnauthenticatedIdentities: false })),
    'ValidationException', words('identityPoolName', 'pool#name'));
  await assert.rejects(identity.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'pool#name', AllowUnauthenticatedIdentities: false })),
    (e) => e.$metadata.httpStatusCode === 400 && e.$fault === 'client');
  await rejectsMatching(identity.send(new ListIdentityPoolsCommand({ MaxResults: 61 })), 'ValidationException',
    /^1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60$/);
  await rejectsMatching(createPool(idp, { PoolName: 'pool#name' }), 'InvalidParameterException', words('poolName', 'pool#name'));
});

test('a client configured for another region than Tessera\'s is refused as AWS refuses it; STS also takes the global endpoint\'s us-east-1', async () => {
  const message = /^Credential should be scoped to a valid region, not 'eu-west-1'\. ?$/;
  const elsewhere = { endpoint: tessera.url, region: 'eu-west-1', credentials: devCredentials, maxAttempts: 1 };
  await rejectsMatching(new CognitoIdentityProviderClient(elsewhere).send(new AdminEnableUserCommand({ UserPoolId: userPool.Id, Username: 'alice' })),
    'InvalidSignatureException', message);
  await rejectsMatching(new CognitoIdentityClient(elsewhere).send(new ListIdentityPoolsCommand({ MaxResults: 5 })), 'InvalidSignatureException', message);
  await rejectsMatching(new STSClient(elsewhere).send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch', message);
  // The region Tessera runs in (the default, us-east-1) is served.
  assert.equal((await new STSClient({ ...elsewhere, region: 'us-east-1' }).send(new GetCallerIdentityCommand({}))).Account, '000000000000');
});
