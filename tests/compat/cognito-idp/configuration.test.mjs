// SPDX-License-Identifier: Apache-2.0
// The configuration surface infrastructure tools touch (issue 12, item 4), through the real AWS SDKs and the
// AWS CLI: tags on user pools and identity pools; SetUserSettings and AdminSetUserSettings; and what Tessera
// stores and returns exactly without acting on it: risk configuration, log delivery, terms, managed login branding.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeUserPoolCommand, TagResourceCommand, UntagResourceCommand, ListTagsForResourceCommand,
  SetUserSettingsCommand, AdminSetUserSettingsCommand, AdminGetUserCommand, GetUserCommand, InitiateAuthCommand,
  SetRiskConfigurationCommand, DescribeRiskConfigurationCommand, SetLogDeliveryConfigurationCommand, GetLogDeliveryConfigurationCommand,
  CreateTermsCommand, UpdateTermsCommand, DescribeTermsCommand, ListTermsCommand, DeleteTermsCommand,
  CreateManagedLoginBrandingCommand, UpdateManagedLoginBrandingCommand, DescribeManagedLoginBrandingCommand,
  DescribeManagedLoginBrandingByClientCommand, DeleteManagedLoginBrandingCommand, DeleteUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CognitoIdentityClient, CreateIdentityPoolCommand, DescribeIdentityPoolCommand,
  TagResourceCommand as TagIdentityPoolCommand, UntagResourceCommand as UntagIdentityPoolCommand,
  ListTagsForResourceCommand as ListIdentityPoolTagsCommand,
} from '@aws-sdk/client-cognito-identity';
import { startTessera, devCredentials } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, createUser, rejectsWith } from '../lib/fixtures.mjs';
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

test('SetUserSettings and AdminSetUserSettings: the SMS option turns SMS MFA on and off; other options are refused', async () => {
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id);
  await createUser(idp, pool.Id, 'ada', 'Perm-Pass-1', { phone_number: '+15555550100' });
  const sms = [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }];

  await idp.send(new AdminSetUserSettingsCommand({ UserPoolId: pool.Id, Username: 'ada', MFAOptions: sms }));
  const admin = await idp.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'ada' }));
  assert.deepEqual(admin.MFAOptions, sms);
  assert.deepEqual(admin.UserMFASettingList, ['SMS_MFA']);

  await idp.send(new AdminSetUserSettingsCommand({ UserPoolId: pool.Id, Username: 'ada', MFAOptions: [] }));
  const { AccessToken } = (await idp.send(new InitiateAuthCommand({
    ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ada', PASSWORD: 'Perm-Pass-1' },
  }))).AuthenticationResult;
  assert.equal((await idp.send(new GetUserCommand({ AccessToken }))).MFAOptions, undefined);
  await idp.send(new SetUserSettingsCommand({ AccessToken, MFAOptions: sms }));
  assert.deepEqual((await idp.send(new GetUserCommand({ AccessToken }))).MFAOptions, sms);

  await rejectsWith(idp.send(new SetUserSettingsCommand({ AccessToken, MFAOptions: [{ DeliveryMedium: 'EMAIL', AttributeName: 'email' }] })), 'InvalidParameterException');
  await rejectsWith(idp.send(new AdminSetUserSettingsCommand({ UserPoolId: pool.Id, Username: 'ghost', MFAOptions: [] })), 'UserNotFoundException');
  await rejectsWith(idp.send(new SetUserSettingsCommand({ AccessToken: 'not-a-token', MFAOptions: [] })), 'NotAuthorizedException');
});

const risk = {
  CompromisedCredentialsRiskConfiguration: { EventFilter: ['SIGN_IN', 'SIGN_UP'], Actions: { EventAction: 'BLOCK' } },
  AccountTakeoverRiskConfiguration: {
    NotifyConfiguration: {
      From: 'security@example.com', SourceArn: 'arn:aws:ses:us-east-1:123456789012:identity/security@example.com',
      BlockEmail: { Subject: 'Blocked sign-in', TextBody: 'We blocked a sign-in {username}' },
    },
    Actions: { HighAction: { Notify: true, EventAction: 'BLOCK' }, MediumAction: { Notify: false, EventAction: 'MFA_IF_CONFIGURED' } },
  },
  RiskExceptionConfiguration: { BlockedIPRangeList: ['192.0.2.0/24'], SkippedIPRangeList: ['198.51.100.7/32'] },
};

test('risk configuration: stored and described exactly for the pool and a client; the client inherits until it has its own', async () => {
  const pool = await createPool(idp, { UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } });
  const client = await createAppClient(idp, pool.Id);
  const set = (await idp.send(new SetRiskConfigurationCommand({ UserPoolId: pool.Id, ...risk }))).RiskConfiguration;
  assert.equal(set.UserPoolId, pool.Id);
  assert.ok(set.LastModifiedDate instanceof Date);
  const described = (await idp.send(new DescribeRiskConfigurationCommand({ UserPoolId: pool.Id }))).RiskConfiguration;
  for (const key of Object.keys(risk)) assert.deepEqual(described[key], risk[key]);

  const inherited = (await idp.send(new DescribeRiskConfigurationCommand({ UserPoolId: pool.Id, ClientId: client.ClientId }))).RiskConfiguration;
  assert.equal(inherited.ClientId, undefined);
  assert.deepEqual(inherited.RiskExceptionConfiguration, risk.RiskExceptionConfiguration);
  const own = { CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'NO_ACTION' } } };
  await idp.send(new SetRiskConfigurationCommand({ UserPoolId: pool.Id, ClientId: client.ClientId, ...own }));
  const mine = (await idp.send(new DescribeRiskConfigurationCommand({ UserPoolId: pool.Id, ClientId: client.ClientId }))).RiskConfiguration;
  assert.equal(mine.ClientId, client.ClientId);
  assert.deepEqual(mine.CompromisedCredentialsRiskConfiguration, own.CompromisedCredentialsRiskConfiguration);
  assert.equal(mine.RiskExceptionConfiguration, undefined);

  await rejectsWith(idp.send(new SetRiskConfigurationCommand({ UserPoolId: pool.Id, CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'EXPLODE' } } })), 'InvalidParameterException');
  await rejectsWith(idp.send(new DescribeRiskConfigurationCommand({ UserPoolId: pool.Id, ClientId: 'nosuchclient' })), 'ResourceNotFoundException');
  await rejectsWith(idp.send(new DescribeRiskConfigurationCommand({ UserPoolId: 'us-east-1_Missing1' })), 'ResourceNotFoundException');
  const unprotected = await createPool(idp);
  await rejectsWith(idp.send(new SetRiskConfigurationCommand({ UserPoolId: unprotected.Id, ...risk })), 'UserPoolAddOnNotEnabledException');
});

test('log delivery configuration: set and read back exactly; errors as AWS', async () => {
  const pool = await createPool(idp);
  assert.deepEqual((await idp.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: pool.Id }))).LogDeliveryConfiguration,
    { UserPoolId: pool.Id, LogConfigurations: [] });
  const LogConfigurations = [
    { LogLevel: 'ERROR', EventSource: 'userNotification', CloudWatchLogsConfiguration: { LogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:cognito' } },
    { LogLevel: 'INFO', EventSource: 'userAuthEvents', FirehoseConfiguration: { StreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/auth' } },
  ];
  const set = (await idp.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: pool.Id, LogConfigurations }))).LogDeliveryConfiguration;
  assert.deepEqual(set, { UserPoolId: pool.Id, LogConfigurations });
  assert.deepEqual((await idp.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: pool.Id }))).LogDeliveryConfiguration, { UserPoolId: pool.Id, LogConfigurations });

  await rejectsWith(idp.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: pool.Id, LogConfigurations: [{ LogLevel: 'DEBUG', EventSource: 'userNotification' }] })), 'InvalidParameterException');
  await rejectsWith(idp.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: pool.Id, LogConfigurations: [...LogConfigurations, LogConfigurations[0]] })), 'InvalidParameterException');
  await rejectsWith(idp.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: 'us-east-1_Missing1' })), 'ResourceNotFoundException');
});

test('terms: create, update, describe, list, delete, and the errors AWS documents', async () => {
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id);
  const Links = { 'cognito:default': 'https://example.com/terms', 'cognito:spanish': 'https://example.com/es/terms' };
  const terms = (await idp.send(new CreateTermsCommand({ UserPoolId: pool.Id, ClientId: client.ClientId, TermsName: 'terms-of-use', TermsSource: 'LINK', Enforcement: 'NONE', Links }))).Terms;
  assert.match(terms.TermsId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual({ ...terms, CreationDate: undefined, LastModifiedDate: undefined },
    { TermsId: terms.TermsId, UserPoolId: pool.Id, ClientId: client.ClientId, TermsName: 'terms-of-use', TermsSource: 'LINK', Enforcement: 'NONE', Links, CreationDate: undefined, LastModifiedDate: undefined });

  await rejectsWith(idp.send(new CreateTermsCommand({ UserPoolId: pool.Id, ClientId: client.ClientId, TermsName: 'terms-of-use', TermsSource: 'LINK', Enforcement: 'NONE', Links })), 'TermsExistsException');
  await rejectsWith(idp.send(new CreateTermsCommand({ UserPoolId: pool.Id, ClientId: client.ClientId, TermsName: 'cookies', TermsSource: 'LINK', Enforcement: 'NONE', Links })), 'InvalidParameterException');
  await rejectsWith(idp.send(new CreateTermsCommand({ UserPoolId: pool.Id, ClientId: 'nosuchclient', TermsName: 'privacy-policy', TermsSource: 'LINK', Enforcement: 'NONE', Links })), 'ResourceNotFoundException');

  const updated = (await idp.send(new UpdateTermsCommand({ UserPoolId: pool.Id, TermsId: terms.TermsId, Links: { 'cognito:default': 'https://example.com/v2' } }))).Terms;
  assert.equal(updated.TermsName, 'terms-of-use');
  assert.deepEqual(updated.Links, { 'cognito:default': 'https://example.com/v2' });
  assert.deepEqual((await idp.send(new DescribeTermsCommand({ UserPoolId: pool.Id, TermsId: terms.TermsId }))).Terms.Links, updated.Links);
  const listed = (await idp.send(new ListTermsCommand({ UserPoolId: pool.Id }))).Terms;
  assert.deepEqual(listed.map((t) => [t.TermsId, t.TermsName, t.Enforcement]), [[terms.TermsId, 'terms-of-use', 'NONE']]);

  await idp.send(new DeleteTermsCommand({ UserPoolId: pool.Id, TermsId: terms.TermsId }));
  await rejectsWith(idp.send(new DescribeTermsCommand({ UserPoolId: pool.Id, TermsId: terms.TermsId })), 'ResourceNotFoundException');
  await rejectsWith(idp.send(new DeleteTermsCommand({ UserPoolId: pool.Id, TermsId: terms.TermsId })), 'ResourceNotFoundException');
});

test('managed login branding: stored exactly, one style per client, updates keep what they omit, deleted with its client', async () => {
  const pool = await createPool(idp);
  const client = await createAppClient(idp, pool.Id);
  const Settings = { components: { pageBackground: { image: { enabled: true } } }, categories: { global: { colorSchemeMode: 'LIGHT' } } };
  const Assets = [{ Category: 'PAGE_HEADER_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: new Uint8Array([137, 80, 78, 71]) }];
  const created = (await idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: pool.Id, ClientId: client.ClientId, Settings, Assets }))).ManagedLoginBranding;
  assert.deepEqual(created.Settings, Settings);
  assert.deepEqual([...created.Assets[0].Bytes], [137, 80, 78, 71]);
  assert.equal(created.UseCognitoProvidedValues, false);
  const id = created.ManagedLoginBrandingId;

  await rejectsWith(idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: pool.Id, ClientId: client.ClientId, UseCognitoProvidedValues: true })), 'ManagedLoginBrandingExistsException');
  await rejectsWith(idp.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: pool.Id, ManagedLoginBrandingId: id, UseCognitoProvidedValues: true, Settings })), 'InvalidParameterException');

  const newSettings = { components: { form: { borderRadius: 8 } } };
  const updated = (await idp.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: pool.Id, ManagedLoginBrandingId: id, Settings: newSettings }))).ManagedLoginBranding;
  assert.deepEqual(updated.Settings, newSettings);
  assert.equal(updated.Assets.length, 1);
  assert.deepEqual((await idp.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: pool.Id, ManagedLoginBrandingId: id }))).ManagedLoginBranding.Settings, newSettings);
  assert.equal((await idp.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: pool.Id, ClientId: client.ClientId }))).ManagedLoginBranding.ManagedLoginBrandingId, id);

  await idp.send(new DeleteManagedLoginBrandingCommand({ UserPoolId: pool.Id, ManagedLoginBrandingId: id }));
  await rejectsWith(idp.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: pool.Id, ManagedLoginBrandingId: id })), 'ResourceNotFoundException');
  await rejectsWith(idp.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: pool.Id, ClientId: client.ClientId })), 'ResourceNotFoundException');

  const again = (await idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: pool.Id, ClientId: client.ClientId, UseCognitoProvidedValues: true }))).ManagedLoginBranding;
  assert.equal(again.UseCognitoProvidedValues, true);
  await idp.send(new DeleteUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: client.ClientId }));
  await rejectsWith(idp.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: pool.Id, ManagedLoginBrandingId: again.ManagedLoginBrandingId })), 'ResourceNotFoundException');
});

test('AWS CLI: set-risk-configuration, describe-risk-configuration, create-terms, list-terms', async () => {
  const pool = await createPool(idp, { UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } });
  const client = await createAppClient(idp, pool.Id);
  await aws('cognito-idp', 'set-risk-configuration', '--user-pool-id', pool.Id, '--risk-exception-configuration', 'BlockedIPRangeList=192.0.2.0/24');
  assert.deepEqual((await aws('cognito-idp', 'describe-risk-configuration', '--user-pool-id', pool.Id)).out.RiskConfiguration.RiskExceptionConfiguration,
    { BlockedIPRangeList: ['192.0.2.0/24'] });
  const { out } = await aws('cognito-idp', 'create-terms', '--user-pool-id', pool.Id, '--client-id', client.ClientId, '--terms-name', 'privacy-policy',
    '--terms-source', 'LINK', '--enforcement', 'NONE', '--links', 'cognito:default=https://example.com/privacy');
  assert.equal(out.Terms.TermsName, 'privacy-policy');
  assert.deepEqual((await aws('cognito-idp', 'list-terms', '--user-pool-id', pool.Id)).out.Terms.map((t) => t.TermsId), [out.Terms.TermsId]);
  const { error } = await aws('cognito-idp', 'describe-terms', '--user-pool-id', pool.Id, '--terms-id', '00000000-0000-4000-8000-000000000000');
  assert.match(error, /An error occurred \(ResourceNotFoundException\) when calling the DescribeTerms operation/);
});
