// SPDX-License-Identifier: Apache-2.0
// A single-page app as the Amplify v6 passkey docs write one, bundled with esbuild by ../amplify-passkeys.test.mjs:
// it configures Amplify from /config.json and lets the test press its buttons through window.app. The browser's
// WebAuthn calls go to the test's virtual authenticator.
import { Amplify } from 'aws-amplify';
import {
  associateWebAuthnCredential, deleteWebAuthnCredential, fetchAuthSession, getCurrentUser, listWebAuthnCredentials, signIn, signOut,
} from 'aws-amplify/auth';

const config = await (await fetch('/config.json')).json();
Amplify.configure({ Auth: { Cognito: { userPoolId: config.userPoolId, userPoolClientId: config.clientId, userPoolEndpoint: config.endpoint } } });

/** Runs an Amplify call, answering its result or { error: name, message } so the test sees Cognito's error. */
const run = async (call) => {
  try {
    return { ok: (await call()) ?? null };
  } catch (e) {
    return { error: e.name, message: e.message };
  }
};

window.app = {
  signInWithPassword: (username, password) => run(() => signIn({ username, password, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD' } })),
  signInWithPasskey: (username) => run(() => signIn({ username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } })),
  associate: () => run(() => associateWebAuthnCredential()),
  list: () => run(() => listWebAuthnCredentials()),
  remove: (credentialId) => run(() => deleteWebAuthnCredential({ credentialId })),
  user: () => run(() => getCurrentUser()),
  accessToken: () => run(async () => (await fetchAuthSession()).tokens?.accessToken?.toString()),
  signOut: () => run(() => signOut()),
};
document.getElementById('status').textContent = 'ready';
