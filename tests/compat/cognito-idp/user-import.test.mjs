// SPDX-License-Identifier: Apache-2.0
// User import jobs as AWS's guide drives them: get-csv-header, create-user-import-job, curl PUT to the pre-signed URL
// with x-amz-server-side-encryption:aws:kms, start-user-import-job, describe-user-import-job until it ends; then the
// imported user (RESET_REQUIRED) resets the password with ForgotPassword and signs in. The same with the JS SDK and fetch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetCSVHeaderCommand, CreateUserImportJobCommand, StartUserImportJobCommand, StopUserImportJobCommand,
  DescribeUserImportJobCommand, ListUserImportJobsCommand, AdminGetUserCommand, InitiateAuthCommand,
  ForgotPasswordCommand, ConfirmForgotPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera, devCredentials } from '../lib/server.mjs';
import { aws } from '../lib/aws-cli.mjs';
import { latestCode } from '../lib/inbox.mjs';
import { idpClient, createPool, createAppClient, rejectsWith } from '../lib/fixtures.mjs';

const run = promisify(execFile);
const role = 'arn:aws:iam::000000000000:role/CognitoImport';
let tessera;
before(async () => { tessera = await startTessera(); });
after(async () => { await tessera?.stop(); });

/** A CSV in the header's own column order: each user is an object of column values, the rest blank. */
function csv(header, users) {
  return [header.join(','), ...users.map((u) => header.map((c) => u[c] ?? '').join(','))].join('\n') + '\n';
}

async function until(describe, done) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const job = await describe();
    if (done(job.Status)) return job;
    assert.ok(Date.now() < deadline, `the job is still ${job.Status}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const ended = (s) => ['Succeeded', 'Failed', 'Stopped', 'Expired'].includes(s);

test('aws cognito-idp: get-csv-header, create-user-import-job, curl upload, start, describe until Succeeded; the user resets and signs in', async () => {
  const cli = (...args) => aws(tessera.url, 'cognito-idp', ...args);
  const pool = (await cli('create-user-pool', '--pool-name', 'import-cli', '--auto-verified-attributes', 'email')).out.UserPool.Id;
  const client = (await cli('create-user-pool-client', '--user-pool-id', pool, '--client-name', 'app',
    '--explicit-auth-flows', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH')).out.UserPoolClient.ClientId;

  const header = (await cli('get-csv-header', '--user-pool-id', pool)).out;
  assert.equal(header.UserPoolId, pool);
  assert.deepEqual(header.CSVHeader.slice(-2), ['cognito:mfa_enabled', 'cognito:username']);
  assert.ok(header.CSVHeader.includes('email_verified'));

  const created = (await cli('create-user-import-job', '--user-pool-id', pool, '--job-name', 'first import', '--cloud-watch-logs-role-arn', role)).out.UserImportJob;
  assert.equal(created.Status, 'Created');
  assert.match(created.JobId, /^import-[0-9a-zA-Z]{10}$/);
  assert.equal(created.CloudWatchLogsRoleArn, role);
  assert.ok(created.PreSignedUrl.startsWith(`${tessera.url}/_user-import/${created.JobId}?`));
  assert.match(created.PreSignedUrl, /X-Amz-SignedHeaders=host%3Bx-amz-server-side-encryption/);

  const file = join(mkdtempSync(join(tmpdir(), 'tessera-import-')), 'users.csv');
  writeFileSync(file, csv(header.CSVHeader, [
    { 'cognito:username': 'alice', email: 'alice@example.com', email_verified: 'TRUE', given_name: 'Alice', address: '1 Main St\\, Springfield', 'cognito:mfa_enabled': 'FALSE' },
    { 'cognito:username': 'nobody', email: 'nobody@example.com', email_verified: 'false', 'cognito:mfa_enabled': 'false' },
    { 'cognito:username': 'bob', email: 'bob@example.com', email_verified: 'true', birthdate: '02/01/1985', 'cognito:mfa_enabled': 'false' },
  ]));

  // Without the header the guide's curl sends, the signature does not match, as S3 answers.
  const refused = await run('curl', ['-s', '-o', '-', '-w', '%{http_code}', '-T', file, created.PreSignedUrl]);
  assert.match(refused.stdout, /<Code>SignatureDoesNotMatch<\/Code>.*403$/s);
  const upload = await run('curl', ['-v', '--fail', '-T', file, '-H', 'x-amz-server-side-encryption:aws:kms', created.PreSignedUrl]);
  assert.match(upload.stderr, /< HTTP\/1\.1 200/);

  const started = (await cli('start-user-import-job', '--user-pool-id', pool, '--job-id', created.JobId)).out.UserImportJob;
  assert.ok(['Pending', 'InProgress'].includes(started.Status), started.Status);
  assert.ok(started.StartDate >= created.CreationDate);

  const done = await until(async () => (await cli('describe-user-import-job', '--user-pool-id', pool, '--job-id', created.JobId)).out.UserImportJob, ended);
  assert.equal(done.Status, 'Succeeded');
  assert.equal(done.ImportedUsers, 2);
  assert.equal(done.FailedUsers, 1);
  assert.equal(done.SkippedUsers, 0);
  assert.equal(done.CompletionMessage, 'Imported 2 of 3 users. [FAILED] Line Number 3 - The User Record does not set any of the auto verified attributes to true. (Exam…');
  assert.ok(done.CompletionDate >= done.StartDate);

  const again = (await cli('start-user-import-job', '--user-pool-id', pool, '--job-id', created.JobId)).error;
  assert.match(again, /\(InvalidParameterException\)/);
  const listed = (await cli('list-user-import-jobs', '--user-pool-id', pool, '--max-results', '10')).out.UserImportJobs;
  assert.deepEqual(listed.map((j) => j.JobId), [created.JobId]);

  // The job's log, in CloudWatch's words, for the admin key (curl signs with SigV4 itself).
  const log = await run('curl', ['-s', '--fail', '--aws-sigv4', 'aws:amz:us-east-1:cognito-idp', '--user', `${devCredentials.accessKeyId}:${devCredentials.secretAccessKey}`,
    `${tessera.url}/_user-import/${created.JobId}/log`]);
  assert.match(log.stdout, /\[FAILED\] Line Number 3 - The User Record does not set any of the auto verified attributes to true\./);
  const unsigned = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `${tessera.url}/_user-import/${created.JobId}/log`]);
  assert.equal(unsigned.stdout, '403');

  const alice = (await cli('admin-get-user', '--user-pool-id', pool, '--username', 'alice')).out;
  assert.equal(alice.UserStatus, 'RESET_REQUIRED');
  const attributes = Object.fromEntries(alice.UserAttributes.map((a) => [a.Name, a.Value]));
  assert.equal(attributes.address, '1 Main St, Springfield');
  assert.equal(attributes.email_verified, 'true');
  const bob = (await cli('admin-get-user', '--user-pool-id', pool, '--username', 'bob')).out;
  assert.equal(Object.fromEntries(bob.UserAttributes.map((a) => [a.Name, a.Value])).birthdate, '1985-02-01');
  assert.match((await cli('admin-get-user', '--user-pool-id', pool, '--username', 'nobody')).error, /\(UserNotFoundException\)/);

  // Developer guide, "Requiring imported users to reset their passwords".
  assert.match((await cli('initiate-auth', '--client-id', client, '--auth-flow', 'USER_PASSWORD_AUTH', '--auth-parameters', 'USERNAME=alice,PASSWORD=Any-Pass-1')).error,
    /\(PasswordResetRequiredException\)/);
  await cli('forgot-password', '--client-id', client, '--username', 'alice');
  await cli('confirm-forgot-password', '--client-id', client, '--username', 'alice', '--confirmation-code', await latestCode(tessera.url, 'alice@example.com'), '--password', 'New-Pass-1');
  const signedIn = (await cli('initiate-auth', '--client-id', client, '--auth-flow', 'USER_PASSWORD_AUTH', '--auth-parameters', 'USERNAME=alice,PASSWORD=New-Pass-1')).out;
  assert.ok(signedIn.AuthenticationResult.AccessToken);
});

test('JS SDK: an import job uploaded with fetch; a second run skips the existing users; stop and list', async () => {
  const idp = idpClient(tessera.url);
  const { Id: UserPoolId } = await createPool(idp, { AutoVerifiedAttributes: ['email'] });
  const { ClientId } = await createAppClient(idp, UserPoolId);
  const { CSVHeader } = await idp.send(new GetCSVHeaderCommand({ UserPoolId }));
  const body = csv(CSVHeader, [
    { 'cognito:username': 'carol', email: 'carol@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'false' },
    { 'cognito:username': 'dave', email: 'dave@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'false' },
  ]);

  async function runJob(JobName) {
    const { UserImportJob: job } = await idp.send(new CreateUserImportJobCommand({ UserPoolId, JobName, CloudWatchLogsRoleArn: role }));
    assert.ok(job.CreationDate instanceof Date);
    const put = await fetch(job.PreSignedUrl, { method: 'PUT', headers: { 'x-amz-server-side-encryption': 'aws:kms', 'content-type': 'text/csv' }, body });
    assert.equal(put.status, 200, await put.text());
    await idp.send(new StartUserImportJobCommand({ UserPoolId, JobId: job.JobId }));
    return until(async () => (await idp.send(new DescribeUserImportJobCommand({ UserPoolId, JobId: job.JobId }))).UserImportJob, ended);
  }

  const first = await runJob('first');
  assert.equal(first.Status, 'Succeeded');
  assert.equal(first.ImportedUsers, 2);
  assert.equal(first.CompletionMessage, 'Import Job Completed Successfully.');

  // Every user exists already: all are skipped, so the job fails as AWS's does when too many users are skipped.
  const second = await runJob('second');
  assert.equal(second.Status, 'Failed');
  assert.equal(second.SkippedUsers, 2);
  assert.equal(second.CompletionMessage, 'Too many users have failed or been skipped during the import.');

  const { UserImportJob: unstarted } = await idp.send(new CreateUserImportJobCommand({ UserPoolId, JobName: 'never uploaded', CloudWatchLogsRoleArn: role }));
  await rejectsWith(idp.send(new StartUserImportJobCommand({ UserPoolId, JobId: unstarted.JobId })), 'PreconditionNotMetException');
  await rejectsWith(idp.send(new StopUserImportJobCommand({ UserPoolId, JobId: unstarted.JobId })), 'InvalidParameterException');
  await rejectsWith(idp.send(new DescribeUserImportJobCommand({ UserPoolId, JobId: 'import-0000000000' })), 'ResourceNotFoundException');

  const page = await idp.send(new ListUserImportJobsCommand({ UserPoolId, MaxResults: 2 }));
  assert.deepEqual(page.UserImportJobs.map((j) => j.JobName), ['never uploaded', 'second']);
  const rest = await idp.send(new ListUserImportJobsCommand({ UserPoolId, MaxResults: 2, PaginationToken: page.PaginationToken }));
  assert.deepEqual(rest.UserImportJobs.map((j) => j.JobName), ['first']);
  assert.equal(rest.PaginationToken, undefined);

  assert.equal((await idp.send(new AdminGetUserCommand({ UserPoolId, Username: 'carol' }))).UserStatus, 'RESET_REQUIRED');
  await rejectsWith(idp.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carol', PASSWORD: 'Any-Pass-1' } })),
    'PasswordResetRequiredException');
  await idp.send(new ForgotPasswordCommand({ ClientId, Username: 'carol' }));
  await idp.send(new ConfirmForgotPasswordCommand({ ClientId, Username: 'carol', ConfirmationCode: await latestCode(tessera.url, 'carol@example.com'), Password: 'New-Pass-1' }));
  const auth = await idp.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carol', PASSWORD: 'New-Pass-1' } }));
  assert.ok(auth.AuthenticationResult.IdToken);
});
