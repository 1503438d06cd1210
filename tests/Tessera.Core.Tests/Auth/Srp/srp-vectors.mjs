// SPDX-License-Identifier: Apache-2.0
// Generates srp-vectors.json: SRP values computed by amazon-cognito-identity-js itself, for SrpServerTests.
// Run once from the repository root after `npm ci` in tests/compat:
//   node tests/Tessera.Core.Tests/Auth/Srp/srp-vectors.mjs > tests/Tessera.Core.Tests/Auth/Srp/srp-vectors.json
// The verifier comes from the library's generateHashDevice (the same x = H(salt | H(group + name + ":" + password))
// as a user's); A, TIMESTAMP and PASSWORD_CLAIM_SIGNATURE come from CognitoUser.authenticateUser answering a
// PASSWORD_VERIFIER challenge whose SALT, SRP_B and SECRET_BLOCK this script hands it.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';

const require = createRequire(new URL('../../../compat/package.json', import.meta.url));
const { AuthenticationHelper, AuthenticationDetails, CognitoUser, CognitoUserPool } = require('amazon-cognito-identity-js');
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger.js').default;

const RealDate = Date;
function freezeClock(iso) {
  globalThis.Date = class extends RealDate {
    constructor(...args) { if (args.length === 0) { super(iso); } else { super(...args); } }
    static now() { return new RealDate(iso).getTime(); }
  };
}

const modPow = (helper, base, exp) => new Promise((ok, fail) => helper.g.constructor.prototype.modPow.call(base, exp, helper.N, (e, r) => (e ? fail(e) : ok(r))));

async function vector({ poolName, userIdForSrp, password, clock }) {
  const helper = new AuthenticationHelper(poolName);
  helper.generateRandomString = () => password;
  await new Promise((ok, fail) => helper.generateHashDevice(poolName, userIdForSrp, (e) => (e ? fail(e) : ok())));
  const salt = helper.getSaltDevices();
  const verifier = helper.getVerifierDevices();

  // The server side of the exchange, only to have an SRP_B to hand the client: B = k·v + g^b mod N.
  const b = new BigInteger(randomBytes(32).toString('hex'), 16);
  const gb = await modPow(helper, helper.g, b);
  const bigB = helper.k.multiply(new BigInteger(verifier, 16)).add(gb).mod(helper.N);
  const secretBlock = randomBytes(96).toString('base64');

  freezeClock(clock);
  const pool = new CognitoUserPool({ UserPoolId: `us-east-1_${poolName}`, ClientId: 'vectorsclient0000000000000' });
  let srpA;
  let responses;
  pool.client.request = (operation, params, callback) => {
    if (operation === 'InitiateAuth') {
      srpA = params.AuthParameters.SRP_A;
      callback(null, { ChallengeName: 'PASSWORD_VERIFIER', Session: 'session-from-vectors-script', ChallengeParameters: {
        SALT: salt, SRP_B: bigB.toString(16), SECRET_BLOCK: secretBlock, USER_ID_FOR_SRP: userIdForSrp, USERNAME: userIdForSrp } });
    } else {
      responses = params.ChallengeResponses;
      callback(new Error('done'));
    }
  };
  const user = new CognitoUser({ Username: 'given-name', Pool: pool });
  await new Promise((ok) => user.authenticateUser(new AuthenticationDetails({ Username: 'given-name', Password: password }), { onSuccess: ok, onFailure: ok }));
  globalThis.Date = RealDate;

  return {
    poolName, userIdForSrp, password, salt, verifier, b: b.toString(16), srpB: bigB.toString(16), srpA,
    secretBlock, timestamp: responses.TIMESTAMP, signature: responses.PASSWORD_CLAIM_SIGNATURE,
    username: responses.USERNAME,
  };
}

const vectors = [];
vectors.push(await vector({ poolName: 'AbCdEf123', userIdForSrp: 'alice', password: 'Perm-Pass-1', clock: '2025-08-05T09:03:07Z' }));
vectors.push(await vector({ poolName: 'XyZ987654', userIdForSrp: '0b4f6e4a-3a5c-4d1e-9f7a-2c8b1d0e5f63', password: 'pässwörd-Ωmega 1', clock: '2026-11-26T23:59:59Z' }));
vectors.push(await vector({ poolName: 'Q1w2E3r4T', userIdForSrp: 'Bob.Smith', password: 'x'.repeat(99), clock: '2024-02-29T00:00:00Z' }));
process.stdout.write(`${JSON.stringify(vectors, null, 2)}\n`);
