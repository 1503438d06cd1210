// SPDX-License-Identifier: Apache-2.0
// Amplify v6 signInWithRedirect in Chromium. Amplify builds the hosted UI's address as https://<oauth.domain>, so
// Tessera serves HTTPS for demo.auth.localhost (a certificate from `tessera certificate`, a second Kestrel
// URL in --urls) as docs/amplify.md tells a user to; Chromium resolves *.localhost to loopback by itself. The page is a
// small app bundled with esbuild (./redirect-app). Chromium trusts the server's key through
// --ignore-certificate-errors-spki-list; that the certificate is valid for the name under the local CA is checked
// with Node's TLS client, as a browser that trusts ca.pem would check it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import {
  CreateUserPoolDomainCommand, CreateUserPoolClientCommand, GetUserCommand, InitiateAuthCommand, SetUICustomizationCommand,
  CreateIdentityProviderCommand, DescribeUserPoolDomainCommand, DeleteUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera, serverDll, freePort } from '../lib/server.mjs';
import { serveBundledApp } from '../lib/bundled-app.mjs';
import { idpClient, createPool, createUser, rejectsWith } from '../lib/fixtures.mjs';
import { startSamlIdp } from '../lib/saml-idp.mjs';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), 'redirect-app');
const DOMAIN = 'demo';
const logoPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const HOST = `${DOMAIN}.auth.localhost`;
let certs; let tessera; let idp; let httpsPort; let app; let browser;

before(async () => {
  certs = mkdtempSync(join(tmpdir(), 'tessera-certs-'));
  execFileSync('dotnet', [serverDll, 'certificate', '--host', HOST, '--out', certs]);
  const httpPort = await freePort();
  httpsPort = await freePort();
  // As docs/amplify.md starts it: one more URL in --urls, and the certificate for every HTTPS one.
  tessera = await startTessera({ port: httpPort, args: [
    `--urls=http://127.0.0.1:${httpPort};https://127.0.0.1:${httpsPort}`, `--Kestrel:Certificates:Default:Path=${join(certs, 'server.pfx')}`,
  ] });
  idp = idpClient(tessera.url);
  app = await serveBundledApp(appDir);
  const spki = createHash('sha256').update(createPublicKey(readFileSync(join(certs, 'server.pem'))).export({ type: 'spki', format: 'der' })).digest('base64');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--ignore-certificate-errors-spki-list=${spki}`],
  });
});
after(async () => {
  await browser?.close(); await app?.close(); await tessera?.stop();
  if (certs) rmSync(certs, { recursive: true, force: true });
});

test('the certificate from `tessera certificate` is valid for demo.auth.localhost under the local CA', async () => {
  const socket = tls.connect({ host: '127.0.0.1', port: httpsPort, servername: HOST, ca: readFileSync(join(certs, 'ca.pem')) });
  await new Promise((ok, fail) => { socket.once('secureConnect', ok); socket.once('error', fail); });
  assert.equal(socket.authorized, true, socket.authorizationError);
  assert.equal(tls.checkServerIdentity(HOST, socket.getPeerCertificate()), undefined);
  socket.end();
});

test('signInWithRedirect → the hosted UI at https://demo.auth.localhost → back with tokens; the hosted UI session; signOut ends both', async () => {
  const pool = await createPool(idp, { AutoVerifiedAttributes: ['email'] });
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: DOMAIN }));
  const { UserPoolClient: client } = await idp.send(new CreateUserPoolClientCommand({
    UserPoolId: pool.Id, ClientName: 'spa', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'], SupportedIdentityProviders: ['COGNITO'],
    CallbackURLs: [app.url], LogoutURLs: [app.url], ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }));
  await idp.send(new SetUICustomizationCommand({ UserPoolId: pool.Id, ClientId: client.ClientId, ImageFile: logoPng }));
  await createUser(idp, pool.Id, 'wren', 'Wren-Pass-1', { email: 'wren@example.com', email_verified: 'true' });
  app.configure({ userPoolId: pool.Id, clientId: client.ClientId, endpoint: tessera.url, domain: `${HOST}:${httpsPort}` });
  const hostedUi = `https://${HOST}:${httpsPort}`;

  const page = await (await browser.newContext()).newPage();
  // Every address the tab goes to, redirects included, and the refresh tokens Amplify revokes.
  const navigations = [];
  const revoked = [];
  page.on('request', (r) => {
    if (r.isNavigationRequest() && r.frame() === page.mainFrame()) navigations.push(r.url());
    if (r.headers()['x-amz-target']?.endsWith('.RevokeToken')) revoked.push(JSON.parse(r.postData()).Token);
  });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const ready = () => page.waitForSelector('#status:text("ready")');
  const signedInEvent = () => page.waitForFunction(() => window.app?.events.includes('signInWithRedirect'));

  await page.goto(app.url);
  await ready();
  await Promise.all([page.waitForURL(`${hostedUi}/login?**`), page.evaluate(() => window.app.signIn())]);
  const authorize = new URL(navigations.find((u) => u.startsWith(`${hostedUi}/oauth2/authorize`)));
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(authorize.searchParams.get('redirect_uri'), app.url);
  // The customized logo shows on the HTTPS page (it comes from PublicUrl, a loopback address browsers treat as secure).
  assert.equal(await page.locator('img.logo-customizable').evaluate((e) => e.complete && e.naturalWidth), 1);
  await page.getByLabel('Username').fill('wren');
  await page.getByLabel('Password').fill('Wren-Pass-1');
  await Promise.all([page.waitForURL(`${app.url}?code=**`), page.keyboard.press('Enter')]);
  await signedInEvent();

  const user = await page.evaluate(() => window.app.user());
  assert.equal(user.username, 'wren');
  const jwks = createRemoteJWKSet(new URL(`${tessera.url}/${pool.Id}/.well-known/jwks.json`));
  const issuer = `${tessera.url}/${pool.Id}`;
  const { payload: id } = await jwtVerify(user.idToken, jwks, { issuer, audience: client.ClientId });
  assert.equal(id.sub, user.userId);
  assert.equal(id.email, 'wren@example.com');
  const { payload: access } = await jwtVerify(user.accessToken, jwks, { issuer });
  assert.deepEqual(access.scope.split(' ').sort(), ['aws.cognito.signin.user.admin', 'email', 'openid', 'profile']);
  // The hosted UI's tokens carry the admin scope, so Amplify's API calls work with them (GetUser, cross-origin).
  assert.equal((await page.evaluate(() => window.app.attributes())).email, 'wren@example.com');

  // The hosted UI remembers the sign-in: with Amplify's own tokens forgotten, signInWithRedirect comes straight back.
  await page.evaluate(() => localStorage.clear());
  await page.goto(app.url);
  await ready();
  navigations.length = 0;
  await Promise.all([page.waitForURL(`${app.url}?code=**`), page.evaluate(() => window.app.signIn())]);
  await signedInEvent();
  assert.ok(!navigations.some((u) => u.startsWith(`${hostedUi}/login`)), 'no sign-in form the second time');
  const again = await page.evaluate(() => window.app.user());
  assert.equal(again.username, 'wren');

  // signOut: RevokeToken for Amplify's refresh token, then the hosted UI's /logout, then back to the app.
  navigations.length = 0;
  await Promise.all([page.waitForURL(app.url), page.evaluate(() => window.app.signOut())]);
  const logout = new URL(navigations.find((u) => u.startsWith(`${hostedUi}/logout`)));
  assert.equal(logout.searchParams.get('client_id'), client.ClientId);
  assert.equal(logout.searchParams.get('logout_uri'), app.url);
  await ready();
  assert.deepEqual(await page.evaluate(() => window.app.user()), { error: 'UserUnAuthenticatedException' });
  assert.equal(revoked.length, 1);
  await rejectsWith(idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: revoked[0] } })),
    'NotAuthorizedException');
  await rejectsWith(idp.send(new GetUserCommand({ AccessToken: again.accessToken })), 'NotAuthorizedException');

  // The hosted UI's session ended too: the next signInWithRedirect asks for the password.
  await Promise.all([page.waitForURL(`${hostedUi}/login?**`), page.evaluate(() => window.app.signIn())]);
  assert.deepEqual(pageErrors, []);
});

test("signInWithRedirect({ provider: { custom: 'CorpSaml' } }) → a SAML IdP on another site → back in the app with the federated user", async () => {
  // The domain `demo` (the certificate's name) moves to this test's pool.
  const { DomainDescription: taken } = await idp.send(new DescribeUserPoolDomainCommand({ Domain: DOMAIN }));
  if (taken?.UserPoolId) await idp.send(new DeleteUserPoolDomainCommand({ UserPoolId: taken.UserPoolId, Domain: DOMAIN }));
  const pool = await createPool(idp);
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: DOMAIN }));
  const hostedUi = `https://${HOST}:${httpsPort}`;
  const saml = await startSamlIdp();
  try {
    saml.addServiceProvider(pool.Id, `${hostedUi}/saml2/idpresponse`);
    await idp.send(new CreateIdentityProviderCommand({ UserPoolId: pool.Id, ProviderName: 'CorpSaml', ProviderType: 'SAML',
      ProviderDetails: { MetadataURL: saml.metadataUrl }, AttributeMapping: { email: 'email' } }));
    const { UserPoolClient: client } = await idp.send(new CreateUserPoolClientCommand({
      UserPoolId: pool.Id, ClientName: 'spa', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'], SupportedIdentityProviders: ['CorpSaml'],
      CallbackURLs: [app.url], LogoutURLs: [app.url],
    }));
    app.configure({ userPoolId: pool.Id, clientId: client.ClientId, endpoint: tessera.url, domain: `${HOST}:${httpsPort}` });

    const page = await (await browser.newContext()).newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(app.url);
    await page.waitForSelector('#status:text("ready")');
    await Promise.all([page.waitForURL(`${saml.url}/sso?**`), page.evaluate(() => window.app.signIn({ provider: { custom: 'CorpSaml' } }))]);
    await page.fill('input[name="login"]', 'sam');
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    // The IdP's page posts the response across sites to the hosted UI's HTTPS host: the state cookie is SameSite=None.
    await Promise.all([page.waitForURL(`${app.url}?code=**`), page.click('#continue')]);
    await page.waitForFunction(() => window.app?.events.includes('signInWithRedirect'));

    const user = await page.evaluate(() => window.app.user());
    assert.equal(user.username, 'CorpSaml_sam');
    const { payload: id } = await jwtVerify(user.idToken, createRemoteJWKSet(new URL(`${tessera.url}/${pool.Id}/.well-known/jwks.json`)),
      { issuer: `${tessera.url}/${pool.Id}`, audience: client.ClientId });
    assert.equal(id.email, 'sam@corp.example');
    assert.equal(JSON.parse(JSON.stringify(id.identities))[0].providerType, 'SAML');
    assert.deepEqual(pageErrors, []);
  } finally {
    await saml.close();
  }
});
