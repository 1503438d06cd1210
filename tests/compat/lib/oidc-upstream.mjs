// SPDX-License-Identifier: Apache-2.0
// A real OpenID Connect provider for the federation suites (the npm package `oidc-provider`), and a sign-in at its pages.
import http from 'node:http';
import Provider from 'oidc-provider';

/**
 * Starts oidc-provider on 127.0.0.1:`port` with one confidential client (client_secret_post). Every login exists, with
 * the claims `{ sub, email, email_verified, name }`; `idTokenClaims` puts them in the ID token too, as Google does.
 */
export async function startOidcProvider({ port, clientId = 'tessera', secret, redirectUris, idTokenClaims = false }) {
  const issuer = `http://127.0.0.1:${port}`;
  const oidc = new Provider(issuer, {
    clients: [{
      client_id: clientId, client_secret: secret, token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: redirectUris,
    }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: !idTokenClaims,
    findAccount: async (_, id) => ({ accountId: id, claims: async () => ({ sub: id, email: `${id}@corp.example`, email_verified: true, name: `User ${id}` }) }),
    cookies: { keys: ['federation-test-cookie-key'] },
  });
  oidc.on('server_error', (_, error) => console.error('oidc-provider:', error));
  const server = http.createServer(oidc.callback());
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  return { issuer, close: () => new Promise((ok) => { server.close(ok); server.closeAllConnections(); }) };
}

/** Signs in at oidc-provider's own pages (any login, any password), granting consent when asked; stops at any of `stopAt`. */
export async function signInUpstream(page, login, stopAt) {
  for (let step = 0; step < 4; step++) {
    if (stopAt.some((prefix) => page.url().startsWith(prefix))) return;
    if (await page.locator('input[name="login"]').count()) {
      await page.fill('input[name="login"]', login);
      await page.fill('input[name="password"]', 'anything');
      await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    } else {
      await Promise.all([page.waitForNavigation(), page.click('button[autofocus]')]);
    }
  }
}
