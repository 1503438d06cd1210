// SPDX-License-Identifier: Apache-2.0
// ForgotPassword's answers that depend on the pool and client settings, through the real AWS SDK (issue 22):
// an unknown user without PreventUserExistenceErrors, and a pool whose AccountRecoverySetting is admin_only.
import { test, before, after } from 'node:test';
import { ForgotPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser, rejectsWith } from '../lib/fixtures.mjs';

let tessera;
let idp;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); });
after(async () => { await tessera?.stop(); });

test('ForgotPassword, unknown user, PreventUserExistenceErrors off: UserNotFoundException "Username/client id combination not found."', async () => {
  const pool = await createPool(idp, { AutoVerifiedAttributes: ['email'] });
  const client = await createAppClient(idp, pool.Id, { PreventUserExistenceErrors: 'LEGACY' });

  await rejectsWith(idp.send(new ForgotPasswordCommand({ ClientId: client.ClientId, Username: 'ghost' })),
    'UserNotFoundException', 'Username/client id combination not found.');
});

test('ForgotPassword on an admin_only pool: NotAuthorizedException "Contact administrator to reset password.", known user or not', async () => {
  const pool = await createPool(idp, { AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] } });
  const client = await createAppClient(idp, pool.Id, { PreventUserExistenceErrors: 'ENABLED' });
  await createUser(idp, pool.Id, 'ada', 'Perm-Pass-1', { email: 'ada@example.com', email_verified: 'true' });

  for (const Username of ['ada', 'ghost']) {
    await rejectsWith(idp.send(new ForgotPasswordCommand({ ClientId: client.ClientId, Username })),
      'NotAuthorizedException', 'Contact administrator to reset password.');
  }
});
