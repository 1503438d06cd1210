// SPDX-License-Identifier: Apache-2.0
// A security-question challenge written as the AWS developer guide's examples are: Define runs the sequence
// (SRP_A → PASSWORD_VERIFIER → CUSTOM_CHALLENGE when the sign-in starts with SRP, three tries at the question),
// Create asks for the user's PIN (custom:pin) and keeps the answer in privateChallengeParameters, Verify compares.

const MAX_ATTEMPTS = 3;

export const define = async (event) => {
  const session = event.request.session;
  const last = session[session.length - 1];
  const tries = session.filter((s) => s.challengeName === 'CUSTOM_CHALLENGE').length;
  event.response.issueTokens = false;
  event.response.failAuthentication = false;
  if (last?.challengeName === 'SRP_A') {
    event.response.challengeName = 'PASSWORD_VERIFIER';
  } else if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult === true) {
    event.response.issueTokens = true;
  } else if (last?.challengeName === 'PASSWORD_VERIFIER' && last.challengeResult !== true) {
    event.response.failAuthentication = true;
  } else if (tries >= MAX_ATTEMPTS) {
    event.response.failAuthentication = true;
  } else {
    event.response.challengeName = 'CUSTOM_CHALLENGE';
  }
  return event;
};

export const create = async (event) => {
  const session = event.request.session;
  event.response.publicChallengeParameters = {
    question: 'What is your PIN?',
    attempt: String(session.filter((s) => s.challengeName === 'CUSTOM_CHALLENGE').length + 1),
    // What the function saw, so the tests can check the event Tessera built.
    seen: JSON.stringify({
      previous: session.map((s) => s.challengeName),
      clientMetadata: event.request.clientMetadata ?? null,
      userNotFound: event.request.userNotFound ?? false,
      email: event.request.userAttributes.email ?? null,
      status: event.request.userAttributes['cognito:user_status'] ?? null,
      triggerSource: event.triggerSource,
    }),
  };
  event.response.privateChallengeParameters = { answer: event.request.userAttributes['custom:pin'] ?? '' };
  event.response.challengeMetadata = `PIN-${session.length}`;
  return event;
};

export const verify = async (event) => {
  const expected = event.request.privateChallengeParameters.answer;
  event.response.answerCorrect = expected !== '' && event.request.challengeAnswer === expected;
  return event;
};

export const refuse = async (event) => {
  event.response.issueTokens = false;
  event.response.failAuthentication = true;
  return event;
};

export const broken = async () => {
  throw new Error('the challenge store is down');
};

/** PreTokenGeneration (V1): stamps the ID token with the source Cognito gave, to show custom sign-ins reach it. */
export const stamp = async (event) => {
  event.response = { claimsOverrideDetails: { claimsToAddOrOverride: { signed_in_by: event.triggerSource } } };
  return event;
};
