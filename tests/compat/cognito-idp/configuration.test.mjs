// SPDX-License-Identifier: Apache-2.0
// The configuration surface infrastructure tools touch (issue 12, item 4), through the real AWS SDKs and the
// AWS CLI: tags on user pools and identity pools.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeUserPoolCommand, TagResourceCommand, UntagResourceCommand, ListTagsForResourceCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CognitoIdentityClient, CreateIdentityPoolCommand, DescribeIdentityPoolCommand,
  TagResourceCommand as TagIdentityPoolCommand, UntagResourceCommand as UntagIdentityPoolCommand,
  ListTagsForResourceCommand as ListIdentityPoolTagsCommand,
} from '@aws-sdk/client-cognito-identity';
import { startTessera, devCredentials } from '../lib/server.mjs';
import { idpClient, createPool, rejectsWith } from '../lib/fixtures.mjs';
import { aws as awsCli } from '../lib/aws-cli.mjs';

let tessera;
let idp;
let identity;
before(async () => {
  tessera = await startTessera();
  idp = idpClient(tessera.url);
  identity = new CognitoIdentityClient({ endpoint: tessera.url, region: 'us-east-1', credentials: devCredentials, maxAttempts: 1 });
});
after(async () => { await tessera?.stop(); });

const aws = (...args) => awsCli(tessera.url, ...args);

test('user pool tags: CreateUserPool UserPoolTags, TagResource, UntagResource, ListTagsForResource and DescribeUserPool agree', async () => {
  const pool = await createPool(idp, { UserPoolTags: { team: 'identity', env: 'test' } });
  const ResourceArn = pool.Arn;
  assert.deepEqual((await idp.send(new ListTagsForResourceCommand({ ResourceArn }))).Tags, { team: 'identity', env: 'test' });

  await idp.send(new TagResourceCommand({ ResourceArn, Tags: { env: 'prod', owner: 'ada' } }));
  await idp.send(new UntagResourceCommand({ ResourceArn, TagKeys: ['team', 'never-there'] }));

  assert.deepEqual((await idp.send(new ListTagsForResourceCommand({ ResourceArn }))).Tags, { env: 'prod', owner: 'ada' });
  const described = (await idp.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }))).UserPool;
  assert.deepEqual(described.UserPoolTags, { env: 'prod', owner: 'ada' });
});

test('user pool tags: unknown pool, foreign ARN, reserved key and the 50-tag limit answer as AWS', async () => {
  const pool = await createPool(idp);
  await rejectsWith(idp.send(new ListTagsForResourceCommand({ ResourceArn: pool.Arn.replace(/_\w+$/, '_Missing1') })), 'ResourceNotFoundException');
  await rejectsWith(idp.send(new TagResourceCommand({ ResourceArn: 'arn:aws:s3:us-east-1:000000000000:bucket/x', Tags: { a: 'b' } })), 'InvalidParameterException');
  await rejectsWith(idp.send(new TagResourceCommand({ ResourceArn: pool.Arn, Tags: { 'aws:owner': 'x' } })), 'InvalidParameterException');
  const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
  await rejectsWith(idp.send(new TagResourceCommand({ ResourceArn: pool.Arn, Tags: many })), 'InvalidParameterException');
  await rejectsWith(idp.send(new TagResourceCommand({ ResourceArn: pool.Arn, Tags: { ['k'.repeat(129)]: 'v' } })), 'InvalidParameterException');
  assert.deepEqual((await idp.send(new ListTagsForResourceCommand({ ResourceArn: pool.Arn }))).Tags, {});
});

test('identity pool tags: IdentityPoolTags on create, TagResource, UntagResource, ListTagsForResource, DescribeIdentityPool', async () => {
  const created = await identity.send(new CreateIdentityPoolCommand({
    IdentityPoolName: 'tagged', AllowUnauthenticatedIdentities: false, IdentityPoolTags: { team: 'identity' },
  }));
  const ResourceArn = `arn:aws:cognito-identity:us-east-1:000000000000:identitypool/${created.IdentityPoolId}`;
  assert.deepEqual(created.IdentityPoolTags, { team: 'identity' });

  await identity.send(new TagIdentityPoolCommand({ ResourceArn, Tags: { env: 'test' } }));
  await identity.send(new UntagIdentityPoolCommand({ ResourceArn, TagKeys: ['team'] }));

  assert.deepEqual((await identity.send(new ListIdentityPoolTagsCommand({ ResourceArn }))).Tags, { env: 'test' });
  const described = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: created.IdentityPoolId }));
  assert.deepEqual(described.IdentityPoolTags, { env: 'test' });

  await assert.rejects(identity.send(new ListIdentityPoolTagsCommand({ ResourceArn: 'arn:aws:cognito-identity:us-east-1:000000000000:identitypool/us-east-1:00000000-0000-4000-8000-000000000000' })),
    (e) => e.name === 'ResourceNotFoundException' && e.$metadata.httpStatusCode === 400);
  await assert.rejects(identity.send(new TagIdentityPoolCommand({ ResourceArn: 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_abc', Tags: { a: 'b' } })),
    (e) => e.name === 'InvalidParameterException' && e.$metadata.httpStatusCode === 400);
});

test('AWS CLI: tag-resource, untag-resource, list-tags-for-resource on a user pool', async () => {
  const pool = await createPool(idp);
  assert.deepEqual((await aws('cognito-idp', 'tag-resource', '--resource-arn', pool.Arn, '--tags', 'team=cli,env=dev')).out, {});
  await aws('cognito-idp', 'untag-resource', '--resource-arn', pool.Arn, '--tag-keys', 'env');
  assert.deepEqual((await aws('cognito-idp', 'list-tags-for-resource', '--resource-arn', pool.Arn)).out, { Tags: { team: 'cli' } });
  const { error } = await aws('cognito-idp', 'list-tags-for-resource', '--resource-arn', pool.Arn.replace(/_\w+$/, '_Missing1'));
  assert.match(error, /An error occurred \(ResourceNotFoundException\) when calling the ListTagsForResource operation/);
});
