// SPDX-License-Identifier: Apache-2.0
// What an access token's scopes open, with the real clients: the AWS SDK's operations authorised by an access
// token need aws.cognito.signin.user.admin ("Access Token does not have required scopes" otherwise), and
// /oauth2/userInfo needs openid and answers the attributes the token's scopes name (developer guide, "The user
// attributes endpoint"); tokens from InitiateAuth, tokens without openid and ID tokens get 401 invalid_token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminGetUserCommand, AssociateSoftwareTokenCommand, CreateUserPoolClientCommand, CreateUserPoolDomainCommand, GetUserCommand,
  InitiateAuthCommand, SetUserMFAPreferenceCommand, SetUserPoolMfaConfigCommand, UpdateUserAttributesCommand, VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { generate } from 'otplib';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createUser, rejectsWith } from '../lib/fixtures.mjs';
import { startCallbackServer, authorizeParams, formCode } from '../lib/hosted-ui.mjs';

const AdminScope = 'aws.cognito.signin.user.admin';
const MissingScope = 'Access Token does not have required scopes';
const Password = 'Perm-Pass-1';

let tessera; let idp; let cb; let pool; let client; let authBase;
before(async () => {
  tessera = await startTessera();
  idp = idpClient(tessera.url);
  cb = await startCallbackServer();
  pool = await createPool(idp, { Schema: [{ Name: 'team', AttributeDataType: 'String', Mutable: true }] });
  await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
  const domain = `d${Date.now().toString(36)}`;
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain }));
  authBase = `${tessera.url}/auth/${domain}`;
  ({ UserPoolClient: client } = await idp.send(new CreateUserPoolClientCommand({
    UserPoolId: pool.Id, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'email', 'phone', 'profile', AdminScope],
    CallbackURLs: [cb.callback], SupportedIdentityProviders: ['COGNITO'],
  })));
});
after(async () => { await cb?.close(); await tessera?.stop(); });

async function user(username) {
  await createUser(idp, pool.Id, username, Password, {
    email: `${username}@example.com`, email_verified: 'true', phone_number: '+15555550100', phone_number_verified: 'false',
    given_name: 'Ada', address: '1 Main St', 'custom:team': 'blue',
  });
  return username;
}

/** Tokens from the hosted UI for `scope`: the /login form, then the code at the token endpoint. */
async function hostedTokens(username, scope) {
  const code = await formCode(authBase, authorizeParams(client, cb, { scope }), username, Password);
  const res = await fetch(`${authBase}/oauth2/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', client_id: client.ClientId, code, redirect_uri: cb.callback }) });
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
}

const userInfo = (token) => fetch(`${authBase}/oauth2/userInfo`, { headers: { authorization: `Bearer ${token}` } });

test('operations authorised by an access token refuse a hosted-UI token without aws.cognito.signin.user.admin', async () => {
  const username = await user('olga');
  const { access_token: AccessToken } = await hostedTokens(username, 'openid email');

  await rejectsWith(idp.send(new GetUserCommand({ AccessToken })), 'NotAuthorizedException', MissingScope);
  await rejectsWith(idp.send(new AssociateSoftwareTokenCommand({ AccessToken })), 'NotAuthorizedException', MissingScope);
  await rejectsWith(idp.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: '123456' })), 'NotAuthorizedException', MissingScope);
  await rejectsWith(idp.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: false } })), 'NotAuthorizedException', MissingScope);
  await rejectsWith(idp.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'given_name', Value: 'Eve' }] })), 'NotAuthorizedException', MissingScope);
  const after = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: username }));
  assert.equal(after.UserMFASettingList, undefined);
  assert.equal(after.UserAttributes.find((a) => a.Name === 'given_name').Value, 'Ada');
});

test('a hosted-UI token that asked for aws.cognito.signin.user.admin reads the user and enrols an authenticator', async () => {
  const username = await user('pia');
  const { access_token: AccessToken } = await hostedTokens(username, `openid ${AdminScope}`);

  const me = await idp.send(new GetUserCommand({ AccessToken }));
  assert.equal(me.Username, username);
  const { SecretCode } = await idp.send(new AssociateSoftwareTokenCommand({ AccessToken }));
  const verified = await idp.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: await generate({ secret: SecretCode }) }));
  assert.equal(verified.Status, 'SUCCESS');
  await idp.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
  const after = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: username }));
  assert.deepEqual(after.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
});

test('userInfo answers an openid access token with the attributes its scopes name', async () => {
  const username = await user('quinn');
  const claims = async (scope) => {
    const res = await userInfo((await hostedTokens(username, scope)).access_token);
    assert.equal(res.status, 200, scope);
    return res.json();
  };

  // openid alone: every attribute the client reads; aws.cognito.signin.user.admin changes nothing.
  for (const scope of ['openid', `openid ${AdminScope}`]) {
    const all = await claims(scope);
    assert.ok(all.sub);
    assert.equal(all.username, username);
    assert.equal(all.email, `${username}@example.com`);
    assert.equal(all.phone_number, '+15555550100');
    assert.equal(all.given_name, 'Ada');
    assert.equal(all.address, '1 Main St');
    assert.equal(all['custom:team'], 'blue');
  }

  const email = await claims('openid email');
  assert.deepEqual(Object.keys(email).sort(), ['email', 'email_verified', 'sub', 'username']);
  assert.equal(email.email_verified, 'true');

  const phone = await claims('openid phone');
  assert.deepEqual(Object.keys(phone).sort(), ['phone_number', 'phone_number_verified', 'sub', 'username']);

  const profile = await claims('openid profile');
  assert.deepEqual(Object.keys(profile).sort(), ['custom:team', 'given_name', 'sub', 'username']);
});

test('userInfo refuses an API-issued token, a token without openid and an ID token, as AWS does', async () => {
  const username = await user('rosa');
  const api = await idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: Password } }));
  const adminOnly = await hostedTokens(username, AdminScope);
  const withId = await hostedTokens(username, 'openid email');

  for (const [kind, token] of [['InitiateAuth access token', api.AuthenticationResult.AccessToken], ['admin-only access token', adminOnly.access_token], ['ID token', withId.id_token]]) {
    const res = await userInfo(token);
    assert.equal(res.status, 401, kind);
    assert.match(res.headers.get('www-authenticate'), /error="invalid_token"/, kind);
  }
  // The same user's openid token still works: the refusals are about the token, not the user.
  assert.equal((await userInfo(withId.access_token)).status, 200);
  // An API-issued token still opens the user-pool API.
  assert.equal((await idp.send(new GetUserCommand({ AccessToken: api.AuthenticationResult.AccessToken }))).Username, username);
});
