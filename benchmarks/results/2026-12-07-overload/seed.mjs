// node seed.mjs <url> <bodies-out>
import fs from 'node:fs';
import { CognitoIdentityProviderClient, CreateUserPoolCommand, CreateUserPoolClientCommand, AdminCreateUserCommand, InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
const [url, out] = process.argv.slice(2);
const sdk = new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', maxAttempts: 10, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'dev-secret' } });
const pool = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'bench' }))).UserPool.Id;
const clientId = (await sdk.send(new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: 'bench', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))).UserPoolClient.ClientId;
const users = [];
for (let i = 1; i <= 20; i++) {
  const username = `user${String(i).padStart(2, '0')}`; const password = `Bench-Pass-${i}!x`;
  await sdk.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: username, TemporaryPassword: 'Temp-Pass-1!x', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }] }));
  const ch = await sdk.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: 'Temp-Pass-1!x' } }));
  await sdk.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: ch.Session, ChallengeResponses: { USERNAME: username, NEW_PASSWORD: password } }));
  users.push({ username, password });
}
sdk.destroy();
fs.writeFileSync(out, users.map((u) => JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: u.username, PASSWORD: u.password } })).join('\n') + '\n');
console.log('seeded', pool, clientId);
