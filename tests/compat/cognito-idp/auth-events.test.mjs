// SPDX-License-Identifier: Apache-2.0
// The user event history with real clients: sign-ins (USER_PASSWORD_AUTH with the AWS SDK, USER_SRP_AUTH with
// amazon-cognito-identity-js) recorded while threat protection is on, listed with AdminListUserAuthEvents page by page,
// feedback through AdminUpdateAuthEventFeedback and UpdateAuthEventFeedback; and the same through the AWS CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminListUserAuthEventsCommand, AdminUpdateAuthEventFeedbackCommand, InitiateAuthCommand, UpdateAuthEventFeedbackCommand,
  paginateAdminListUserAuthEvents,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser, rejectsWith } from '../lib/fixtures.mjs';
import { aws } from '../lib/aws-cli.mjs';
import { userPool, srpSignIn } from '../lib/srp-client.mjs';

let tessera;
let idp;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); });
after(async () => { await tessera?.stop(); });

const AUDIT = { UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } };
const signIn = (client, USERNAME, PASSWORD) => idp.send(new InitiateAuthCommand({
  ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD },
}));
const summary = (e) => `${e.EventType} ${e.EventResponse} ${e.ChallengeResponses.map((c) => `${c.ChallengeName}:${c.ChallengeResponse}`).join(',')}`;

test('SDK: failed and successful sign-ins are listed newest first, paged, and take feedback', async () => {
  const pool = await createPool(idp, AUDIT);
  const client = await createAppClient(idp, pool.Id);
  await createUser(idp, pool.Id, 'alice', 'Alice-Pass-1A');

  await rejectsWith(signIn(client, 'alice', 'Wrong-Pass-9'), 'NotAuthorizedException');
  const tokens = await signIn(client, 'alice', 'Alice-Pass-1A');
  assert.ok(tokens.AuthenticationResult.AccessToken);
  const srp = await srpSignIn(userPool(tessera.url, pool.Id, client.ClientId), 'alice', 'Alice-Pass-1A');
  assert.equal(srp.step, 'SUCCESS');

  const all = [];
  for await (const page of paginateAdminListUserAuthEvents({ client: idp, pageSize: 2 }, { UserPoolId: pool.Id, Username: 'alice' })) {
    assert.ok(page.AuthEvents.length <= 2);
    all.push(...page.AuthEvents);
  }
  assert.deepEqual(all.map(summary), ['SignIn Pass Password:Success', 'SignIn Pass Password:Success', 'SignIn Fail Password:Failure']);
  for (const e of all) {
    assert.match(e.EventId, /^[0-9a-f-]{36}$/);
    assert.ok(e.CreationDate instanceof Date && Math.abs(Date.now() - e.CreationDate.getTime()) < 120_000);
    assert.equal(e.EventContextData.IpAddress, '127.0.0.1');
    assert.equal(e.EventRisk.RiskDecision, 'NoRisk');
    assert.equal(e.EventRisk.CompromisedCredentialsDetected, false);
    assert.equal(e.EventFeedback, undefined);
  }
  assert.ok(all[0].CreationDate >= all[2].CreationDate);
  // The SDK's own User-Agent is the device name; the SRP sign-in came from amazon-cognito-identity-js.
  assert.match(all[2].EventContextData.DeviceName, /aws-sdk-js/);

  const first = await idp.send(new AdminListUserAuthEventsCommand({ UserPoolId: pool.Id, Username: 'alice', MaxResults: 1 }));
  assert.equal(first.AuthEvents.length, 1);
  assert.ok(first.NextToken);

  const failed = all[2];
  await idp.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: pool.Id, Username: 'alice', EventId: failed.EventId, FeedbackValue: 'Invalid' }));
  await rejectsWith(idp.send(new UpdateAuthEventFeedbackCommand({
    UserPoolId: pool.Id, Username: 'alice', EventId: failed.EventId, FeedbackToken: 'forged-token', FeedbackValue: 'Valid',
  })), 'NotAuthorizedException');
  const after = await idp.send(new AdminListUserAuthEventsCommand({ UserPoolId: pool.Id, Username: 'alice' }));
  const feedback = after.AuthEvents.find((e) => e.EventId === failed.EventId).EventFeedback;
  assert.equal(feedback.FeedbackValue, 'Invalid');
  assert.equal(feedback.Provider, 'Admin');
  assert.ok(feedback.FeedbackDate instanceof Date);
});

test('SDK: threat protection off, unknown user, unknown event', async () => {
  const off = await createPool(idp);
  await createUser(idp, off.Id, 'bob', 'Bob-Pass-1A');
  await rejectsWith(idp.send(new AdminListUserAuthEventsCommand({ UserPoolId: off.Id, Username: 'bob' })), 'UserPoolAddOnNotEnabledException');
  await rejectsWith(idp.send(new AdminUpdateAuthEventFeedbackCommand({
    UserPoolId: off.Id, Username: 'bob', EventId: 'e1', FeedbackValue: 'Valid' })), 'UserPoolAddOnNotEnabledException');

  const on = await createPool(idp, { UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } });
  await createUser(idp, on.Id, 'bob', 'Bob-Pass-1A');
  await rejectsWith(idp.send(new AdminListUserAuthEventsCommand({ UserPoolId: on.Id, Username: 'nobody' })), 'UserNotFoundException');
  await rejectsWith(idp.send(new AdminUpdateAuthEventFeedbackCommand({
    UserPoolId: on.Id, Username: 'bob', EventId: 'no-such-event', FeedbackValue: 'Valid' })), 'ResourceNotFoundException');
  assert.deepEqual((await idp.send(new AdminListUserAuthEventsCommand({ UserPoolId: on.Id, Username: 'bob' }))).AuthEvents, []);
});

test('AWS CLI: admin-list-user-auth-events and admin-update-auth-event-feedback', async () => {
  const pool = await createPool(idp, AUDIT);
  const client = await createAppClient(idp, pool.Id);
  await createUser(idp, pool.Id, 'carol', 'Carol-Pass-1A');
  await rejectsWith(signIn(client, 'carol', 'Wrong-Pass-9'), 'NotAuthorizedException');
  await signIn(client, 'carol', 'Carol-Pass-1A');

  const listed = await aws(tessera.url, 'cognito-idp', 'admin-list-user-auth-events', '--user-pool-id', pool.Id, '--username', 'carol');
  assert.equal(listed.error, undefined);
  assert.deepEqual(listed.out.AuthEvents.map(summary), ['SignIn Pass Password:Success', 'SignIn Fail Password:Failure']);
  // botocore parses the epoch-seconds CreationDate; this CLI prints it back as epoch seconds.
  assert.ok(Math.abs(Number(listed.out.AuthEvents[0].CreationDate) * 1000 - Date.now()) < 120_000);

  const eventId = listed.out.AuthEvents[0].EventId;
  const updated = await aws(tessera.url, 'cognito-idp', 'admin-update-auth-event-feedback', '--user-pool-id', pool.Id, '--username', 'carol',
    '--event-id', eventId, '--feedback-value', 'Valid');
  assert.equal(updated.error, undefined);
  const again = await aws(tessera.url, 'cognito-idp', 'admin-list-user-auth-events', '--user-pool-id', pool.Id, '--username', 'carol', '--max-items', '1');
  assert.equal(again.out.AuthEvents[0].EventFeedback.FeedbackValue, 'Valid');
  assert.equal(again.out.AuthEvents[0].EventFeedback.Provider, 'Admin');

  const off = await createPool(idp);
  await createUser(idp, off.Id, 'dan', 'Dan-Pass-1A');
  const refused = await aws(tessera.url, 'cognito-idp', 'admin-list-user-auth-events', '--user-pool-id', off.Id, '--username', 'dan');
  assert.match(refused.error, /UserPoolAddOnNotEnabledException/);
});
