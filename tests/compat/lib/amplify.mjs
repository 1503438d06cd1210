// SPDX-License-Identifier: Apache-2.0
// Amplify v6 in Node pointed at a started Tessera (userPoolEndpoint), and a record of the Cognito calls it
// makes: some Amplify APIs swallow a failed call (signOut's RevokeToken and GlobalSignOut), so the suites
// check what was sent and what Tessera answered, as well as the state read back through the AWS SDK.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Amplify } from 'aws-amplify';
import { startTessera } from './server.mjs';
import { idpClient } from './fixtures.mjs';

/**
 * A started Tessera for one test file (node:test before/after hooks): `suite.url` and `suite.idp` (the SDK
 * client for set-up and read-back) once started. `setUp` runs first and returns startTessera's options;
 * `tearDown` runs after Tessera stops.
 */
export function amplifySuite({ setUp, tearDown } = {}) {
  const suite = {};
  before(async () => {
    suite.tessera = await startTessera(setUp ? await setUp() : {});
    suite.url = suite.tessera.url;
    suite.idp = idpClient(suite.url);
  });
  after(async () => { await suite.tessera?.stop(); await tearDown?.(); });
  return suite;
}

/** Points Amplify's Auth category at `url` for the pool and app client; `cognito` adds Auth.Cognito settings. */
export function configureAmplify(url, poolId, clientId, cognito = {}) {
  Amplify.configure({ Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: url, ...cognito } } });
}

const calls = [];
let recording = false;

/**
 * Every Cognito JSON call made through fetch from now on: { operation, request, status, error }, where
 * `error` is the `__type` of a failed answer. The array is shared; `calls.length = 0` starts a new record.
 */
export function cognitoCalls() {
  if (!recording) {
    recording = true;
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      const target = new Headers(init?.headers).get('x-amz-target');
      const response = await realFetch(input, init);
      if (target) {
        const request = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
        const error = response.ok ? undefined : (await response.clone().json()).__type;
        calls.push({ operation: target.split('.').pop(), request, status: response.status, error });
      }
      return response;
    };
  }
  return calls;
}

/** [operation, AuthFlow or ChallengeName] of each recorded call: the shape of a sign-in. */
export const flowOf = (recorded) => recorded.map((c) => [c.operation, c.request?.AuthFlow ?? c.request?.ChallengeName]);


/** Asserts that an Amplify call fails with the Cognito error `name` (Amplify's AuthError keeps it) and, when given, `message`. */
export function rejectsNamed(promise, name, message) {
  return assert.rejects(promise, (e) => {
    assert.equal(e.name, name, e.message);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  });
}
