// SPDX-License-Identifier: Apache-2.0
// amazon-cognito-identity-js against Tessera: its callbacks as promises, and a way to route its calls through
// the AWS SDK (for client secrets and the Admin* forms, which that library does not speak itself).
import { createHmac } from 'node:crypto';
import { CognitoUserPool, CognitoUser, AuthenticationDetails } from 'amazon-cognito-identity-js';
import {
  InitiateAuthCommand, RespondToAuthChallengeCommand, AdminInitiateAuthCommand, AdminRespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';

export function userPool(url, poolId, clientId) {
  return new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${url}/` });
}

/** Routes the pool's InitiateAuth/RespondToAuthChallenge through the SDK, as Admin* calls and/or with SECRET_HASH. */
export function throughSdk(pool, idp, { admin = false, clientSecret } = {}) {
  const UserPoolId = pool.getUserPoolId();
  const ClientId = pool.getClientId();
  const original = pool.client.request.bind(pool.client);
  pool.client.request = (operation, params, callback) => {
    const input = structuredClone(params);
    const values = input.AuthParameters ?? input.ChallengeResponses;
    if (clientSecret && values) {
      values.SECRET_HASH = createHmac('sha256', clientSecret).update(values.USERNAME + ClientId).digest('base64');
    }
    let command;
    if (operation === 'InitiateAuth') {
      command = admin ? new AdminInitiateAuthCommand({ ...input, UserPoolId }) : new InitiateAuthCommand(input);
    } else if (operation === 'RespondToAuthChallenge') {
      command = admin ? new AdminRespondToAuthChallengeCommand({ ...input, UserPoolId }) : new RespondToAuthChallengeCommand(input);
    } else {
      original(operation, params, callback);
      return;
    }
    idp.send(command).then((out) => callback(null, out), (err) => callback(err));
  };
  return pool;
}

/** Runs a callback-style call of CognitoUser and resolves with whichever callback it ends in. */
export function outcome(start) {
  return new Promise((resolve) => {
    const step = (name) => (challengeName, parameters) => resolve({ step: name, challengeName, parameters });
    start({
      onSuccess: (session) => resolve({ step: 'SUCCESS', session }),
      onFailure: (error) => resolve({ step: 'FAILURE', error }),
      newPasswordRequired: (userAttributes, requiredAttributes) => resolve({ step: 'NEW_PASSWORD_REQUIRED', userAttributes, requiredAttributes }),
      totpRequired: step('SOFTWARE_TOKEN_MFA'),
      mfaRequired: step('SMS_MFA'),
      mfaSetup: step('MFA_SETUP'),
      selectMFAType: step('SELECT_MFA_TYPE'),
      associateSecretCode: (secretCode) => resolve({ step: 'SECRET_CODE', secretCode }),
      customChallenge: (parameters) => resolve({ step: 'CUSTOM_CHALLENGE', parameters }),
    });
  });
}

/** A CognitoUser and an SRP sign-in with amazon-cognito-identity-js's default flow (USER_SRP_AUTH). */
export async function srpSignIn(pool, username, password) {
  const user = new CognitoUser({ Username: username, Pool: pool });
  const result = await outcome((cb) => user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), cb));
  return { user, ...result };
}
