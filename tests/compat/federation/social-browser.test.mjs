// SPDX-License-Identifier: Apache-2.0
// Sign in with Google, with Google played by a local `oidc-provider`: Tessera is started with the Google endpoints
// replaced in configuration (Tessera:Federation:Endpoints:Google:*), the provider is created with AWS's Google
// details, and the user goes Chromium → Tessera → "Google" → Tessera → app, as on AWS. The ID token carries the
// Google identity; the user is Google_<sub> in the {poolId}_Google group.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import {
  CreateUserPoolDomainCommand, CreateUserPoolClientCommand, CreateIdentityProviderCommand, DescribeIdentityProviderCommand, AdminGetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera, freePort } from '../lib/server.mjs';
import { idpClient, createPool } from '../lib/fixtures.mjs';
import { startCallbackServer, pkcePair, launchChromium, exchangeCode } from '../lib/hosted-ui.mjs';
import { callerArnForIdToken } from '../lib/identity-pool.mjs';
import { startOidcProvider, signInUpstream } from '../lib/oidc-upstream.mjs';

const GOOGLE_SECRET = 'google-client-secret';
const domain = `goog${randomBytes(5).toString('hex')}`;
let tessera; let idp; let cb; let browser; let google;

before(async () => {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const tesseraPort = await freePort();
  google = await startOidcProvider({ port, clientId: 'google-client', secret: GOOGLE_SECRET, idTokenClaims: true,
    redirectUris: [`http://127.0.0.1:${tesseraPort}/auth/${domain}/oauth2/idpresponse`] });
  tessera = await startTessera({ port: tesseraPort, env: {
    Tessera__Federation__Endpoints__Google__authorize_url: `${issuer}/auth`,
    Tessera__Federation__Endpoints__Google__token_url: `${issuer}/token`,
    Tessera__Federation__Endpoints__Google__oidc_issuer: issuer,
    Tessera__Federation__Endpoints__Google__jwks_uri: `${issuer}/jwks`,
  } });
  idp = idpClient(tessera.url);
  cb = await startCallbackServer();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await cb?.close();
  await google?.close();
  await tessera?.stop();
});

test('Sign in with Google through the configured stand-in: code at the app, Google_<sub> user, tokens verify and buy AWS credentials', async () => {
  const pool = await createPool(idp, { Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }] });
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain }));
  await idp.send(new CreateIdentityProviderCommand({
    UserPoolId: pool.Id, ProviderName: 'Google', ProviderType: 'Google',
    ProviderDetails: { client_id: 'google-client', client_secret: GOOGLE_SECRET, authorize_scopes: 'openid email profile' },
    AttributeMapping: { email: 'email', email_verified: 'email_verified', name: 'name' },
  }));
  const details = (await idp.send(new DescribeIdentityProviderCommand({ UserPoolId: pool.Id, ProviderName: 'Google' }))).IdentityProvider.ProviderDetails;
  assert.equal(details.authorize_url, `${google.issuer}/auth`, 'Describe shows the endpoints in use');
  const { UserPoolClient: client } = await idp.send(new CreateUserPoolClientCommand({
    UserPoolId: pool.Id, ClientName: 'web', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: ['openid', 'email', 'profile'], CallbackURLs: [cb.callback], SupportedIdentityProviders: ['COGNITO', 'Google'],
  }));

  const auth = `${tessera.url}/auth/${domain}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  const { verifier, challenge } = pkcePair();
  await page.goto(`${auth}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: client.ClientId, redirect_uri: cb.callback,
    scope: 'openid email profile', state: 'g-state', code_challenge: challenge, code_challenge_method: 'S256' })}`);
  await Promise.all([page.waitForNavigation(), page.click('text=Sign in with Google')]);
  assert.ok(page.url().startsWith(`${google.issuer}/`), `the Google stand-in expected, at ${page.url()}`);
  await signInUpstream(page, 'gabi', [cb.base, tessera.url]);
  assert.ok(page.url().startsWith(cb.callback), `callback expected, at ${page.url()}`);
  const params = new URL(page.url()).searchParams;
  assert.equal(params.get('state'), 'g-state');
  const tokens = await exchangeCode(auth, client, cb, params.get('code'), verifier);

  const poolIssuer = `${tessera.url}/${pool.Id}`;
  const idVerifier = JwtRsaVerifier.create({ issuer: poolIssuer, audience: client.ClientId, tokenUse: 'id', jwksUri: `${poolIssuer}/.well-known/jwks.json` });
  idVerifier.cacheJwks(await (await fetch(`${poolIssuer}/.well-known/jwks.json`)).json());
  const id = await idVerifier.verify(tokens.id_token);
  assert.equal(id['cognito:username'], 'Google_gabi');
  assert.equal(id.email, 'gabi@corp.example');
  assert.deepEqual(id['cognito:groups'], [`${pool.Id}_Google`]);
  assert.deepEqual([id.identities[0].providerName, id.identities[0].providerType, id.identities[0].userId], ['Google', 'Google', 'gabi']);
  assert.equal((await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'Google_gabi' }))).UserStatus, 'EXTERNAL_PROVIDER');
  assert.equal(await callerArnForIdToken(tessera.url, pool.Id, client.ClientId, tokens.id_token, 'google'), 'arn:aws:sts::000000000000:assumed-role/google/CognitoIdentityCredentials');
  await context.close();
});
