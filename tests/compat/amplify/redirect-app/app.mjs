// SPDX-License-Identifier: Apache-2.0
// A single-page app as the Amplify v6 docs write one, bundled with esbuild by ../redirect.test.mjs: it configures
// Amplify from /config.json (the pool, the app client, the hosted UI's domain) and lets the test press its buttons
// through window.app. Amplify completes the redirect itself when the hosted UI sends the browser back here.
import { Amplify } from 'aws-amplify';
import { signInWithRedirect, signOut, getCurrentUser, fetchAuthSession, fetchUserAttributes } from 'aws-amplify/auth';
import 'aws-amplify/auth/enable-oauth-listener';
import { Hub } from 'aws-amplify/utils';

const events = [];
Hub.listen('auth', ({ payload }) => events.push(payload.event));

const config = await (await fetch('/config.json')).json();
Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: config.userPoolId,
      userPoolClientId: config.clientId,
      userPoolEndpoint: config.endpoint,
      loginWith: {
        oauth: {
          domain: config.domain,
          scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
          redirectSignIn: [config.appUrl],
          redirectSignOut: [config.appUrl],
          responseType: 'code',
        },
      },
    },
  },
});

async function user() {
  try {
    const { username, userId } = await getCurrentUser();
    const { tokens } = await fetchAuthSession();
    return { username, userId, idToken: tokens.idToken.toString(), accessToken: tokens.accessToken.toString() };
  } catch (e) {
    return { error: e.name };
  }
}

window.app = {
  events,
  signIn: (input) => signInWithRedirect(input),
  signOut: () => signOut(),
  user,
  attributes: () => fetchUserAttributes(),
};
document.querySelector('#status').textContent = 'ready';
