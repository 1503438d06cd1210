// SPDX-License-Identifier: Apache-2.0
// Shared set-up for the hosted UI and OAuth suites: a pool with a domain and an OAuth client, a local
// callback server, and a browser-less sign-in through /login for the negative cases.
import http from 'node:http';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';
import {
  CreateUserPoolDomainCommand, CreateUserPoolClientCommand, AdminCreateUserCommand,
  AdminInitiateAuthCommand, AdminRespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createPool, createAppClient } from './fixtures.mjs';

/** An HTTP server that records every request to /callback and /signed-out. */
export async function startCallbackServer() {
  const hits = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url);
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!DOCTYPE html><title>callback</title><p>callback reached</p>');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, callback: `${base}/callback`, signedOut: `${base}/signed-out`, hits, close: () => new Promise((ok) => server.close(ok)) };
}

export async function createOAuthPool(idp, cb, { secret = false, scopes = ['openid', 'email', 'profile'], poolInput = {} } = {}) {
  const pool = await createPool(idp, poolInput);
  const domain = `d${randomBytes(5).toString('hex')}`;
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain }));
  const client = await createOAuthClient(idp, pool.Id, cb, { secret, scopes });
  return { pool, domain, client };
}

export async function createOAuthClient(idp, UserPoolId, cb, { secret = false, scopes = ['openid', 'email', 'profile'] } = {}) {
  const out = await idp.send(new CreateUserPoolClientCommand({
    UserPoolId, ClientName: 'web', GenerateSecret: secret,
    AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: scopes,
    CallbackURLs: [cb.callback], LogoutURLs: [cb.signedOut], SupportedIdentityProviders: ['COGNITO'],
  }));
  return out.UserPoolClient;
}

/** A CONFIRMED user with a permanent password, through AdminCreateUser and NEW_PASSWORD_REQUIRED. */
export async function createConfirmedUser(idp, poolId, username, password) {
  const admin = await createAppClient(idp, poolId);
  await idp.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, TemporaryPassword: 'Temp-Pass-1', MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }] }));
  const challenge = await idp.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: admin.ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: username, PASSWORD: 'Temp-Pass-1' } }));
  await idp.send(new AdminRespondToAuthChallengeCommand({ UserPoolId: poolId, ClientId: admin.ClientId, ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: challenge.Session, ChallengeResponses: { USERNAME: username, NEW_PASSWORD: password } }));
}

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeParams(client, cb, extra = {}) {
  return new URLSearchParams({ response_type: 'code', client_id: client.ClientId, redirect_uri: cb.callback, scope: 'openid email', state: 'state-42', ...extra });
}

/** Signs in through /login with plain HTTP (GET the form, POST it back with its CSRF cookie); returns the POST's response. */
export async function formSignIn(authBase, params, username, password, { csrf = true } = {}) {
  const page = await fetch(`${authBase}/login?${params}`, { redirect: 'manual' });
  const html = await page.text();
  const cookie = page.headers.getSetCookie().find((c) => c.startsWith('XSRF-TOKEN=')).split(';')[0];
  const token = /name="_csrf" value="([^"]+)"/.exec(html)[1];
  const body = new URLSearchParams({ username, password });
  if (csrf) body.set('_csrf', token);
  return fetch(`${authBase}/login?${params}`, { method: 'POST', body, headers: { cookie }, redirect: 'manual' });
}

export async function formCode(authBase, params, username, password) {
  const res = await formSignIn(authBase, params, username, password);
  if (res.status !== 302) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  return new URL(res.headers.get('location')).searchParams.get('code');
}

/** Exchanges an authorization code with PKCE for a public client at /oauth2/token; fails unless it answers 200. */
export async function exchangeCode(authBase, client, cb, code, verifier) {
  const res = await fetch(`${authBase}/oauth2/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: client.ClientId, code, redirect_uri: cb.callback, code_verifier: verifier }),
  });
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** Debian's chromium driven by Playwright: headless, no download, nothing phoning home. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The callback the browser reached (with state-42): its code exchanged at the token endpoint, as an app's fetch does; returns the tokens. */
export async function exchangeCallbackCode(pageUrl, tesseraUrl, domain, client, cb) {
  const callback = new URL(pageUrl);
  assert.equal(callback.searchParams.get('state'), 'state-42');
  const response = await fetch(`${tesseraUrl}/auth/${domain}/oauth2/token`, { method: 'POST', body: new URLSearchParams({
    grant_type: 'authorization_code', client_id: client.ClientId, code: callback.searchParams.get('code'), redirect_uri: cb.callback }) });
  assert.equal(response.status, 200, await response.clone().text());
  return response.json();
}
