// SPDX-License-Identifier: Apache-2.0
// Trigger functions written as users write them for Cognito. Each records the event it got in
// $TRIGGER_EVENTS_DIR (one JSON file per call) so the tests can check what Tessera sent.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

function record(event) {
  const dir = process.env.TRIGGER_EVENTS_DIR;
  if (dir) writeFileSync(join(dir, `${event.triggerSource}-${Date.now()}-${randomUUID()}.json`), JSON.stringify(event));
}

export const preSignUp = async (event) => {
  record(event);
  const meta = event.request.clientMetadata ?? {};
  if (meta.reject) throw new Error(meta.reject);
  if (event.request.validationData?.invited === 'yes' || meta.autoConfirm === 'yes') {
    event.response.autoConfirmUser = true;
    event.response.autoVerifyEmail = 'email' in event.request.userAttributes;
  }
  return event;
};

export const postConfirmation = async (event) => { record(event); return event; };

export const preAuthentication = async (event) => {
  record(event);
  if (event.userName.startsWith('blocked')) throw new Error('This account is on hold');
  return event;
};

export const postAuthentication = async (event) => { record(event); return event; };

export const customMessage = async (event) => {
  record(event);
  const { codeParameter, usernameParameter } = event.request;
  event.response.emailSubject = `Hello from ${event.triggerSource}`;
  event.response.emailMessage = usernameParameter
    ? `Welcome ${usernameParameter}, your temporary password is ${codeParameter}`
    : `Your custom code is ${codeParameter}.`;
  event.response.smsMessage = `Code ${codeParameter}`;
  return event;
};

export const customMessageNoCode = async (event) => {
  event.response.emailMessage = 'A message without the code';
  return event;
};

export const preTokenV1 = async (event) => {
  record(event);
  event.response = {
    claimsOverrideDetails: {
      claimsToAddOrOverride: { tier: 'gold', given_name: 'Overridden' },
      claimsToSuppress: ['family_name'],
      groupOverrideDetails: { groupsToOverride: ['from-trigger'] },
    },
  };
  return event;
};

export const preTokenV2 = async (event) => {
  record(event);
  event.response = {
    claimsAndScopeOverrideDetails: {
      idTokenGeneration: { claimsToAddOrOverride: { tier: 'platinum' }, claimsToSuppress: ['family_name'] },
      accessTokenGeneration: {
        claimsToAddOrOverride: { tenant: 'acme', roles: ['admin', 'billing'] },
        scopesToAdd: ['orders/read'],
        scopesToSuppress: [],
      },
      groupOverrideDetails: { groupsToOverride: ['v2-group'] },
    },
  };
  return event;
};

// A legacy directory of one user; anyone else is unknown to it.
const legacy = {
  'legacy-ann': { password: 'Legacy-Pass1!', email: 'ann@legacy.example' },
  'legacy-wes': { password: 'Legacy-Pass1!', email: 'wes@legacy.example' },
  'legacy-sue': { password: 'Legacy-Pass1!', email: 'sue@legacy.example' },
};

export const migrate = async (event) => {
  record(event);
  const known = legacy[event.userName];
  if (!known) throw new Error('Bad password');
  if (event.triggerSource === 'UserMigration_Authentication' && event.request.password !== known.password) {
    throw new Error('Bad password');
  }
  // "True", as a Python function's str(True) writes it: Cognito reads boolean values case-insensitively.
  event.response.userAttributes = { email: known.email, email_verified: 'True' };
  event.response.finalUserStatus = 'CONFIRMED';
  // AWS sends its welcome message unless the function answers SUPPRESS; the tests ask for it through ClientMetadata.
  if (event.request.clientMetadata?.welcome === 'yes') event.response.desiredDeliveryMediums = ['EMAIL'];
  else event.response.messageAction = 'SUPPRESS';
  return event;
};

export const throws = async () => { throw new Error('Nope from the function'); };

export const slow = async (event) => {
  await new Promise((r) => setTimeout(r, 8000));
  return event;
};

// Not the event: a string with a stray quote, which serverless-offline passes on as invalid JSON.
export const garbage = async () => 'this is "not json';
