// SPDX-License-Identifier: Apache-2.0
// AdminDisableProviderForUser naming a native user (ProviderName Cognito, Cognito_Subject, the username): AWS documents
// that "they can't use their password to sign in". Every password flow is refused with NotAuthorizedException once the
// password is proven (USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH through the AWS SDK, USER_SRP_AUTH through
// amazon-cognito-identity-js, the hosted UI's password form over HTTP); a wrong password still gets the usual answer;
// AdminSetUserPassword restores password sign-in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminDisableProviderForUserCommand, AdminGetUserCommand, AdminInitiateAuthCommand, AdminSetUserPasswordCommand, InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser, rejectsWith } from '../lib/fixtures.mjs';
import { userPool, srpSignIn } from '../lib/srp-client.mjs';
import { startCallbackServer, createOAuthPool, createConfirmedUser, authorizeParams, formSignIn } from '../lib/hosted-ui.mjs';

const DISABLED = 'Password sign-in is disabled for this user.';
let tessera;
let idp;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); });
after(async () => { await tessera?.stop(); });

test('after AdminDisableProviderForUser on a Cognito user, no password flow signs it in until AdminSetUserPassword', async () => {
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id);
  await createUser(idp, pool.Id, 'alice', 'Alice-Pass-1');
  const password = (PASSWORD) => idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'alice', PASSWORD } }));
  const admin = (PASSWORD) => idp.send(new AdminInitiateAuthCommand({ UserPoolId: pool.Id, ClientId: client.ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'alice', PASSWORD } }));
  const srp = userPool(tessera.url, pool.Id, client.ClientId);
  assert.ok((await password('Alice-Pass-1')).AuthenticationResult.IdToken);

  await idp.send(new AdminDisableProviderForUserCommand({ UserPoolId: pool.Id,
    User: { ProviderName: 'Cognito', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'alice' } }));

  await rejectsWith(password('Alice-Pass-1'), 'NotAuthorizedException', DISABLED);
  await rejectsWith(admin('Alice-Pass-1'), 'NotAuthorizedException', DISABLED);
  const refused = await srpSignIn(srp, 'alice', 'Alice-Pass-1');
  assert.equal(refused.step, 'FAILURE');
  assert.equal(refused.error.name, 'NotAuthorizedException');
  assert.equal(refused.error.message, DISABLED);
  // A wrong password learns nothing about it.
  await rejectsWith(password('Wrong-Pass-1'), 'NotAuthorizedException', 'Incorrect username or password.');
  assert.equal((await srpSignIn(srp, 'alice', 'Wrong-Pass-1')).error.message, 'Incorrect username or password.');
  // The user itself is neither disabled nor changed.
  const user = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'alice' }));
  assert.equal(user.Enabled, true);
  assert.equal(user.UserStatus, 'CONFIRMED');

  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.Id, Username: 'alice', Password: 'Alice-Pass-2', Permanent: true }));
  assert.ok((await password('Alice-Pass-2')).AuthenticationResult.AccessToken);
  assert.ok((await admin('Alice-Pass-2')).AuthenticationResult.AccessToken);
  const signedIn = await srpSignIn(srp, 'alice', 'Alice-Pass-2');
  assert.equal(signedIn.step, 'SUCCESS', signedIn.error?.message);
});

test('the hosted UI password form refuses the same user, and signs it in again after AdminSetUserPassword', async () => {
  const cb = await startCallbackServer();
  try {
    const { pool, domain, client } = await createOAuthPool(idp, cb);
    await createConfirmedUser(idp, pool.Id, 'bob', 'Bob-Pass-1');
    const authBase = `${tessera.url}/auth/${domain}`;
    const params = authorizeParams(client, cb);
    assert.equal((await formSignIn(authBase, params, 'bob', 'Bob-Pass-1')).status, 302);

    await idp.send(new AdminDisableProviderForUserCommand({ UserPoolId: pool.Id,
      User: { ProviderName: 'Cognito', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'bob' } }));
    const refused = await formSignIn(authBase, params, 'bob', 'Bob-Pass-1');
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /Password sign-in is disabled for this user\./);

    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.Id, Username: 'bob', Password: 'Bob-Pass-2', Permanent: true }));
    const signedIn = await formSignIn(authBase, params, 'bob', 'Bob-Pass-2');
    assert.equal(signedIn.status, 302);
    assert.ok(signedIn.headers.get('location').startsWith(cb.callback));
  } finally {
    await cb.close();
  }
});
