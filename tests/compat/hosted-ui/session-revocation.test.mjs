// SPDX-License-Identifier: Apache-2.0
// Sessions end on the server (issue 23.1, 23.2, 13.5): two `tessera start` nodes on one PostgreSQL database. A hosted-UI
// cookie copied before /logout, a global sign-out, a password change or reset, or disabling the user gets the sign-in
// page on either node, while a live session still gets a code; a user who signs out and straight back in, again and
// again, gets tokens that work everywhere, and every token from before a sign-out is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  InitiateAuthCommand, GetUserCommand, GlobalSignOutCommand, AdminUserGlobalSignOutCommand, ChangePasswordCommand,
  AdminResetUserPasswordCommand, AdminSetUserPasswordCommand, AdminDisableUserCommand, AdminEnableUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CognitoIdentityClient, CreateIdentityPoolCommand, SetIdentityPoolRolesCommand, GetIdCommand, GetCredentialsForIdentityCommand,
} from '@aws-sdk/client-cognito-identity';
import { startTessera, defaultHashes } from '../lib/server.mjs';
import { idpClient, createAppClient, rejectsWith } from '../lib/fixtures.mjs';
import { startCallbackServer, createOAuthPool, createConfirmedUser, authorizeParams, formSignIn } from '../lib/hosted-ui.mjs';

const PASSWORD = 'Perm-Pass-1';
const admin = { accessKeyId: 'AKIDTESSERAADMIN', secretAccessKey: 'the-admin-secret' };
const configured = process.env.TESSERA_TEST_POSTGRES ?? '';
const skip = configured.toLowerCase() === 'skip' ? 'TESSERA_TEST_POSTGRES=skip' : false;

let database;
let nodes = [];
let cb;
let oauth;
let apiClient;

/** Its own database on eng/setup-postgres.sh's server, or the server TESSERA_TEST_POSTGRES names. */
function createDatabase() {
  if (configured) return { connectionString: configured, drop() {} };
  const name = `tessera_c_${randomBytes(6).toString('hex')}`;
  const psql = (sql) => execFileSync('psql', ['-h', '127.0.0.1', '-U', 'tessera', '-d', 'tessera_test', '-Atqc', sql], { env: { ...process.env, PGPASSWORD: 'tessera' } });
  psql(`CREATE DATABASE ${name}`);
  return {
    connectionString: `Host=127.0.0.1;Port=5432;Username=tessera;Password=tessera;Database=${name}`,
    drop() { psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); },
  };
}

before(async () => {
  if (skip) return;
  database = createDatabase();
  const env = {
    Tessera__Storage__Provider: 'PostgreSql',
    Tessera__Storage__ConnectionString: database.connectionString,
    Tessera__Admin__AccessKeyId: admin.accessKeyId,
    Tessera__Admin__SecretAccessKey: admin.secretAccessKey,
    Tessera__MasterKey: randomBytes(32).toString('base64'),
    ...defaultHashes, // `start` refuses the tests' cheap hashes
  };
  // The first node migrates the database; the second shares it, its master key and its public URL (one issuer), as behind a load balancer.
  const first = await startTessera({ command: 'start', env });
  nodes.push(first);
  nodes.push(await startTessera({ command: 'start', env, args: [`--Tessera:PublicUrl=${first.url}`] }));
  cb = await startCallbackServer();
  oauth = await createOAuthPool(idpClient(first.url, admin), cb);
  apiClient = await createAppClient(idpClient(first.url, admin), oauth.pool.Id);
});

after(async () => {
  await cb?.close();
  for (const node of nodes) await node.stop();
  database?.drop();
});

const idp = (node) => idpClient(node.url, admin);
const authBase = (node) => `${node.url}/auth/${oauth.domain}`;

/** Signs in on the hosted UI of `node` and returns the session cookie it set. */
async function hostedSignIn(node, username, password = PASSWORD) {
  const res = await formSignIn(authBase(node), authorizeParams(oauth.client, cb), username, password);
  assert.equal(res.status, 302, await res.text());
  assert.ok(res.headers.get('location').startsWith(cb.callback), res.headers.get('location'));
  return res.headers.getSetCookie().find((c) => c.startsWith('tessera-session=')).split(';')[0];
}

/** What /oauth2/authorize on `node` answers a browser holding `cookie`: 'code' or 'login'. */
async function authorize(node, cookie) {
  const res = await fetch(`${authBase(node)}/oauth2/authorize?${authorizeParams(oauth.client, cb)}`, { headers: { cookie }, redirect: 'manual' });
  assert.equal(res.status, 302);
  const location = new URL(res.headers.get('location'), node.url);
  if (location.href.startsWith(cb.callback)) {
    assert.ok(location.searchParams.get('code'));
    return 'code';
  }
  assert.match(location.pathname, /\/login$/);
  return 'login';
}

async function apiSignIn(node, username, password = PASSWORD) {
  const { AuthenticationResult } = await idp(node).send(new InitiateAuthCommand({
    ClientId: apiClient.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));
  return AuthenticationResult;
}

const [A, B] = [0, 1];
const triggers = [
  { name: '/logout', run: async (node, username, cookie) => {
    const res = await fetch(`${authBase(node)}/logout?client_id=${oauth.client.ClientId}&logout_uri=${encodeURIComponent(cb.signedOut)}`, { headers: { cookie }, redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), cb.signedOut);
  } },
  { name: 'GlobalSignOut', run: async (node, username) => {
    await idp(node).send(new GlobalSignOutCommand({ AccessToken: (await apiSignIn(node, username)).AccessToken }));
  } },
  { name: 'AdminUserGlobalSignOut', run: async (node, username) => {
    await idp(node).send(new AdminUserGlobalSignOutCommand({ UserPoolId: oauth.pool.Id, Username: username }));
  } },
  { name: 'ChangePassword', run: async (node, username) => {
    const { AccessToken } = await apiSignIn(node, username);
    await idp(node).send(new ChangePasswordCommand({ AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'Next-Pass-2' }));
    return 'Next-Pass-2';
  } },
  { name: 'AdminResetUserPassword', restoresSignIn: false, run: async (node, username) => {
    await idp(node).send(new AdminResetUserPasswordCommand({ UserPoolId: oauth.pool.Id, Username: username }));
  } },
  { name: 'AdminSetUserPassword', run: async (node, username) => {
    await idp(node).send(new AdminSetUserPasswordCommand({ UserPoolId: oauth.pool.Id, Username: username, Password: 'Next-Pass-3', Permanent: true }));
    return 'Next-Pass-3';
  } },
  { name: 'AdminDisableUser', run: async (node, username) => {
    await idp(node).send(new AdminDisableUserCommand({ UserPoolId: oauth.pool.Id, Username: username }));
    await idp(node).send(new AdminEnableUserCommand({ UserPoolId: oauth.pool.Id, Username: username }));
  } },
];

triggers.forEach(({ name, run, restoresSignIn = true }, i) => {
  test(`a hosted-UI cookie copied before ${name} gets the sign-in page on both nodes; a live session still gets a code`, { skip }, async () => {
    const username = `cookie${i}`;
    await createConfirmedUser(idp(nodes[A]), oauth.pool.Id, username, PASSWORD);
    const copied = await hostedSignIn(nodes[A], username);
    const other = await hostedSignIn(nodes[B], username);
    assert.equal(await authorize(nodes[B], copied), 'code', 'the control: before the trigger the cookie works on the other node');

    const password = await run(nodes[i % 2], username, copied) ?? PASSWORD;

    assert.equal(await authorize(nodes[A], copied), 'login');
    assert.equal(await authorize(nodes[B], copied), 'login');
    if (name === '/logout') {
      assert.equal(await authorize(nodes[A], other), 'code', 'signing one browser out leaves the user\'s other browser session');
    } else {
      assert.equal(await authorize(nodes[B], other), 'login');
    }
    if (restoresSignIn) {
      assert.equal(await authorize(nodes[B], await hostedSignIn(nodes[B], username, password)), 'code', 'a new sign-in after it works at once');
    }
  });
});

test('signing out and straight back in, again and again: new tokens work on both nodes, tokens from before each sign-out are refused', { skip }, async () => {
  const username = 'looper';
  await createConfirmedUser(idp(nodes[A]), oauth.pool.Id, username, PASSWORD);
  const provider = `cognito-idp.us-east-1.amazonaws.com/${oauth.pool.Id}`;
  const identity = (node) => new CognitoIdentityClient({ endpoint: node.url, region: 'us-east-1', credentials: admin, maxAttempts: 1 });
  const identityPool = await identity(nodes[A]).send(new CreateIdentityPoolCommand({
    IdentityPoolName: `loop_${Date.now()}`, AllowUnauthenticatedIdentities: false,
    CognitoIdentityProviders: [{ ProviderName: provider, ClientId: apiClient.ClientId, ServerSideTokenCheck: true }],
  }));
  await identity(nodes[A]).send(new SetIdentityPoolRolesCommand({ IdentityPoolId: identityPool.IdentityPoolId, Roles: { authenticated: 'arn:aws:iam::000000000000:role/signed-in' } }));

  let previous = null;
  for (let round = 0; round < 8; round++) {
    const here = nodes[round % 2];
    const there = nodes[(round + 1) % 2];
    const tokens = await apiSignIn(here, username);

    for (const node of [here, there]) {
      assert.equal((await idp(node).send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).Username, username);
    }
    const refreshed = (await idp(there).send(new InitiateAuthCommand({ ClientId: apiClient.ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken } }))).AuthenticationResult;
    assert.equal((await idp(here).send(new GetUserCommand({ AccessToken: refreshed.AccessToken }))).Username, username);
    const logins = { [provider]: tokens.IdToken };
    const { IdentityId } = await identity(there).send(new GetIdCommand({ IdentityPoolId: identityPool.IdentityPoolId, Logins: logins }));
    const { Credentials } = await identity(here).send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
    assert.match(Credentials.AccessKeyId, /^ASIA/);

    if (previous) {
      await rejectsWith(idp(there).send(new GetUserCommand({ AccessToken: previous.tokens.AccessToken })), 'NotAuthorizedException', 'Access Token has been revoked');
      await rejectsWith(idp(here).send(new GetUserCommand({ AccessToken: previous.refreshed.AccessToken })), 'NotAuthorizedException', 'Access Token has been revoked');
      await rejectsWith(idp(there).send(new InitiateAuthCommand({ ClientId: apiClient.ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: previous.tokens.RefreshToken } })), 'NotAuthorizedException', 'Refresh Token has been revoked');
      await rejectsWith(identity(here).send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: { [provider]: previous.tokens.IdToken } })),
        'NotAuthorizedException', 'Invalid login token. Token has been revoked.');
    }

    // Sign out (self-service and admin in turn) and, in the next round, straight back in: usually within the same second.
    if (round % 2 === 0) {
      await idp(here).send(new GlobalSignOutCommand({ AccessToken: tokens.AccessToken }));
    } else {
      await idp(there).send(new AdminUserGlobalSignOutCommand({ UserPoolId: oauth.pool.Id, Username: username }));
    }
    previous = { tokens, refreshed };
  }
});
