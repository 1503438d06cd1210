// SPDX-License-Identifier: Apache-2.0
// openid-client (a certified OpenID Connect relying party library) against Tessera: discovery, the
// authorization-code grant with PKCE and nonce, userinfo, refresh; then the security rules of RFC 9700
// checked over plain HTTP: each one must fail closed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { CreateResourceServerCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient } from '../lib/fixtures.mjs';
import {
  startCallbackServer, createOAuthPool, createOAuthClient, createConfirmedUser, authorizeParams, pkcePair, formSignIn, formCode,
} from '../lib/hosted-ui.mjs';

let tessera; let idp; let cb;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); cb = await startCallbackServer(); });
after(async () => { await cb?.close(); await tessera?.stop(); });

test('openid-client: discovery, authorization code with PKCE, userinfo, refresh', async () => {
  const { pool, client } = await createOAuthPool(idp, cb);
  await createConfirmedUser(idp, pool.Id, 'frank', 'Perm-Pass-1');
  const config = await oidc.discovery(new URL(`${tessera.url}/${pool.Id}`), client.ClientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const { verifier, challenge } = pkcePair();
  const nonce = oidc.randomNonce();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, { redirect_uri: cb.callback, scope: 'openid email profile', code_challenge: challenge, code_challenge_method: 'S256', nonce, state });

  // Sign in where the authorization URL leads (the form at /login).
  const authBase = url.href.slice(0, url.href.indexOf('/oauth2/authorize'));
  const first = await fetch(url, { redirect: 'manual' });
  assert.equal(first.status, 302);
  const res = await formSignIn(authBase, url.searchParams, 'frank', 'Perm-Pass-1');
  assert.equal(res.status, 302);

  const tokens = await oidc.authorizationCodeGrant(config, new URL(res.headers.get('location')), { pkceCodeVerifier: verifier, expectedNonce: nonce, expectedState: state, idTokenExpected: true });
  const claims = tokens.claims();
  assert.equal(claims.email, 'frank@example.com');
  assert.equal(claims.nonce, nonce);
  const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
  assert.equal(info.sub, claims.sub);
  assert.equal(info.email, 'frank@example.com');
  const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token);
  assert.ok(refreshed.access_token);
  assert.equal(refreshed.claims().sub, claims.sub);
});

test('openid-client: client_credentials with a resource server scope and HTTP Basic', async () => {
  const { pool } = await createOAuthPool(idp, cb);
  await idp.send(new CreateResourceServerCommand({ UserPoolId: pool.Id, Identifier: 'orders', Name: 'orders', Scopes: [{ ScopeName: 'read', ScopeDescription: 'read orders' }] }));
  const { CreateUserPoolClientCommand } = await import('@aws-sdk/client-cognito-identity-provider');
  const { UserPoolClient: m2m } = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: pool.Id, ClientName: 'm2m', GenerateSecret: true,
    AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['orders/read'] }));
  const config = await oidc.discovery(new URL(`${tessera.url}/${pool.Id}`), m2m.ClientId, undefined, oidc.ClientSecretBasic(m2m.ClientSecret), { execute: [oidc.allowInsecureRequests] });
  const tokens = await oidc.clientCredentialsGrant(config, { scope: 'orders/read' });
  const payload = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url'));
  assert.equal(payload.sub, m2m.ClientId);
  assert.equal(payload.scope, 'orders/read');
  assert.equal(tokens.id_token, undefined);
  await assert.rejects(oidc.clientCredentialsGrant(config, { scope: 'orders/write' }), (e) => e.error === 'invalid_scope');
});

test('security rules: every one fails closed', async () => {
  const { pool, domain, client } = await createOAuthPool(idp, cb);
  await createConfirmedUser(idp, pool.Id, 'gina', 'Perm-Pass-1');
  const authBase = `${tessera.url}/auth/${domain}`;
  const token = (body) => fetch(`${authBase}/oauth2/token`, { method: 'POST', body: new URLSearchParams(body) });
  const exchange = (code, extra = {}) => token({ grant_type: 'authorization_code', client_id: client.ClientId, code, redirect_uri: cb.callback, ...extra });

  // redirect_uri not registered: our own error page, never a redirect.
  const mismatch = await fetch(`${authBase}/oauth2/authorize?${authorizeParams(client, cb, { redirect_uri: 'https://evil.example.com/cb' })}`, { redirect: 'manual' });
  assert.equal(mismatch.status, 400);
  assert.equal(mismatch.headers.get('location'), null);

  // A scope outside AllowedOAuthScopes: invalid_scope back to the (registered) callback, state intact.
  const scope = await fetch(`${authBase}/oauth2/authorize?${authorizeParams(client, cb, { scope: 'openid phone' })}`, { redirect: 'manual' });
  const scopeError = new URL(scope.headers.get('location'));
  assert.equal(scopeError.searchParams.get('error'), 'invalid_scope');
  assert.equal(scopeError.searchParams.get('state'), 'state-42');

  // PKCE is S256 only, as Cognito documents: plain, or a challenge without a method (RFC 7636's plain default), is invalid_request.
  const s256 = pkcePair().challenge;
  for (const method of [{ code_challenge_method: 'plain' }, {}]) {
    const pkce = await fetch(`${authBase}/oauth2/authorize?${authorizeParams(client, cb, { code_challenge: s256, ...method })}`, { redirect: 'manual' });
    const pkceError = new URL(pkce.headers.get('location'));
    assert.equal(pkceError.origin + pkceError.pathname, cb.callback);
    assert.equal(pkceError.searchParams.get('error'), 'invalid_request', JSON.stringify(method));
    assert.equal(pkceError.searchParams.get('state'), 'state-42');
  }
  const discovered = await (await fetch(`${tessera.url}/${pool.Id}/.well-known/openid-configuration`)).json();
  assert.deepEqual(discovered.code_challenge_methods_supported, ['S256']);

  // CSRF token missing: refused, nobody signed in.
  const noCsrf = await formSignIn(authBase, authorizeParams(client, cb), 'gina', 'Perm-Pass-1', { csrf: false });
  assert.equal(noCsrf.status, 403);

  // Replayed code: the second exchange fails and the first one's refresh token dies with it.
  const code = await formCode(authBase, authorizeParams(client, cb), 'gina', 'Perm-Pass-1');
  const first = await (await exchange(code)).json();
  const replay = await exchange(code);
  assert.equal(replay.status, 400);
  assert.equal((await replay.json()).error, 'invalid_grant');
  const refresh = await token({ grant_type: 'refresh_token', client_id: client.ClientId, refresh_token: first.refresh_token });
  assert.equal((await refresh.json()).error, 'invalid_grant');

  // Wrong PKCE verifier.
  const { challenge } = pkcePair();
  const pkceCode = await formCode(authBase, authorizeParams(client, cb, { code_challenge: challenge, code_challenge_method: 'S256' }), 'gina', 'Perm-Pass-1');
  const wrong = await exchange(pkceCode, { code_verifier: pkcePair().verifier });
  assert.equal((await wrong.json()).error, 'invalid_grant');

  // A code presented by another client of the same pool.
  const other = await createOAuthClient(idp, pool.Id, cb);
  const foreignCode = await formCode(authBase, authorizeParams(client, cb), 'gina', 'Perm-Pass-1');
  const foreign = await exchange(foreignCode, { client_id: other.ClientId });
  assert.equal((await foreign.json()).error, 'invalid_grant');

  // /logout is not an open redirect.
  const open = await fetch(`${authBase}/logout?client_id=${client.ClientId}&logout_uri=${encodeURIComponent('https://evil.example.com/')}`, { redirect: 'manual' });
  assert.equal(open.status, 400);
  assert.equal(open.headers.get('location'), null);
  const ok = await fetch(`${authBase}/logout?client_id=${client.ClientId}&logout_uri=${encodeURIComponent(cb.signedOut)}`, { redirect: 'manual' });
  assert.equal(ok.status, 302);
  assert.equal(ok.headers.get('location'), cb.signedOut);
});
