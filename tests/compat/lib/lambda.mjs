// SPDX-License-Identifier: Apache-2.0
// Starts serverless-offline (the npm Lambda emulator users run) on free loopback ports for a service folder
// of JS handlers, so Tessera can invoke them through the real Lambda Invoke API; and stops it.
import { spawn } from 'node:child_process';
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './server.mjs';

const compat = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const serverlessBin = join(compat, 'node_modules/serverless/bin/serverless.js');

// Nothing may leave the machine: no telemetry, update notices, dashboard or interactive setup.
const offlineEnv = {
  SLS_TELEMETRY_DISABLED: '1',
  SLS_TRACKING_DISABLED: '1',
  SLS_NOTIFICATIONS_MODE: 'off',
  SLS_DEPRECATION_DISABLE: '*',
  SLS_INTERACTIVE_SETUP_DISABLE: '1',
  SERVERLESS_PLATFORM_STAGE: 'none',
  // serverless-offline itself never calls AWS; fixed fake credentials keep the framework from looking for any.
  AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
  AWS_SECRET_ACCESS_KEY: 'local-secret',
  AWS_REGION: 'us-east-1',
};

/**
 * Starts `serverless offline start` in `service` (a folder with serverless.yml naming the handlers); `env` reaches the handlers.
 * Returns { endpoint, arn(name), stop() }: `endpoint` is the Lambda API base URL for Tessera:Lambda:Endpoint,
 * `arn(key)` the ARN of function `key` as a pool's LambdaConfig names it (service-stage-key, as serverless names it).
 */
export async function startLambda({ service, name = 'triggers', stage = 'dev', env = {} }) {
  const lambdaPort = await freePort();
  const httpPort = await freePort();
  const websocketPort = await freePort();
  const albPort = await freePort();
  const child = spawn(process.execPath, [serverlessBin, 'offline', 'start', '--stage', stage,
    '--host', '127.0.0.1', '--lambdaPort', String(lambdaPort), '--httpPort', String(httpPort),
    '--websocketPort', String(websocketPort), '--albPort', String(albPort)], {
    cwd: service,
    env: { ...process.env, ...offlineEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const endpoint = `http://127.0.0.1:${lambdaPort}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serverless-offline exited early:\n${log}`);
    // The Lambda API answers 404 ResourceNotFoundException for an unknown function once it listens.
    try {
      const r = await fetch(`${endpoint}/2015-03-31/functions/-/invocations`, { method: 'POST', body: '{}' });
      if (r.status === 404) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { stopGroup(child); throw new Error(`serverless-offline did not start:\n${log}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    endpoint,
    arn: (key, region = 'us-east-1') => `arn:aws:lambda:${region}:000000000000:function:${name}-${stage}-${key}`,
    get log() { return log; },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      stopGroup(child, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) stopGroup(child);
    },
  };
}

/** serverless runs handlers in worker threads of its own process; the group holds anything else it spawned. */
function stopGroup(child, signal = 'SIGKILL') {
  try { process.kill(-child.pid, signal); } catch { /* already gone */ }
}
