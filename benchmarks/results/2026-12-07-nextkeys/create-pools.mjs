import { CognitoIdentityProviderClient, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
const idp = new CognitoIdentityProviderClient({ endpoint: process.argv[2], region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
for (let i = 0; i < Number(process.argv[3]); i++) await idp.send(new CreateUserPoolCommand({ PoolName: `p${i}` }));
