// SPDX-License-Identifier: Apache-2.0
// The entry of the browser bundle (npm run build → web/vendor/aws.js): the AWS SDK v3 clients the page uses.
export { CognitoIdentityClient, GetIdCommand, GetCredentialsForIdentityCommand } from '@aws-sdk/client-cognito-identity';
export { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
