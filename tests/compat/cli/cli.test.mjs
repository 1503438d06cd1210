// SPDX-License-Identifier: Apache-2.0
// The AWS CLI and boto3 (botocore signs, serializes and parses errors its own way) against a started
// Tessera, asserting on the CLI's JSON output and on its error line
// "An error occurred (Code) when calling the Operation operation: message".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient } from '../lib/fixtures.mjs';

const run = promisify(execFile);

let tessera;
before(async () => { tessera = await startTessera(); });
after(async () => { await tessera?.stop(); });

/** An environment with fake credentials and no user configuration, so nothing on the machine leaks in. */
function cliEnv(extra = {}) {
  const nowhere = join(tmpdir(), 'tessera-no-aws-config');
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'dev-secret',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: nowhere,
    AWS_SHARED_CREDENTIALS_FILE: nowhere,
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
}

/** Runs `aws cognito-idp <args>` and returns its parsed JSON output. */
async function cli(...args) {
  const { stdout } = await run('aws', ['--endpoint-url', tessera.url, '--output', 'json', 'cognito-idp', ...args], { env: cliEnv(), timeout: 60_000 });
  return stdout.trim() === '' ? {} : JSON.parse(stdout);
}

/** Runs a call that must fail and returns its stderr and exit code. */
async function cliError(...args) {
  try {
    await run('aws', ['--endpoint-url', tessera.url, '--output', 'json', 'cognito-idp', ...args], { env: cliEnv(), timeout: 60_000 });
  } catch (e) {
    return { stderr: e.stderr.trim(), code: e.code };
  }
  assert.fail(`aws cognito-idp ${args.join(' ')} succeeded`);
}

test('AWS CLI: pool, client, admin-create-user, NEW_PASSWORD_REQUIRED, get-user, refresh', async () => {
  const { UserPool: pool } = await cli('create-user-pool', '--pool-name', 'cli-pool');
  assert.match(pool.Id, /^us-east-1_[0-9A-Za-z]+$/);
  assert.equal(pool.Name, 'cli-pool');
  assert.equal(typeof pool.CreationDate, 'number');

  const { UserPoolClient: client } = await cli('create-user-pool-client', '--user-pool-id', pool.Id, '--client-name', 'web',
    '--explicit-auth-flows', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH');
  assert.equal(client.UserPoolId, pool.Id);
  assert.equal(client.ClientName, 'web');
  assert.deepEqual([...client.ExplicitAuthFlows].sort(), ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH']);

  const { User: created } = await cli('admin-create-user', '--user-pool-id', pool.Id, '--username', 'alice',
    '--temporary-password', 'Temp-Pass-1', '--user-attributes', 'Name=email,Value=alice@example.com', '--message-action', 'SUPPRESS');
  assert.equal(created.Username, 'alice');
  assert.equal(created.UserStatus, 'FORCE_CHANGE_PASSWORD');
  assert.equal(created.Enabled, true);
  assert.ok(created.Attributes.some((a) => a.Name === 'email' && a.Value === 'alice@example.com'));
  assert.ok(created.Attributes.some((a) => a.Name === 'sub'));

  const challenge = await cli('initiate-auth', '--client-id', client.ClientId, '--auth-flow', 'USER_PASSWORD_AUTH',
    '--auth-parameters', 'USERNAME=alice,PASSWORD=Temp-Pass-1');
  assert.equal(challenge.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  assert.equal(challenge.AuthenticationResult, undefined);
  assert.ok(challenge.Session.length >= 20);

  const { AuthenticationResult: tokens } = await cli('respond-to-auth-challenge', '--client-id', client.ClientId,
    '--challenge-name', 'NEW_PASSWORD_REQUIRED', '--session', challenge.Session,
    '--challenge-responses', 'USERNAME=alice,NEW_PASSWORD=Perm-Pass-1');
  assert.equal(tokens.TokenType, 'Bearer');
  assert.equal(tokens.ExpiresIn, 3600);
  assert.equal(tokens.AccessToken.split('.').length, 3);
  assert.ok(tokens.RefreshToken);

  const me = await cli('get-user', '--access-token', tokens.AccessToken);
  assert.equal(me.Username, 'alice');
  assert.ok(me.UserAttributes.some((a) => a.Name === 'email' && a.Value === 'alice@example.com'));

  const { AuthenticationResult: refreshed } = await cli('initiate-auth', '--client-id', client.ClientId,
    '--auth-flow', 'REFRESH_TOKEN_AUTH', '--auth-parameters', `REFRESH_TOKEN=${tokens.RefreshToken}`);
  assert.equal(refreshed.RefreshToken, undefined);
  assert.notEqual(refreshed.AccessToken, tokens.AccessToken);

  const confirmed = await cli('admin-get-user', '--user-pool-id', pool.Id, '--username', 'alice');
  assert.equal(confirmed.UserStatus, 'CONFIRMED');

  const wrong = await cliError('initiate-auth', '--client-id', client.ClientId, '--auth-flow', 'USER_PASSWORD_AUTH',
    '--auth-parameters', 'USERNAME=alice,PASSWORD=Wrong-Pass-1');
  assert.equal(wrong.stderr, 'An error occurred (NotAuthorizedException) when calling the InitiateAuth operation: Incorrect username or password.');

  const duplicate = await cliError('admin-create-user', '--user-pool-id', pool.Id, '--username', 'alice', '--message-action', 'SUPPRESS');
  assert.equal(duplicate.stderr, 'An error occurred (UsernameExistsException) when calling the AdminCreateUser operation: User account already exists');
});

test('AWS CLI: errors come out as the CLI prints AWS errors', async () => {
  const unknownPool = await cliError('describe-user-pool', '--user-pool-id', 'us-east-1_doesNotExist');
  assert.equal(unknownPool.stderr, 'An error occurred (ResourceNotFoundException) when calling the DescribeUserPool operation: User pool us-east-1_doesNotExist does not exist.');
  assert.notEqual(unknownPool.code, 0);

  // botocore checks minimum lengths but not maximums: the server's validation message reaches the user.
  const tooLong = await cliError('admin-get-user', '--user-pool-id', 'us-east-1_doesNotExist', '--username', 'a'.repeat(129));
  assert.match(tooLong.stderr, /^An error occurred \(InvalidParameterException\) when calling the AdminGetUser operation: 1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128$/);

  const unknownClient = await cliError('initiate-auth', '--client-id', 'nosuchclient', '--auth-flow', 'USER_PASSWORD_AUTH',
    '--auth-parameters', 'USERNAME=a,PASSWORD=b');
  assert.match(unknownClient.stderr, /^An error occurred \(ResourceNotFoundException\) when calling the InitiateAuth operation: /);
});

test('AWS CLI: set a password, list and page users, groups, disable, delete', async () => {
  // The pool, client and users are set up through the SDK: the first test makes them through the CLI, and each `aws`
  // call costs about a CPU-second of Python start-up.
  const admin = idpClient(tessera.url);
  const pool = await createPool(admin, { PoolName: 'cli-admin' });
  const client = await createAppClient(admin, pool.Id, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
  for (const name of ['dave', 'erin']) {
    await admin.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: name, MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }] }));
  }
  assert.deepEqual(await cli('admin-set-user-password', '--user-pool-id', pool.Id, '--username', 'dave', '--password', 'Perm-Pass-1', '--permanent'), {});

  const filtered = await cli('list-users', '--user-pool-id', pool.Id, '--filter', 'email = "dave@example.com"');
  assert.deepEqual(filtered.Users.map((u) => [u.Username, u.UserStatus]), [['dave', 'CONFIRMED']]);

  // The CLI's own paginator over PaginationToken: one item per page, resumed with its NextToken.
  const first = await cli('list-users', '--user-pool-id', pool.Id, '--max-items', '1');
  assert.equal(first.Users.length, 1);
  assert.ok(first.NextToken);
  const rest = await cli('list-users', '--user-pool-id', pool.Id, '--starting-token', first.NextToken);
  assert.deepEqual([...first.Users, ...rest.Users].map((u) => u.Username).sort(), ['dave', 'erin']);

  await cli('create-group', '--user-pool-id', pool.Id, '--group-name', 'admins', '--description', 'the admins', '--precedence', '1');
  assert.deepEqual(await cli('admin-add-user-to-group', '--user-pool-id', pool.Id, '--username', 'dave', '--group-name', 'admins'), {});
  const groups = await cli('admin-list-groups-for-user', '--user-pool-id', pool.Id, '--username', 'dave');
  assert.deepEqual(groups.Groups.map((g) => [g.GroupName, g.Description, g.Precedence]), [['admins', 'the admins', 1]]);

  await cli('admin-disable-user', '--user-pool-id', pool.Id, '--username', 'dave');
  const disabled = await cliError('initiate-auth', '--client-id', client.ClientId, '--auth-flow', 'USER_PASSWORD_AUTH',
    '--auth-parameters', 'USERNAME=dave,PASSWORD=Perm-Pass-1');
  assert.equal(disabled.stderr, 'An error occurred (NotAuthorizedException) when calling the InitiateAuth operation: User is disabled.');

  await cli('admin-delete-user', '--user-pool-id', pool.Id, '--username', 'erin');
  const gone = await cliError('admin-get-user', '--user-pool-id', pool.Id, '--username', 'erin');
  assert.equal(gone.stderr, 'An error occurred (UserNotFoundException) when calling the AdminGetUser operation: User does not exist.');
});

test('boto3: one admin call and one sign-in', async () => {
  const script = `
import json, sys, boto3
from botocore.exceptions import ClientError
idp = boto3.client('cognito-idp', endpoint_url=sys.argv[1], region_name='us-east-1')
pool = idp.create_user_pool(PoolName='boto3-pool')['UserPool']['Id']
client = idp.create_user_pool_client(UserPoolId=pool, ClientName='py', ExplicitAuthFlows=['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'])['UserPoolClient']['ClientId']
created = idp.admin_create_user(UserPoolId=pool, Username='bob', TemporaryPassword='Temp-Pass-1', MessageAction='SUPPRESS',
                                UserAttributes=[{'Name': 'email', 'Value': 'bob@example.com'}])['User']
challenge = idp.initiate_auth(ClientId=client, AuthFlow='USER_PASSWORD_AUTH', AuthParameters={'USERNAME': 'bob', 'PASSWORD': 'Temp-Pass-1'})
tokens = idp.respond_to_auth_challenge(ClientId=client, ChallengeName='NEW_PASSWORD_REQUIRED', Session=challenge['Session'],
                                       ChallengeResponses={'USERNAME': 'bob', 'NEW_PASSWORD': 'Perm-Pass-1'})['AuthenticationResult']
signed_in = idp.initiate_auth(ClientId=client, AuthFlow='USER_PASSWORD_AUTH', AuthParameters={'USERNAME': 'bob', 'PASSWORD': 'Perm-Pass-1'})['AuthenticationResult']
try:
    idp.admin_get_user(UserPoolId=pool, Username='nobody')
    error = None
except ClientError as e:
    error = {'code': e.response['Error']['Code'], 'message': e.response['Error']['Message'], 'status': e.response['ResponseMetadata']['HTTPStatusCode']}
print(json.dumps({
    'created': {'Username': created['Username'], 'UserStatus': created['UserStatus'], 'UserCreateDate': created['UserCreateDate'].isoformat()},
    'challenge': challenge['ChallengeName'],
    'tokenType': tokens['TokenType'],
    'signedIn': {'TokenType': signed_in['TokenType'], 'ExpiresIn': signed_in['ExpiresIn'], 'hasRefresh': 'RefreshToken' in signed_in},
    'me': idp.get_user(AccessToken=signed_in['AccessToken'])['Username'],
    'error': error,
}))
`;
  const { stdout } = await run('python3', ['-c', script, tessera.url], { env: cliEnv(), timeout: 120_000 });
  const out = JSON.parse(stdout);
  assert.equal(out.created.Username, 'bob');
  assert.equal(out.created.UserStatus, 'FORCE_CHANGE_PASSWORD');
  // botocore parsed the epoch-seconds timestamp into a datetime.
  assert.ok(!Number.isNaN(Date.parse(out.created.UserCreateDate)));
  assert.equal(out.challenge, 'NEW_PASSWORD_REQUIRED');
  assert.equal(out.tokenType, 'Bearer');
  assert.deepEqual(out.signedIn, { TokenType: 'Bearer', ExpiresIn: 3600, hasRefresh: true });
  assert.equal(out.me, 'bob');
  assert.deepEqual(out.error, { code: 'UserNotFoundException', message: 'User does not exist.', status: 400 });
});
