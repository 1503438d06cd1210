// SPDX-License-Identifier: Apache-2.0
// The AWS CLI against a started Tessera, with fake credentials and nothing from the machine's configuration.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = promisify(execFile);

export function cliEnv() {
  const nowhere = join(tmpdir(), 'tessera-no-aws-config');
  return {
    PATH: process.env.PATH, HOME: process.env.HOME, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'dev-secret',
    AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: nowhere, AWS_SHARED_CREDENTIALS_FILE: nowhere, AWS_PAGER: '', AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** `aws <args>` with JSON output: `{ out }` with the parsed output, or `{ error }` with the CLI's error text. */
export async function aws(url, ...args) {
  try {
    const { stdout } = await run('aws', ['--endpoint-url', url, '--output', 'json', ...args], { env: cliEnv(), timeout: 60_000 });
    return { out: stdout.trim() === '' ? {} : JSON.parse(stdout) };
  } catch (e) {
    return { error: e.stderr?.trim() ?? String(e) };
  }
}
