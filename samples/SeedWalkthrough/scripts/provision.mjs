// SPDX-License-Identifier: Apache-2.0
// Creates what the walkthrough needs, or finds it from an earlier run: a user pool with a hosted-UI domain, an app
// client whose callback is the app's, the user alice, and an identity pool whose authenticated role the
// credentials assume. Writes the page's config.json and, for run.sh, an env file.
// Environment: TESSERA_URL, APP_URL, API_URL, EXPRESS_URL, CONFIG_FILE, ENV_FILE, WALKTHROUGH_USER, WALKTHROUGH_PASSWORD;
// AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY when Tessera verifies admin calls (start-dev without keys accepts any).
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import {
  CognitoIdentityProviderClient, ListUserPoolsCommand, CreateUserPoolCommand, DescribeUserPoolCommand, ListUserPoolClientsCommand,
  CreateUserPoolClientCommand, UpdateUserPoolClientCommand, CreateUserPoolDomainCommand, AdminGetUserCommand, AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CognitoIdentityClient, ListIdentityPoolsCommand, CreateIdentityPoolCommand, UpdateIdentityPoolCommand, SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity';

const NAME = 'SeedWalkthrough';
const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`provision.mjs needs ${name}`);
  return value;
};
const tessera = env('TESSERA_URL');
const appUrl = env('APP_URL');
const username = env('WALKTHROUGH_USER', 'alice');
const password = env('WALKTHROUGH_PASSWORD');
const region = env('AWS_REGION', 'us-east-1');
const credentials = process.env.AWS_ACCESS_KEY_ID
  ? { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY, sessionToken: process.env.AWS_SESSION_TOKEN }
  : { accessKeyId: 'AKIDWALKTHROUGH', secretAccessKey: 'start-dev-accepts-any-key' };
const clientConfig = { endpoint: tessera, region, credentials, maxAttempts: 1 };
const idp = new CognitoIdentityProviderClient(clientConfig);
const identity = new CognitoIdentityClient(clientConfig);
const step = (message) => console.log(`   ${message}`);

async function userPool() {
  for (let NextToken; ;) {
    const page = await idp.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken }));
    const found = page.UserPools.find((p) => p.Name === NAME);
    if (found) { step(`user pool ${found.Id} (found)`); return found.Id; }
    if (!(NextToken = page.NextToken)) break;
  }
  const { UserPool } = await idp.send(new CreateUserPoolCommand({
    PoolName: NAME, AutoVerifiedAttributes: ['email'],
  }));
  step(`user pool ${UserPool.Id} (created)`);
  return UserPool.Id;
}

/** The client the page signs in with: a public client (no secret) on the code flow, calling back to the app. */
async function appClient(UserPoolId) {
  const settings = {
    UserPoolId, ClientName: 'web', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: ['openid', 'email', 'profile'], SupportedIdentityProviders: ['COGNITO'],
    CallbackURLs: [`${appUrl}/callback`], LogoutURLs: [`${appUrl}/`],
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  };
  const { UserPoolClients } = await idp.send(new ListUserPoolClientsCommand({ UserPoolId, MaxResults: 60 }));
  const existing = UserPoolClients.find((c) => c.ClientName === settings.ClientName);
  if (existing) {
    // The app's port may differ from the last run: the callback and sign-out URLs follow it.
    await idp.send(new UpdateUserPoolClientCommand({ ...settings, ClientId: existing.ClientId }));
    step(`app client ${existing.ClientId} (found; callback ${settings.CallbackURLs[0]})`);
    return existing.ClientId;
  }
  const { UserPoolClient } = await idp.send(new CreateUserPoolClientCommand({ ...settings, GenerateSecret: false }));
  step(`app client ${UserPoolClient.ClientId} (created; callback ${settings.CallbackURLs[0]})`);
  return UserPoolClient.ClientId;
}

async function domain(UserPoolId) {
  const { UserPool } = await idp.send(new DescribeUserPoolCommand({ UserPoolId }));
  if (UserPool.Domain) { step(`hosted UI domain ${UserPool.Domain} (found)`); return UserPool; }
  // Domain prefixes are unique across the whole service, as in AWS: a random suffix keeps runs from colliding.
  const Domain = `seed-walkthrough-${randomBytes(4).toString('hex')}`;
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId, Domain }));
  step(`hosted UI domain ${Domain} (created)`);
  return { ...UserPool, Domain };
}

async function user(UserPoolId) {
  try {
    await idp.send(new AdminGetUserCommand({ UserPoolId, Username: username }));
    step(`user ${username} (found; password reset to the walkthrough's)`);
  } catch (e) {
    if (e.name !== 'UserNotFoundException') throw e;
    await idp.send(new AdminCreateUserCommand({
      UserPoolId, Username: username, MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }],
    }));
    step(`user ${username} (created)`);
  }
  // A permanent password: the sign-in goes straight to the callback, no new-password step.
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: username, Password: password, Permanent: true }));
}

async function identityPool(UserPoolId, ClientId, accountId) {
  const provider = { ProviderName: `cognito-idp.${region}.amazonaws.com/${UserPoolId}`, ClientId, ServerSideTokenCheck: false };
  const settings = { IdentityPoolName: NAME, AllowUnauthenticatedIdentities: false, CognitoIdentityProviders: [provider] };
  let id;
  for (let NextToken; !id;) {
    const page = await identity.send(new ListIdentityPoolsCommand({ MaxResults: 60, NextToken }));
    id = page.IdentityPools.find((p) => p.IdentityPoolName === NAME)?.IdentityPoolId;
    if (!(NextToken = page.NextToken)) break;
  }
  if (id) {
    await identity.send(new UpdateIdentityPoolCommand({ ...settings, IdentityPoolId: id }));
    step(`identity pool ${id} (found)`);
  } else {
    id = (await identity.send(new CreateIdentityPoolCommand(settings))).IdentityPoolId;
    step(`identity pool ${id} (created)`);
  }
  const role = `arn:aws:iam::${accountId}:role/${NAME}Authenticated`;
  await identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { authenticated: role } }));
  step(`authenticated role ${role}`);
  return { id, role };
}

async function discovery(UserPoolId) {
  const url = `${tessera}/${UserPoolId}/.well-known/openid-configuration`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

const poolId = await userPool();
const clientId = await appClient(poolId);
const pool = await domain(poolId);
await user(poolId);
// The pool's ARN carries the account the roles belong to (Tessera:AccountId, 000000000000 by default).
const accountId = pool.Arn.split(':')[4];
const { id: identityPoolId, role } = await identityPool(poolId, clientId, accountId);
const oidc = await discovery(poolId);

const config = {
  region,
  userPoolId: poolId,
  clientId,
  identityPoolId,
  // Against AWS this is left out and the SDK uses cognito-identity.<region>.amazonaws.com and sts.amazonaws.com.
  awsEndpoint: tessera,
  issuer: oidc.issuer,
  authorizationEndpoint: oidc.authorization_endpoint,
  tokenEndpoint: oidc.token_endpoint,
  // Cognito's sign-out endpoint sits beside /oauth2/authorize on the pool's domain.
  logoutEndpoint: oidc.authorization_endpoint.replace(/\/oauth2\/authorize$/, '/logout'),
  redirectUri: `${appUrl}/callback`,
  logoutUri: `${appUrl}/`,
  apis: {
    aspnet: { name: 'ASP.NET Core (Tessera.AspNetCore.Authentication)', url: env('API_URL') },
    express: { name: 'Express (aws-jwt-verify)', url: env('EXPRESS_URL') },
  },
};
writeFileSync(env('CONFIG_FILE'), `${JSON.stringify(config, null, 2)}\n`);
writeFileSync(env('ENV_FILE'), `ISSUER=${oidc.issuer}\nCLIENT_ID=${clientId}\nROLE=${role}\n`);
