// SPDX-License-Identifier: Apache-2.0
// Sign-up to sign-out with the AWS CLI (botocore): unsigned calls, signed admin calls, error codes on stderr.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startTessera, devCredentials } from '../lib/server.mjs';
import { latestCode } from '../lib/inbox.mjs';

const run = promisify(execFile);
let tessera;
before(async () => { tessera = await startTessera(); });
after(async () => { await tessera?.stop(); });

async function aws(...args) {
  const { stdout } = await run('aws', ['--endpoint-url', tessera.url, '--output', 'json', 'cognito-idp', ...args], {
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: devCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: devCredentials.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_PAGER: '',
      AWS_MAX_ATTEMPTS: '1',
    },
  });
  return stdout.trim() ? JSON.parse(stdout) : {};
}

async function awsFails(code, ...args) {
  await assert.rejects(aws(...args), (e) => {
    assert.match(e.stderr, new RegExp(`\\(${code}\\)`));
    return true;
  });
}

test('aws cognito-idp: sign-up, confirm-sign-up, initiate-auth, forgot-password, global-sign-out', async () => {
  const pool = (await aws('create-user-pool', '--pool-name', 'cli', '--auto-verified-attributes', 'email')).UserPool.Id;
  const client = (await aws('create-user-pool-client', '--user-pool-id', pool, '--client-name', 'cli',
    '--explicit-auth-flows', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH')).UserPoolClient.ClientId;

  const signUp = await aws('sign-up', '--client-id', client, '--username', 'cli-user', '--password', 'Perm-Pass-1',
    '--user-attributes', 'Name=email,Value=cli@example.com');
  assert.equal(signUp.UserConfirmed, false);
  assert.equal(signUp.CodeDeliveryDetails.Destination, 'c***@e***');

  await awsFails('CodeMismatchException', 'confirm-sign-up', '--client-id', client, '--username', 'cli-user', '--confirmation-code',
    (await latestCode(tessera.url, 'cli@example.com')) === '000000' ? '000001' : '000000');
  await aws('confirm-sign-up', '--client-id', client, '--username', 'cli-user', '--confirmation-code', await latestCode(tessera.url, 'cli@example.com'));
  assert.equal((await aws('admin-get-user', '--user-pool-id', pool, '--username', 'cli-user')).UserStatus, 'CONFIRMED');

  const auth = await aws('initiate-auth', '--client-id', client, '--auth-flow', 'USER_PASSWORD_AUTH',
    '--auth-parameters', 'USERNAME=cli-user,PASSWORD=Perm-Pass-1');
  const tokens = auth.AuthenticationResult;

  await aws('forgot-password', '--client-id', client, '--username', 'cli-user');
  await aws('confirm-forgot-password', '--client-id', client, '--username', 'cli-user',
    '--confirmation-code', await latestCode(tessera.url, 'cli@example.com'), '--password', 'Reset-Pass-2');

  await aws('global-sign-out', '--access-token', tokens.AccessToken);
  await awsFails('NotAuthorizedException', 'get-user', '--access-token', tokens.AccessToken);
  await awsFails('NotAuthorizedException', 'initiate-auth', '--client-id', client, '--auth-flow', 'REFRESH_TOKEN_AUTH',
    '--auth-parameters', `REFRESH_TOKEN=${tokens.RefreshToken}`);
  const again = await aws('initiate-auth', '--client-id', client, '--auth-flow', 'USER_PASSWORD_AUTH',
    '--auth-parameters', 'USERNAME=cli-user,PASSWORD=Reset-Pass-2');
  assert.ok(again.AuthenticationResult.AccessToken);
});
