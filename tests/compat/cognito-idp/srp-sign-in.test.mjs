// SPDX-License-Identifier: Apache-2.0
// USER_SRP_AUTH → PASSWORD_VERIFIER with amazon-cognito-identity-js doing all the client-side SRP: right and
// wrong passwords, NEW_PASSWORD_REQUIRED, email as username, aliases, client secrets and the Admin* forms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand, DescribeUserPoolClientCommand, GetUserCommand, InitiateAuthCommand, RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient } from '../lib/fixtures.mjs';
import { userPool, throughSdk, outcome, srpSignIn } from '../lib/srp-client.mjs';

let tessera;
let idp;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); });
after(async () => { await tessera?.stop(); });

/** An AdminCreateUser user who then sets a permanent password through NEW_PASSWORD_REQUIRED, all over SRP. */
async function confirmedUser(pool, username, password, attributes = []) {
  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.getUserPoolId(), Username: username, TemporaryPassword: 'Temp-Pass-1', MessageAction: 'SUPPRESS', UserAttributes: attributes }));
  const first = await srpSignIn(pool, username, 'Temp-Pass-1');
  assert.equal(first.step, 'NEW_PASSWORD_REQUIRED', first.error?.message);
  const done = await outcome((cb) => first.user.completeNewPasswordChallenge(password, {}, cb));
  assert.equal(done.step, 'SUCCESS', done.error?.message);
  return done.session;
}

test('authenticateUser: right password gives tokens, wrong password NotAuthorizedException', async () => {
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id);
  const up = userPool(tessera.url, pool.Id, client.ClientId);
  await confirmedUser(up, 'alice', 'Perm-Pass-1', [{ Name: 'email', Value: 'alice@example.com' }]);

  const ok = await srpSignIn(up, 'alice', 'Perm-Pass-1');
  assert.equal(ok.step, 'SUCCESS', ok.error?.message);
  const access = decodeJwt(ok.session.getAccessToken().getJwtToken());
  assert.equal(access.username, 'alice');
  assert.equal(access.token_use, 'access');
  assert.equal(ok.session.getIdToken().payload.email, 'alice@example.com');
  const me = await idp.send(new GetUserCommand({ AccessToken: ok.session.getAccessToken().getJwtToken() }));
  assert.equal(me.Username, 'alice');

  const bad = await srpSignIn(up, 'alice', 'Perm-Pass-2');
  assert.equal(bad.step, 'FAILURE');
  assert.equal(bad.error.name, 'NotAuthorizedException');
  assert.equal(bad.error.message, 'Incorrect username or password.');

  const nobody = await srpSignIn(up, 'nobody', 'Perm-Pass-1');
  assert.equal(nobody.error.name, 'UserNotFoundException');
});

test('PreventUserExistenceErrors: an unknown user gets a challenge and then the same error as a wrong password', async () => {
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id, { PreventUserExistenceErrors: 'ENABLED' });
  const up = userPool(tessera.url, pool.Id, client.ClientId);
  await confirmedUser(up, 'jill', 'Jill-Pass-1');
  const sent = [];
  const original = up.client.request.bind(up.client);
  up.client.request = (operation, params, callback) => { sent.push(operation); original(operation, params, callback); };
  const nobody = await srpSignIn(up, 'nobody', 'Jill-Pass-1');
  assert.deepEqual(sent, ['InitiateAuth', 'RespondToAuthChallenge']);
  assert.equal(nobody.error?.name, 'NotAuthorizedException');
  assert.equal(nobody.error?.message, 'Incorrect username or password.');
  assert.equal((await srpSignIn(up, 'jill', 'Jill-Pass-2')).error?.message, 'Incorrect username or password.');
});

test('PreventUserExistenceErrors, email as username: an unknown email gets a UUID for USER_ID_FOR_SRP, as a real user has', async () => {
  const pool = await createPool(idp, { UsernameAttributes: ['email'] });
  const client = await createAppClient(idp, pool.Id, { PreventUserExistenceErrors: 'ENABLED' });
  const up = userPool(tessera.url, pool.Id, client.ClientId);
  await confirmedUser(up, 'kate@example.com', 'Kate-Pass-1');
  const start = async (USERNAME) => (await idp.send(new InitiateAuthCommand({
    ClientId: client.ClientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME, SRP_A: '02' },
  }))).ChallengeParameters;
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  const real = await start('kate@example.com');
  const missing = await start('nobody@example.com');
  assert.match(real.USER_ID_FOR_SRP, uuid);
  assert.match(missing.USER_ID_FOR_SRP, uuid);
  assert.equal(missing.USERNAME, missing.USER_ID_FOR_SRP);
  assert.deepEqual(Object.keys(missing).sort(), Object.keys(real).sort());
  const again = await start('Nobody@Example.com');
  assert.equal(again.USER_ID_FOR_SRP, missing.USER_ID_FOR_SRP, 'the same name gives the same id');
  assert.equal(again.SALT, missing.SALT);
});

test('PreventUserExistenceErrors: wrong SRP proofs lock an unknown user out as they lock a real one', async () => {
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id, { PreventUserExistenceErrors: 'ENABLED' });
  const up = userPool(tessera.url, pool.Id, client.ClientId);
  await confirmedUser(up, 'lena', 'Lena-Pass-1');
  const six = async (name) => {
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await srpSignIn(up, name, 'Wrong-Pass-1')).error?.message);
    return answers;
  };
  const [real, missing] = [await six('lena'), await six('nobody')];
  assert.deepEqual(missing, real);
  assert.deepEqual(real, [...Array(5).fill('Incorrect username or password.'), 'Password attempts exceeded']);
});

test('newPasswordRequired: the temporary password is single-use, the new one signs in', async () => {
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id);
  const up = userPool(tessera.url, pool.Id, client.ClientId);
  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'dora', TemporaryPassword: 'Temp-Pass-1', MessageAction: 'SUPPRESS' }));
  const first = await srpSignIn(up, 'dora', 'Temp-Pass-1');
  assert.equal(first.step, 'NEW_PASSWORD_REQUIRED');
  assert.deepEqual(first.requiredAttributes, []);
  const done = await outcome((cb) => first.user.completeNewPasswordChallenge('Dora-Pass-1', {}, cb));
  assert.equal(done.step, 'SUCCESS', done.error?.message);

  assert.equal((await srpSignIn(up, 'dora', 'Temp-Pass-1')).error?.name, 'NotAuthorizedException');
  assert.equal((await srpSignIn(up, 'dora', 'Dora-Pass-1')).step, 'SUCCESS');
});

test('email as username: USER_ID_FOR_SRP is the internal username (the sub)', async () => {
  const pool = await createPool(idp, { UsernameAttributes: ['email'] });
  const client = await createAppClient(idp, pool.Id);
  const up = userPool(tessera.url, pool.Id, client.ClientId);
  await confirmedUser(up, 'erin@example.com', 'Erin-Pass-1');
  const ok = await srpSignIn(up, 'Erin@Example.com', 'Erin-Pass-1');
  assert.equal(ok.step, 'SUCCESS', ok.error?.message);
  const access = decodeJwt(ok.session.getAccessToken().getJwtToken());
  assert.equal(access.username, access.sub);
  assert.equal(ok.user.getUsername(), access.sub, 'the library takes USER_ID_FOR_SRP as its username');
  assert.equal((await srpSignIn(up, 'erin@example.com', 'Erin-Pass-2')).error?.message, 'Incorrect username or password.');
});

test('alias: a verified email signs in with SRP', async () => {
  const pool = await createPool(idp, { AliasAttributes: ['email', 'preferred_username'] });
  const client = await createAppClient(idp, pool.Id);
  const up = userPool(tessera.url, pool.Id, client.ClientId);
  await confirmedUser(up, 'frank', 'Frank-Pass-1', [{ Name: 'email', Value: 'frank@example.com' }, { Name: 'email_verified', Value: 'true' }, { Name: 'preferred_username', Value: 'franky' }]);
  for (const name of ['frank@example.com', 'franky']) {
    const ok = await srpSignIn(up, name, 'Frank-Pass-1');
    assert.equal(ok.step, 'SUCCESS', `${name}: ${ok.error?.message}`);
    assert.equal(decodeJwt(ok.session.getAccessToken().getJwtToken()).username, 'frank');
  }
});

test('client with a secret: SRP with SECRET_HASH, through InitiateAuth and AdminInitiateAuth', async () => {
  const pool = await createPool(idp, { UsernameAttributes: ['email'] });
  const client = await createAppClient(idp, pool.Id, { GenerateSecret: true });
  const { UserPoolClient: described } = await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: client.ClientId }));
  const clientSecret = described.ClientSecret;
  assert.ok(clientSecret);
  await confirmedUser(throughSdk(userPool(tessera.url, pool.Id, client.ClientId), idp, { clientSecret }), 'gina@example.com', 'Gina-Pass-1');

  for (const admin of [false, true]) {
    const up = throughSdk(userPool(tessera.url, pool.Id, client.ClientId), idp, { admin, clientSecret });
    const ok = await srpSignIn(up, 'gina@example.com', 'Gina-Pass-1');
    assert.equal(ok.step, 'SUCCESS', `admin=${admin}: ${ok.error?.message}`);
    const bad = await srpSignIn(up, 'gina@example.com', 'Gina-Pass-9');
    assert.equal(bad.error?.message, 'Incorrect username or password.', `admin=${admin}`);
  }

  const noSecret = throughSdk(userPool(tessera.url, pool.Id, client.ClientId), idp, {});
  const missing = await srpSignIn(noSecret, 'gina@example.com', 'Gina-Pass-1');
  assert.equal(missing.error?.name, 'NotAuthorizedException');
  const wrongSecret = throughSdk(userPool(tessera.url, pool.Id, client.ClientId), idp, { clientSecret: 'x'.repeat(40) });
  assert.match((await srpSignIn(wrongSecret, 'gina@example.com', 'Gina-Pass-1')).error?.message ?? '', /Unable to verify secret hash/);
});

test('the server refuses A ≡ 0 (mod N), a tampered SECRET_BLOCK or Session, and DEVICE_SRP_AUTH without its session', async () => {
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id);
  const up = userPool(tessera.url, pool.Id, client.ClientId);
  await confirmedUser(up, 'hank', 'Hank-Pass-1');
  const N = 'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';
  for (const SRP_A of ['0', N, 'not-hex']) {
    await assert.rejects(idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'hank', SRP_A } })),
      (e) => e.name === 'InvalidParameterException', SRP_A.slice(0, 8));
  }

  // Let the library compute a genuine answer, then change what it sends before it reaches the server.
  for (const tamper of ['PASSWORD_CLAIM_SECRET_BLOCK', 'Session', 'TIMESTAMP']) {
    const tampered = userPool(tessera.url, pool.Id, client.ClientId);
    const original = tampered.client.request.bind(tampered.client);
    tampered.client.request = (operation, params, callback) => {
      if (operation === 'RespondToAuthChallenge') {
        if (tamper === 'Session') params.Session = `${params.Session.slice(0, -4)}AAAA`;
        else if (tamper === 'TIMESTAMP') params.ChallengeResponses.TIMESTAMP = 'Mon Jan 1 00:00:00 UTC 2024';
        else {
          const block = params.ChallengeResponses.PASSWORD_CLAIM_SECRET_BLOCK;
          params.ChallengeResponses.PASSWORD_CLAIM_SECRET_BLOCK = `${block.slice(0, 100)}${block[100] === 'A' ? 'B' : 'A'}${block.slice(101)}`;
        }
      }
      original(operation, params, callback);
    };
    const result = await srpSignIn(tampered, 'hank', 'Hank-Pass-1');
    assert.equal(result.step, 'FAILURE', tamper);
    assert.equal(result.error.name, 'NotAuthorizedException', tamper);
  }

  // pycognito and warrant send PASSWORD_VERIFIER without the Session; the SECRET_BLOCK is enough.
  const sessionless = userPool(tessera.url, pool.Id, client.ClientId);
  const send = sessionless.client.request.bind(sessionless.client);
  sessionless.client.request = (operation, params, callback) => {
    if (operation === 'RespondToAuthChallenge') delete params.Session;
    send(operation, params, callback);
  };
  assert.equal((await srpSignIn(sessionless, 'hank', 'Hank-Pass-1')).step, 'SUCCESS');
  assert.equal((await srpSignIn(sessionless, 'hank', 'Hank-Pass-2')).error?.message, 'Incorrect username or password.');

  // DEVICE_SRP_AUTH answers only a session Tessera issued for it (devices.test.mjs does device SRP itself).
  await assert.rejects(idp.send(new RespondToAuthChallengeCommand({ ClientId: client.ClientId, ChallengeName: 'DEVICE_SRP_AUTH', ChallengeResponses: { USERNAME: 'hank', DEVICE_KEY: 'k', SRP_A: '02' } })),
    (e) => e.name === 'InvalidParameterException' && /Session/.test(e.message));
});

test('five wrong SRP proofs lock the user out like wrong passwords', async () => {
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id);
  const up = userPool(tessera.url, pool.Id, client.ClientId);
  await confirmedUser(up, 'ivy', 'Ivy-Pass-1');
  for (let i = 0; i < 5; i++) {
    assert.equal((await srpSignIn(up, 'ivy', 'Wrong-Pass-1')).error?.message, 'Incorrect username or password.');
  }
  assert.equal((await srpSignIn(up, 'ivy', 'Ivy-Pass-1')).error?.message, 'Password attempts exceeded');
});
