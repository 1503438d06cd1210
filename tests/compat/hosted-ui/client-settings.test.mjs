// SPDX-License-Identifier: Apache-2.0
// The AWS SDK v3 against the pool and client settings the hosted UI relies on: DescribeUserPool names the
// pool's domains, an app client cannot allow a custom scope no resource server defines, and a native app's
// registered callback (myapp://callback) is allowed by the sign-in page's Content-Security-Policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateResourceServerCommand, CreateUserPoolClientCommand, CreateUserPoolDomainCommand, DescribeUserPoolCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, rejectsWith } from '../lib/fixtures.mjs';
import { startCallbackServer, createOAuthPool, createConfirmedUser, formSignIn } from '../lib/hosted-ui.mjs';

let tessera; let idp; let cb;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); cb = await startCallbackServer(); });
after(async () => { await cb?.close(); await tessera?.stop(); });

test('DescribeUserPool fills Domain and CustomDomain once the pool has them', async () => {
  const pool = await createPool(idp);
  assert.equal((await idp.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }))).UserPool.Domain, undefined);
  const prefix = `p${Date.now().toString(36)}`;
  const custom = `c${Date.now().toString(36)}`;
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: prefix }));
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: custom,
    CustomDomainConfig: { CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' } }));
  const { UserPool } = await idp.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
  assert.equal(UserPool.Domain, prefix);
  assert.equal(UserPool.CustomDomain, custom);
});

test('CreateUserPoolClient and UpdateUserPoolClient refuse a custom scope no resource server defines', async () => {
  const pool = await createPool(idp);
  await idp.send(new CreateResourceServerCommand({ UserPoolId: pool.Id, Identifier: 'orders', Name: 'orders', Scopes: [{ ScopeName: 'read', ScopeDescription: 'read' }] }));
  const m2m = (AllowedOAuthScopes) => ({ UserPoolId: pool.Id, ClientName: 'm2m', GenerateSecret: true,
    AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes });
  await rejectsWith(idp.send(new CreateUserPoolClientCommand(m2m(['orders/read', 'orders/write']))), 'ScopeDoesNotExistException', 'Invalid scope requested: orders/write');
  const { UserPoolClient } = await idp.send(new CreateUserPoolClientCommand(m2m(['orders/read'])));
  const { UserPoolId, ClientName, GenerateSecret, ...update } = m2m(['billing/read']);
  await rejectsWith(idp.send(new UpdateUserPoolClientCommand({ UserPoolId, ClientId: UserPoolClient.ClientId, ...update })),
    'ScopeDoesNotExistException', 'Invalid scope requested: billing/read');
});

test('a native app callback: the login page lets the form lead to myapp: and the sign-in redirects there with the code', async () => {
  const { pool, domain } = await createOAuthPool(idp, cb);
  await createConfirmedUser(idp, pool.Id, 'nina', 'Nina-Pass-1');
  const { UserPoolClient: app } = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: pool.Id, ClientName: 'native',
    AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: ['myapp://callback'] }));
  const authBase = `${tessera.url}/auth/${domain}`;
  const params = new URLSearchParams({ response_type: 'code', client_id: app.ClientId, redirect_uri: 'myapp://callback', scope: 'openid', state: 's1' });
  const page = await fetch(`${authBase}/login?${params}`);
  assert.match(page.headers.get('content-security-policy'), /form-action 'self' myapp:;/);
  const signedIn = await formSignIn(authBase, params, 'nina', 'Nina-Pass-1');
  assert.equal(signedIn.status, 302);
  const location = new URL(signedIn.headers.get('location'));
  assert.equal(`${location.protocol}//${location.host}${location.pathname}`, 'myapp://callback');
  assert.equal(location.searchParams.get('state'), 's1');
  assert.ok(location.searchParams.get('code'));
});
