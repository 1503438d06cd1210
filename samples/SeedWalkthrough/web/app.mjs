// SPDX-License-Identifier: Apache-2.0
// The walkthrough's browser app. Every value it needs comes from /config.json (run.sh writes it), so the same
// page runs against AWS Cognito: point the endpoints at your pool's domain and leave awsEndpoint out.
import {
  CognitoIdentityClient, GetIdCommand, GetCredentialsForIdentityCommand, STSClient, GetCallerIdentityCommand,
} from './vendor/aws.js';

const TOKENS = 'walkthrough.tokens';
const PENDING = 'walkthrough.pending-sign-in';
const $ = (id) => document.getElementById(id);

const config = await (await fetch('/config.json', { cache: 'no-store' })).json();

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

const randomString = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

/** RFC 7636 §4.2: code_challenge = BASE64URL(SHA256(code_verifier)). */
async function s256(verifier) {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/** The claims of a JWT, for display only: the API and the identity pool verify the signature. */
function claims(jwt) {
  const json = atob(jwt.split('.')[1].replaceAll('-', '+').replaceAll('_', '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
}

function storedTokens() {
  const tokens = JSON.parse(sessionStorage.getItem(TOKENS) ?? 'null');
  if (tokens && claims(tokens.access_token).exp * 1000 > Date.now()) return tokens;
  sessionStorage.removeItem(TOKENS);
  return null;
}

function currentTokens() {
  const tokens = storedTokens();
  if (tokens) return tokens;
  render();
  throw new Error('Your session has ended: sign in again.');
}

async function signIn() {
  const pending = { state: randomString(), verifier: randomString() };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const params = new URLSearchParams({
    response_type: 'code', client_id: config.clientId, redirect_uri: config.redirectUri, scope: 'openid email profile',
    state: pending.state, code_challenge: await s256(pending.verifier), code_challenge_method: 'S256',
  });
  location.assign(`${config.authorizationEndpoint}?${params}`);
}

/** The hosted UI came back to /callback: check the state, then trade the code at /oauth2/token. */
async function completeSignIn(callback) {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', '/');
  const error = callback.searchParams.get('error');
  if (error) throw new Error(`The hosted UI answered ${error}: ${callback.searchParams.get('error_description') ?? ''}`);
  if (!pending || callback.searchParams.get('state') !== pending.state) {
    throw new Error('The callback does not answer a sign-in this page started (state mismatch): sign in again.');
  }
  const code = callback.searchParams.get('code');
  const response = await fetch(config.tokenEndpoint, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code', client_id: config.clientId, code, redirect_uri: config.redirectUri, code_verifier: pending.verifier,
    }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`The token endpoint answered ${response.status} ${body.error}: ${body.error_description ?? ''}`);
  sessionStorage.setItem(TOKENS, JSON.stringify(body));
}

async function callApi(tokens) {
  const api = config.apis[$('api').value];
  const response = await fetch(`${api.url}/api/hello`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
  const text = await response.text();
  $('api-result').textContent = response.ok ? text : `${response.status} ${response.headers.get('www-authenticate') ?? ''}\n${text}`;
}

/** The identity pool trades the ID token for AWS credentials; STS tells who those credentials are. */
async function getCredentials(tokens) {
  const endpoint = config.awsEndpoint ? { endpoint: config.awsEndpoint } : {};
  const logins = { [`cognito-idp.${config.region}.amazonaws.com/${config.userPoolId}`]: tokens.id_token };
  const identity = new CognitoIdentityClient({ region: config.region, ...endpoint });
  const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: config.identityPoolId, Logins: logins }));
  const { Credentials } = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
  const sts = new STSClient({
    region: config.region, ...endpoint,
    credentials: { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretKey, sessionToken: Credentials.SessionToken },
  });
  const caller = await sts.send(new GetCallerIdentityCommand({}));
  showFacts($('aws-result'), [
    ['Identity ID', IdentityId, 'identity-id'],
    ['Access key', Credentials.AccessKeyId, 'access-key'],
    ['Expires', Credentials.Expiration.toISOString(), 'expiration'],
    ['Account', caller.Account, 'account'],
    ['Assumed role', caller.Arn, 'role-arn'],
  ]);
}

function showFacts(output, facts) {
  const list = document.createElement('dl');
  for (const [term, value, id] of facts) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.id = id;
    dd.textContent = value;
    list.append(dt, dd);
  }
  output.replaceChildren(list);
}

function signOut() {
  sessionStorage.removeItem(TOKENS);
  location.assign(`${config.logoutEndpoint}?${new URLSearchParams({ client_id: config.clientId, logout_uri: config.logoutUri })}`);
}

/** Runs a button's work with the button disabled; a failure is shown, not swallowed. */
function onClick(button, work) {
  button.addEventListener('click', async () => {
    $('error').textContent = '';
    button.disabled = true;
    try { await work(); } catch (e) { $('error').textContent = e.message; } finally { button.disabled = false; }
  });
}

function render() {
  const tokens = storedTokens();
  $('signed-out').hidden = Boolean(tokens);
  $('signed-in').hidden = !tokens;
  if (!tokens) return;
  const access = claims(tokens.access_token);
  $('username').textContent = claims(tokens.id_token)['cognito:username'];
  $('expiry').textContent = `(access token valid until ${new Date(access.exp * 1000).toLocaleTimeString()})`;
}

for (const [key, api] of Object.entries(config.apis)) $('api').add(new Option(`${api.name} — ${api.url}`, key));
onClick($('sign-in'), signIn);
onClick($('call-api'), () => callApi(currentTokens()));
onClick($('get-credentials'), () => getCredentials(currentTokens()));
onClick($('sign-out'), async () => signOut());

const here = new URL(location.href);
if (here.pathname === new URL(config.redirectUri).pathname) {
  try { await completeSignIn(here); } catch (e) { $('error').textContent = e.message; }
}
render();
