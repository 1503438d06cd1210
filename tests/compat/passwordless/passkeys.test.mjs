// SPDX-License-Identifier: Apache-2.0
// Passkeys with the real AWS SDK and a software authenticator: StartWebAuthnRegistration / CompleteWebAuthnRegistration,
// ListWebAuthnCredentials, DeleteWebAuthnCredential, GetUserAuthFactors, and USER_AUTH with WEB_AUTHN, with the
// errors for an unknown credential, a wrong origin, a wrong relying party, a replayed or cloned assertion, and a
// factor the pool does not allow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminGetUserAuthFactorsCommand, AdminInitiateAuthCommand, AdminRespondToAuthChallengeCommand, CompleteWebAuthnRegistrationCommand, DeleteWebAuthnCredentialCommand, GetUserAuthFactorsCommand, InitiateAuthCommand,
  ListWebAuthnCredentialsCommand, RespondToAuthChallengeCommand, SetUserPoolMfaConfigCommand, StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser, rejectsWith } from '../lib/fixtures.mjs';
import { SoftwareAuthenticator } from '../lib/webauthn.mjs';

let tessera;
let idp;
before(async () => { tessera = await startTessera(); idp = idpClient(tessera.url); });
after(async () => { await tessera?.stop(); });

const password = 'Perm-Pass-1';
const origin = 'http://localhost:5173';

/** A pool allowing `factors` with the local relying party, a USER_AUTH client, a user and their access token. */
async function passkeyPool({ factors = ['PASSWORD', 'WEB_AUTHN'] } = {}) {
  const pool = await createPool(idp, { Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors } } });
  await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'preferred' } }));
  const app = await createAppClient(idp, pool.Id, { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
  await createUser(idp, pool.Id, 'ada', password);
  const signedIn = await start(app, { USERNAME: 'ada', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: password });
  return { pool, app, token: signedIn.AuthenticationResult.AccessToken };
}

const start = (app, AuthParameters) => idp.send(new InitiateAuthCommand({ ClientId: app.ClientId, AuthFlow: 'USER_AUTH', AuthParameters }));
const answer = (app, challenge, credential) => idp.send(new RespondToAuthChallengeCommand({
  ClientId: app.ClientId, ChallengeName: 'WEB_AUTHN', Session: challenge.Session, ChallengeResponses: { USERNAME: 'ada', CREDENTIAL: credential },
}));
const passkeyChallenge = (app) => start(app, { USERNAME: 'ada', PREFERRED_CHALLENGE: 'WEB_AUTHN' });

async function register(token, authenticator, { at = origin, rpId } = {}) {
  const { CredentialCreationOptions: options } = await idp.send(new StartWebAuthnRegistrationCommand({ AccessToken: token }));
  return idp.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: authenticator.register(options, at, { rpId }) }));
}

test('a passkey is registered, listed, offered, signs in once, and is deleted', async () => {
  const { app, token } = await passkeyPool();
  const authenticator = new SoftwareAuthenticator();

  const { CredentialCreationOptions: options } = await idp.send(new StartWebAuthnRegistrationCommand({ AccessToken: token }));
  assert.equal(options.rp.id, 'localhost');
  assert.equal(options.user.name, 'ada');
  assert.equal(options.authenticatorSelection.userVerification, 'preferred');
  assert.deepEqual(options.pubKeyCredParams.map((p) => p.alg), [-7, -257]);
  await idp.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: authenticator.register(options, origin) }));

  const listed = await idp.send(new ListWebAuthnCredentialsCommand({ AccessToken: token }));
  assert.equal(listed.Credentials.length, 1);
  const [credential] = listed.Credentials;
  assert.equal(credential.CredentialId, authenticator.id);
  assert.equal(credential.RelyingPartyId, 'localhost');
  assert.equal(credential.AuthenticatorAttachment, 'cross-platform');
  assert.deepEqual(credential.AuthenticatorTransports, ['usb']);
  assert.ok(credential.CreatedAt instanceof Date && credential.FriendlyCredentialName);
  const factors = await idp.send(new GetUserAuthFactorsCommand({ AccessToken: token }));
  assert.deepEqual(factors.ConfiguredUserAuthFactors, ['PASSWORD', 'WEB_AUTHN']);
  const select = await start(app, { USERNAME: 'ada' });
  assert.deepEqual(select.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'WEB_AUTHN']);

  const challenge = await passkeyChallenge(app);
  assert.equal(challenge.ChallengeName, 'WEB_AUTHN');
  const requestOptions = JSON.parse(challenge.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS);
  assert.equal(requestOptions.rpId, 'localhost');
  assert.deepEqual(requestOptions.allowCredentials.map((c) => c.id), [authenticator.id]);
  authenticator.counter = 1;
  const assertion = authenticator.assert(challenge.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS, origin);
  const signedIn = await answer(app, challenge, assertion);
  assert.ok(signedIn.AuthenticationResult.AccessToken);
  await rejectsWith(answer(app, challenge, assertion), 'NotAuthorizedException', 'Invalid session for the user, session can only be used once.');

  await idp.send(new DeleteWebAuthnCredentialCommand({ AccessToken: token, CredentialId: authenticator.id }));
  assert.deepEqual((await idp.send(new ListWebAuthnCredentialsCommand({ AccessToken: token }))).Credentials, []);
  await rejectsWith(idp.send(new DeleteWebAuthnCredentialCommand({ AccessToken: token, CredentialId: authenticator.id })), 'ResourceNotFoundException');
  assert.deepEqual((await idp.send(new GetUserAuthFactorsCommand({ AccessToken: token }))).ConfiguredUserAuthFactors, ['PASSWORD']);
});

test('registration refuses a wrong origin, a wrong relying party, a reused challenge and a pool without WEB_AUTHN', async () => {
  const { token } = await passkeyPool();
  await rejectsWith(register(token, new SoftwareAuthenticator(), { at: 'https://evil.example' }), 'WebAuthnOriginNotAllowedException');
  await rejectsWith(register(token, new SoftwareAuthenticator(), { rpId: 'evil.example' }), 'WebAuthnRelyingPartyMismatchException');

  const { CredentialCreationOptions: options } = await idp.send(new StartWebAuthnRegistrationCommand({ AccessToken: token }));
  await idp.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: new SoftwareAuthenticator().register(options, origin) }));
  await rejectsWith(idp.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: new SoftwareAuthenticator().register(options, origin) })),
    'WebAuthnChallengeNotFoundException');
  await rejectsWith(idp.send(new StartWebAuthnRegistrationCommand({ AccessToken: 'not-a-token' })), 'NotAuthorizedException');

  const { token: passwordOnly } = await passkeyPool({ factors: ['PASSWORD'] });
  await rejectsWith(idp.send(new StartWebAuthnRegistrationCommand({ AccessToken: passwordOnly })), 'WebAuthnNotEnabledException');
});

test('WEB_AUTHN refuses an unknown credential, a wrong origin, a wrong relying party and a cloned authenticator', async () => {
  const { app, token } = await passkeyPool();
  const authenticator = new SoftwareAuthenticator();
  authenticator.counter = 10;
  await register(token, authenticator);

  const refused = async (make, message) => {
    const challenge = await passkeyChallenge(app);
    await rejectsWith(answer(app, challenge, make(challenge.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS)), 'NotAuthorizedException', message);
  };
  await refused((o) => new SoftwareAuthenticator().assert(o, origin), 'The passkey is not registered for this user.');
  await refused((o) => authenticator.assert(o, 'https://evil.example'), 'The passkey was used from an origin this user pool does not allow.');
  await refused((o) => authenticator.assert(o, origin, { rpId: 'evil.example' }), 'The passkey belongs to another relying party.');

  authenticator.counter = 11;
  const challenge = await passkeyChallenge(app);
  await answer(app, challenge, authenticator.assert(challenge.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS, origin));
  // A clone still signs with counter 11: the stored counter is 11 now.
  await refused((o) => authenticator.assert(o, origin), "The passkey's signature counter did not advance: the authenticator may be cloned.");
});

test('a pool that does not allow WEB_AUTHN never offers it, and a WEB_AUTHN answer to another challenge is refused', async () => {
  const { app } = await passkeyPool({ factors: ['PASSWORD'] });
  const select = await passkeyChallenge(app);
  assert.equal(select.ChallengeName, 'SELECT_CHALLENGE');
  assert.deepEqual(select.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP']);
  await rejectsWith(idp.send(new RespondToAuthChallengeCommand({
    ClientId: app.ClientId, ChallengeName: 'SELECT_CHALLENGE', Session: select.Session, ChallengeResponses: { USERNAME: 'ada', ANSWER: 'WEB_AUTHN' },
  })), 'InvalidParameterException');
  await rejectsWith(answer(app, select, '{}'), 'NotAuthorizedException');
});

test('AdminInitiateAuth USER_AUTH with WEB_AUTHN and AdminRespondToAuthChallenge sign in with the passkey; AdminGetUserAuthFactors lists it', async () => {
  const { pool, app, token } = await passkeyPool();
  const authenticator = new SoftwareAuthenticator();
  await register(token, authenticator);
  assert.deepEqual((await idp.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: pool.Id, Username: 'ada' }))).ConfiguredUserAuthFactors, ['PASSWORD', 'WEB_AUTHN']);

  const challenge = await idp.send(new AdminInitiateAuthCommand({ UserPoolId: pool.Id, ClientId: app.ClientId, AuthFlow: 'USER_AUTH',
    AuthParameters: { USERNAME: 'ada', PREFERRED_CHALLENGE: 'WEB_AUTHN' } }));
  assert.equal(challenge.ChallengeName, 'WEB_AUTHN');
  authenticator.counter = 1;
  const signedIn = await idp.send(new AdminRespondToAuthChallengeCommand({ UserPoolId: pool.Id, ClientId: app.ClientId, ChallengeName: 'WEB_AUTHN',
    Session: challenge.Session, ChallengeResponses: { USERNAME: 'ada', CREDENTIAL: authenticator.assert(challenge.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS, origin) } }));
  assert.ok(signedIn.AuthenticationResult.IdToken);
});
