// SPDX-License-Identifier: Apache-2.0
// Issue 6's benchmark: STS GetCallerIdentity signed with identity-pool credentials (SigV4 verify plus
// the sealed session token, no database read) and GetCredentialsForIdentity, through the whole stack.
// Starts a published Tessera on loopback, sets up pool → user → identity pool → credentials with the
// AWS SDK, captures one signed request of each kind and replays it with wrk (5 s warm-up, then 10 s,
// 3 runs each, 2 threads × 16 connections, unpinned: the whole 2-core box). Replaying one signed
// request is valid: SigV4 has no nonce, only the 15-minute clock window.
// Usage: node benchmarks/identity/run.mjs   (after `dotnet publish src/Tessera.Server -c Release -o artifacts/server`)
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CognitoIdentityProviderClient, CreateUserPoolCommand, CreateUserPoolClientCommand, AdminCreateUserCommand,
  AdminSetUserPasswordCommand, InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityClient, CreateIdentityPoolCommand, SetIdentityPoolRolesCommand, GetIdCommand, GetCredentialsForIdentityCommand } from '@aws-sdk/client-cognito-identity';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dll = process.env.TESSERA_DLL ?? join(repo, 'artifacts/server/tessera.dll');
const port = 19_450;
const url = `http://127.0.0.1:${port}`;
const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-identity-'));
const server = spawn('dotnet', [dll, 'start-dev', `--urls=${url}`, `--Tessera:PublicUrl=${url}`], { cwd: dir, stdio: 'ignore' });
const cleanup = () => { try { process.kill(server.pid, 'SIGKILL'); } catch { /* gone */ } };
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
}

function capture(client) {
  let request;
  client.middlewareStack.add((next) => async (args) => { request = args.request; return next(args); }, { step: 'finalizeRequest', priority: 'low', name: 'captureSigned' });
  return () => request;
}

function wrkScript(request) {
  const headers = Object.entries(request.headers).filter(([k]) => k.toLowerCase() !== 'host' && k.toLowerCase() !== 'content-length');
  return [
    'wrk.method = "POST"',
    `wrk.body = ${JSON.stringify(typeof request.body === 'string' ? request.body : Buffer.from(request.body ?? '').toString())}`,
    ...headers.map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(String(v))}`),
    'function response(status, headers, body) if status ~= 200 then print("NON200 " .. status) end end',
  ].join('\n');
}

function run(name, script, seconds) {
  const file = join(dir, `${name}.lua`);
  writeFileSync(file, script);
  execFileSync('wrk', ['-t2', '-c16', '-d5s', '-s', file, `${url}/`], { encoding: 'utf8' });
  const before = cpuSeconds(server.pid);
  const out = execFileSync('wrk', ['-t2', '-c16', `-d${seconds}s`, '--latency', '-s', file, `${url}/`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (!/Requests\/sec/.test(out)) throw new Error(`wrk failed for ${name}:\n${out}`);
  const cpu = cpuSeconds(server.pid) - before;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
  const p99 = /99%\s+([\d.]+\w+)/.exec(out)?.[1];
  const non200 = (out.match(/NON200/g) ?? []).length;
  const requests = rps * seconds;
  return { rps, p99, cpuMicrosPerRequest: Math.round((cpu / requests) * 1e6), non200 };
}

for (let i = 0; ; i++) {
  try { if ((await fetch(`${url}/health`)).ok) break; } catch { /* starting */ }
  if (i > 300) throw new Error('Tessera did not start');
  await new Promise((r) => setTimeout(r, 100));
}

const credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' };
const idp = new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials });
const pool = (await idp.send(new CreateUserPoolCommand({ PoolName: 'bench' }))).UserPool;
const client = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: pool.Id, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))).UserPoolClient;
await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'alice', MessageAction: 'SUPPRESS' }));
await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.Id, Username: 'alice', Password: 'Perm-Pass-1', Permanent: true }));
const tokens = (await idp.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: 'Perm-Pass-1' } }))).AuthenticationResult;
const provider = `cognito-idp.us-east-1.amazonaws.com/${pool.Id}`;
const identity = new CognitoIdentityClient({ endpoint: url, region: 'us-east-1', credentials });
const identityPool = await identity.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'bench', AllowUnauthenticatedIdentities: false,
  CognitoIdentityProviders: [{ ProviderName: provider, ClientId: client.ClientId }] }));
await identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: identityPool.IdentityPoolId, Roles: { authenticated: 'arn:aws:iam::000000000000:role/BenchAuthenticated' } }));
const logins = { [provider]: tokens.IdToken };
const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: identityPool.IdentityPoolId, Logins: logins }));

const unsigned = new CognitoIdentityClient({ endpoint: url, region: 'us-east-1', credentials });
const credsRequest = capture(unsigned);
const { Credentials } = await unsigned.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
const sts = new STSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretKey, sessionToken: Credentials.SessionToken } });
const stsRequest = capture(sts);
const who = await sts.send(new GetCallerIdentityCommand({}));
console.log(`GetCallerIdentity answers ${who.Arn}`);

const results = {};
for (const [name, request] of [['GetCallerIdentity', stsRequest()], ['GetCredentialsForIdentity', credsRequest()]]) {
  results[name] = [1, 2, 3].map(() => run(name, wrkScript(request), 10));
  const rps = results[name].map((r) => r.rps).sort((a, b) => a - b)[1];
  const cpu = results[name].map((r) => r.cpuMicrosPerRequest).sort((a, b) => a - b)[1];
  console.log(`RESULT ${name}: median ${rps.toFixed(0)} req/s (2 cores, 16 connections), server CPU ${cpu} µs/request; runs ${JSON.stringify(results[name])}`);
}
const load = readFileSync('/proc/loadavg', 'utf8').trim();
console.log(`machine: ${execFileSync('nproc').toString().trim()} cores, loadavg ${load}`);
cleanup();
process.exit(0);
