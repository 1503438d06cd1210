// SPDX-License-Identifier: Apache-2.0
// Rate limits per client address, per app client and per user pool (docs/production.md, "Rate limits"): past its burst,
// one address (or pool) is answered TooManyRequestsException (HTTP 429, which the AWS SDKs retry with backoff) by the sign-in operations, and HTTP
// 429 with an RFC 6749 error body and Retry-After at /oauth2/token; administrative calls are not limited by address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdminInitiateAuthCommand, CreateUserPoolDomainCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser } from '../lib/fixtures.mjs';

test('one address past its burst: TooManyRequestsException from InitiateAuth, 429 from /oauth2/token; admin calls go on', async () => {
  const tessera = await startTessera({
    env: {
      Tessera__RateLimits__Enabled: 'true',
      Tessera__RateLimits__PerAddressPerSecond: '0.02',
      Tessera__RateLimits__PerAddressBurst: '3',
    },
  });
  try {
    const idp = idpClient(tessera.url);
    const pool = await createPool(idp);
    const client = await createAppClient(idp, pool.Id, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    await createUser(idp, pool.Id, 'ana', 'Perm-Pass-1');
    const signIn = () => idp.send(new InitiateAuthCommand({
      ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD: 'Perm-Pass-1' },
    }));

    for (let i = 0; i < 3; i++) assert.ok((await signIn()).AuthenticationResult.AccessToken);
    const refused = await signIn().then(() => assert.fail('the fourth sign-in was not limited'), (e) => e);
    assert.equal(refused.name, 'TooManyRequestsException', refused.message);
    assert.equal(refused.$metadata.httpStatusCode, 429);

    // Administrative sign-ins come from a back end signing in every user: not limited by its address.
    for (let i = 0; i < 4; i++) {
      const out = await idp.send(new AdminInitiateAuthCommand({
        UserPoolId: pool.Id, ClientId: client.ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD: 'Perm-Pass-1' },
      }));
      assert.ok(out.AuthenticationResult.AccessToken);
    }

    // /oauth2/token has buckets of its own: three answers, then 429.
    const domain = `limits-${Date.now()}`;
    await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id, Domain: domain }));
    const token = () => fetch(`${tessera.url}/auth/${domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: client.ClientId, refresh_token: 'not-a-token' }),
    });
    for (let i = 0; i < 3; i++) assert.equal((await token()).status, 400);
    const limited = await token();
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1, 'no Retry-After');
    assert.equal(limited.headers.get('cache-control'), 'no-store');
    assert.equal((await limited.json()).error, 'too_many_requests');
  } finally {
    await tessera.stop();
  }
});

test('one pool past its burst: every client and administrative call of it refused, another pool goes on', async () => {
  const tessera = await startTessera({
    env: {
      Tessera__RateLimits__Enabled: 'true',
      Tessera__RateLimits__PerPoolPerSecond: '0.02',
      Tessera__RateLimits__PerPoolBurst: '4',
    },
  });
  try {
    const idp = idpClient(tessera.url);
    const busy = await createPool(idp);
    const quiet = await createPool(idp);
    const web = await createAppClient(idp, busy.Id);
    const mobile = await createAppClient(idp, busy.Id);
    const other = await createAppClient(idp, quiet.Id);
    await createUser(idp, busy.Id, 'ana', 'Perm-Pass-1');
    await createUser(idp, quiet.Id, 'ana', 'Perm-Pass-1');
    const signIn = (client) => idp.send(new InitiateAuthCommand({
      ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD: 'Perm-Pass-1' },
    }));

    // Four permits for the pool, taken by two clients and an administrative sign-in together.
    assert.ok((await signIn(web)).AuthenticationResult.AccessToken);
    assert.ok((await signIn(mobile)).AuthenticationResult.AccessToken);
    assert.ok((await signIn(web)).AuthenticationResult.AccessToken);
    const admin = () => idp.send(new AdminInitiateAuthCommand({
      UserPoolId: busy.Id, ClientId: web.ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD: 'Perm-Pass-1' },
    }));
    assert.ok((await admin()).AuthenticationResult.AccessToken);

    for (const refusedCall of [() => signIn(mobile), admin]) {
      const refused = await refusedCall().then(() => assert.fail('the pool was not limited'), (e) => e);
      assert.equal(refused.name, 'TooManyRequestsException', refused.message);
      assert.equal(refused.$metadata.httpStatusCode, 429);
    }
    assert.ok((await signIn(other)).AuthenticationResult.AccessToken, 'another pool was limited too');
  } finally {
    await tessera.stop();
  }
});

test('start-dev has no rate limits unless configured: a burst of sign-ins from one address all pass', async () => {
  const tessera = await startTessera();
  try {
    const idp = idpClient(tessera.url);
    const pool = await createPool(idp);
    const client = await createAppClient(idp, pool.Id);
    // 150 sign-ins of one user at once (more than start's burst of 100 per address): right passwords waiting for a
    // hash thread never lock their user out, however many are in flight (SignInThrottle).
    await createUser(idp, pool.Id, 'ana', 'Perm-Pass-1');
    const results = await Promise.allSettled(Array.from({ length: 150 }, () => idp.send(new InitiateAuthCommand({
      ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD: 'Perm-Pass-1' },
    }))));
    assert.deepEqual(results.filter((r) => r.status === 'rejected').map((r) => r.reason.name), []);
  } finally {
    await tessera.stop();
  }
});
