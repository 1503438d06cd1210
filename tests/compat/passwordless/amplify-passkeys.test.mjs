// SPDX-License-Identifier: Apache-2.0
// Amplify v6 passkeys in Chromium with a virtual authenticator (Chrome DevTools Protocol WebAuthn domain: CTAP2,
// resident keys, user verification): associateWebAuthnCredential, listWebAuthnCredentials, signIn with
// preferredChallenge WEB_AUTHN and deleteWebAuthnCredential, against the local relying party `localhost`. The page
// is a small app bundled with esbuild (./passkey-app) served at http://localhost:<port>, a secure context for
// WebAuthn; it calls Tessera across origins, as a deployed app would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListWebAuthnCredentialsCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser } from '../lib/fixtures.mjs';
import { launchChromium } from '../lib/hosted-ui.mjs';
import { serveBundledApp } from '../lib/bundled-app.mjs';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), 'passkey-app');
const password = 'Perm-Pass-1';
let tessera; let idp; let app; let browser;

before(async () => {
  tessera = await startTessera();
  idp = idpClient(tessera.url);
  app = await serveBundledApp(appDir, { hostname: 'localhost' });
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await app?.close(); await tessera?.stop(); });

/** A fresh page of the app with a virtual platform authenticator that verifies the user. */
async function openApp() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: {
    protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true,
  } });
  await page.goto(app.url);
  await page.waitForFunction(() => document.getElementById('status').textContent === 'ready');
  const call = (name, ...args) => page.evaluate(([n, a]) => window.app[n](...a), [name, args]);
  return { context, page, cdp, authenticatorId, call };
}

test('associateWebAuthnCredential, listWebAuthnCredentials, signIn with WEB_AUTHN and deleteWebAuthnCredential', async () => {
  const pool = await createPool(idp, { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } });
  await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' } }));
  const client = await createAppClient(idp, pool.Id, { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
  await createUser(idp, pool.Id, 'grace', password);
  app.configure({ userPoolId: pool.Id, clientId: client.ClientId, endpoint: tessera.url });
  const { context, cdp, authenticatorId, call } = await openApp();
  try {
    const first = await call('signInWithPassword', 'grace', password);
    assert.equal(first.ok?.isSignedIn, true, JSON.stringify(first));

    const associated = await call('associate');
    assert.deepEqual(associated, { ok: null }, JSON.stringify(associated));
    const { credentials: held } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(held.length, 1);
    assert.equal(held[0].rpId, 'localhost');
    assert.equal(held[0].isResidentCredential, true);

    const listed = await call('list');
    assert.equal(listed.ok.credentials.length, 1, JSON.stringify(listed));
    const [credential] = listed.ok.credentials;
    assert.equal(credential.relyingPartyId, 'localhost');
    assert.equal(credential.authenticatorAttachment, 'platform');
    assert.equal(credential.credentialId, Buffer.from(held[0].credentialId, 'base64').toString('base64url'));

    assert.equal((await call('signOut')).error, undefined);
    const signedIn = await call('signInWithPasskey', 'grace');
    assert.deepEqual(signedIn.ok?.nextStep, { signInStep: 'DONE' }, JSON.stringify(signedIn));
    assert.equal((await call('user')).ok.username, 'grace');
    const { credentials: afterSignIn } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.ok(afterSignIn[0].signCount >= 1);

    assert.deepEqual(await call('remove', credential.credentialId), { ok: null });
    const token = (await call('accessToken')).ok;
    assert.deepEqual((await idp.send(new ListWebAuthnCredentialsCommand({ AccessToken: token }))).Credentials, []);
  } finally {
    await context.close();
  }
});
