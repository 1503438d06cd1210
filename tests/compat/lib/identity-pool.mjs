// SPDX-License-Identifier: Apache-2.0
// The identity-pool leg of a sign-in: an ID token of a user pool buys AWS credentials (GetId, GetCredentialsForIdentity),
// and STS GetCallerIdentity says who those credentials are.
import {
  CognitoIdentityClient, CreateIdentityPoolCommand, SetIdentityPoolRolesCommand, GetIdCommand, GetCredentialsForIdentityCommand,
} from '@aws-sdk/client-cognito-identity';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { devCredentials } from './server.mjs';

/** Makes an identity pool for the client with an authenticated role named `role`; returns the caller ARN the ID token gets. */
export async function callerArnForIdToken(endpoint, poolId, clientId, idToken, role) {
  const identity = new CognitoIdentityClient({ endpoint, region: 'us-east-1', credentials: devCredentials, maxAttempts: 1 });
  const providerName = `cognito-idp.us-east-1.amazonaws.com/${poolId}`;
  const identityPool = await identity.send(new CreateIdentityPoolCommand({
    IdentityPoolName: role, AllowUnauthenticatedIdentities: false, CognitoIdentityProviders: [{ ProviderName: providerName, ClientId: clientId }] }));
  await identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: identityPool.IdentityPoolId, Roles: { authenticated: `arn:aws:iam::000000000000:role/${role}` } }));
  const logins = { [providerName]: idToken };
  const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: identityPool.IdentityPoolId, Logins: logins }));
  const { Credentials } = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
  const sts = new STSClient({ endpoint, region: 'us-east-1', maxAttempts: 1, credentials: {
    accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretKey, sessionToken: Credentials.SessionToken } });
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
}
