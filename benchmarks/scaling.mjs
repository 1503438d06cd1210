// SPDX-License-Identifier: Apache-2.0
// Scaling out: throughput of STS GetCallerIdentity (SigV4 with temporary credentials from GetCredentialsForIdentity), of
// REFRESH_TOKEN_AUTH and of client_credentials at /oauth2/token with 1 node and with 2 nodes (`start`, one PostgreSQL),
// as a load balancer would spread it: the same total connections, all on node A, or half on
// each node. Rounds alternate 1, 2, 1, 2, … so a busy machine weighs on both alike; the medians are printed. Usage:
//   node benchmarks/scaling.mjs [rounds=3] [seconds=8] [connections=16] [nodes=2]
// Needs wrk and a PostgreSQL (TESSERA_BENCH_POSTGRES, default eng/setup-postgres.sh's); a fresh database is made and
// dropped. On a machine with more cores, raise `nodes` and pin each node with NODE_CPUS="0-3,4-7,…" (docs/benchmarks.md).
import { spawn, execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import {
  CognitoIdentityProviderClient, CreateUserPoolCommand, CreateUserPoolClientCommand, AdminCreateUserCommand, AdminSetUserPasswordCommand,
  InitiateAuthCommand, CreateUserPoolDomainCommand, CreateResourceServerCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityClient, CreateIdentityPoolCommand, SetIdentityPoolRolesCommand, GetIdCommand, GetCredentialsForIdentityCommand } from '@aws-sdk/client-cognito-identity';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';

const here = dirname(fileURLToPath(import.meta.url));
const dll = process.env.TESSERA_DLL ?? join(here, '../artifacts/server/tessera.dll');
const [roundsArg = '3', secondsArg = '8', connsArg = '16', nodesArg = '2'] = process.argv.slice(2);
const ROUNDS = Number(roundsArg);
const SECONDS = Number(secondsArg);
const CONNS = Number(connsArg);
const NODES = Number(nodesArg);
const pinning = process.env.NODE_CPUS?.split(',');
const base = process.env.TESSERA_BENCH_POSTGRES ?? 'Host=127.0.0.1;Port=5432;Username=tessera;Password=tessera;Database=tessera_test';
const database = `tessera_scale_${randomBytes(4).toString('hex')}`;
const connectionString = base.replace(/Database=[^;]*/i, `Database=${database}`);
const admin = { accessKeyId: 'AKIASCALINGEXAMPLE', secretAccessKey: randomBytes(20).toString('hex') };
const env = {
  ...process.env,
  Tessera__Storage__Provider: 'PostgreSql',
  Tessera__Storage__ConnectionString: connectionString,
  Tessera__MasterKey: randomBytes(32).toString('base64'),
  Tessera__Admin__AccessKeyId: admin.accessKeyId,
  Tessera__Admin__SecretAccessKey: admin.secretAccessKey,
  // The load comes from one address, as a benchmark does and a user base does not.
  Tessera__RateLimits__Enabled: 'false',
  Logging__LogLevel__Default: 'Warning',
};

const freePort = () => new Promise((ok) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); }); });

async function startNode(i) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const command = ['dotnet', dll, 'start', `--urls=${url}`, '--Tessera:PublicUrl=http://id.scaling.test'];
  const child = pinning ? spawn('taskset', ['-c', pinning[i], ...command], { env, stdio: 'ignore', cwd: mkdtempSync(join(tmpdir(), 'scaling-')) })
    : spawn(command[0], command.slice(1), { env, stdio: 'ignore', cwd: mkdtempSync(join(tmpdir(), 'scaling-')) });
  for (const deadline = Date.now() + 180_000; ;) {
    try { if ((await fetch(`${url}/health/ready`)).ok) break; } catch { /* starting */ }
    if (Date.now() > deadline) throw new Error(`node ${i} did not start`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, child };
}

async function seed(url, nodes) {
  const idp = new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials: admin });
  const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'scaling' }));
  const { UserPoolClient: app } = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool.Id, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
  const refresh = [];
  let idToken;
  for (let i = 0; i < 20; i++) {
    const Username = `user${i}`;
    await idp.send(new AdminCreateUserCommand({ UserPoolId: UserPool.Id, Username, MessageAction: 'SUPPRESS' }));
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: UserPool.Id, Username, Password: 'Perm-Pass-1', Permanent: true }));
    const out = await idp.send(new InitiateAuthCommand({ ClientId: app.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: Username, PASSWORD: 'Perm-Pass-1' } }));
    idToken = out.AuthenticationResult.IdToken;
    refresh.push(JSON.stringify({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: app.ClientId, AuthParameters: { REFRESH_TOKEN: out.AuthenticationResult.RefreshToken } }));
  }
  const domain = `scaling-${Date.now()}`;
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: UserPool.Id, Domain: domain }));
  await idp.send(new CreateResourceServerCommand({ UserPoolId: UserPool.Id, Identifier: 'orders', Name: 'orders', Scopes: [{ ScopeName: 'read', ScopeDescription: 'read' }] }));
  const { UserPoolClient: m2m } = await idp.send(new CreateUserPoolClientCommand({
    UserPoolId: UserPool.Id, ClientName: 'm2m', GenerateSecret: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['orders/read'], AllowedOAuthFlowsUserPoolClient: true,
  }));
  const dir = mkdtempSync(join(tmpdir(), 'scaling-bodies-'));
  writeFileSync(join(dir, 'refresh.txt'), refresh.join('\n') + '\n');
  writeFileSync(join(dir, 'cc.txt'), 'grant_type=client_credentials&scope=orders%2Fread\n');

  // Temporary credentials of an authenticated identity (through node A), then one GetCallerIdentity signed for each node:
  // SigV4 signs the Host header. Replaying a signed request is valid for its 15-minute clock window (SigV4 has no nonce);
  // the STS load runs first, within minutes of signing.
  const provider = `cognito-idp.us-east-1.amazonaws.com/${UserPool.Id}`;
  const identity = new CognitoIdentityClient({ endpoint: url, region: 'us-east-1', credentials: admin });
  const { IdentityPoolId } = await identity.send(new CreateIdentityPoolCommand({
    IdentityPoolName: 'scaling', AllowUnauthenticatedIdentities: false, CognitoIdentityProviders: [{ ProviderName: provider, ClientId: app.ClientId }] }));
  await identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId, Roles: { authenticated: 'arn:aws:iam::000000000000:role/ScalingAuthenticated' } }));
  const Logins = { [provider]: idToken };
  const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId, Logins }));
  const { Credentials } = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins }));
  const stsHeaders = {};
  for (const node of nodes) {
    const sts = new STSClient({ endpoint: node.url, region: 'us-east-1', credentials: { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretKey, sessionToken: Credentials.SessionToken } });
    let signed;
    sts.middlewareStack.add((next) => async (args) => { signed = args.request; return next(args); }, { step: 'finalizeRequest', priority: 'low', name: 'captureSigned' });
    await sts.send(new GetCallerIdentityCommand({}));
    const file = join(dir, `sts-${nodes.indexOf(node)}.headers`);
    writeFileSync(file, Object.entries(signed.headers).filter(([k]) => !['host', 'content-length', 'content-type'].includes(k.toLowerCase()))
      .map(([k, v]) => `${k}: ${v}`).join('\n') + '\n');
    writeFileSync(join(dir, 'sts.txt'), `${signed.body}\n`);
    stsHeaders[node.url] = { HEADERS: file, CONTENT_TYPE: signed.headers['content-type'] };
  }
  return {
    sts: (nodeUrl) => ({ BODIES: join(dir, 'sts.txt'), AMZ_TARGET: '', REQ_PATH: '/', ...stsHeaders[nodeUrl] }),
    refresh: { BODIES: join(dir, 'refresh.txt'), AMZ_TARGET: 'AWSCognitoIdentityProviderService.InitiateAuth' },
    clientCredentials: {
      BODIES: join(dir, 'cc.txt'), AMZ_TARGET: '', REQ_PATH: `/auth/${domain}/oauth2/token`, CONTENT_TYPE: 'application/x-www-form-urlencoded',
      AUTHORIZATION: `Basic ${Buffer.from(`${m2m.ClientId}:${m2m.ClientSecret}`).toString('base64')}`,
    },
  };
}

function wrk(url, conns, load) {
  return new Promise((ok, fail) => execFile('wrk', ['-t1', `-c${conns}`, `-d${SECONDS}s`, '--timeout', '10s', '-s', join(here, 'lib/post.lua'), `${url}/`],
    { env: { ...process.env, ...(typeof load === 'function' ? load(url) : load) } }, (error, out) => {
      if (error) { fail(error); return; }
      const r = JSON.parse(out.match(/^RESULT (.*)$/m)[1]);
      ok({ ok: r.requests - r.status - r.timeout, failed: r.status + r.timeout, seconds: r.duration_us / 1e6 });
    }));
}

/** Total answers per second with `conns` connections spread evenly over `nodes`. */
async function run(nodes, load) {
  const per = Math.max(1, Math.floor(CONNS / nodes.length));
  const results = await Promise.all(nodes.map((n) => wrk(n.url, per, load)));
  return { rps: results.reduce((s, r) => s + (r.ok / r.seconds), 0), failed: results.reduce((s, r) => s + r.failed, 0) };
}

const median = (xs) => { const s = [...xs].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const nodes = [];
try {
  // Started one after the other: the first creates and migrates the database.
  for (let i = 0; i < NODES; i++) nodes.push(await startNode(i));
  const loads = await seed(nodes[0].url, nodes);
  for (const [name, load] of Object.entries(loads)) {
    await run(nodes, load); // warm-up: JIT and connection pools on every node
    const byCount = new Map();
    for (let round = 0; round < ROUNDS; round++) {
      for (const count of [1, NODES]) {
        const r = await run(nodes.slice(0, count), load);
        if (!byCount.has(count)) byCount.set(count, []);
        byCount.get(count).push(r);
      }
    }
    const one = median(byCount.get(1).map((r) => r.rps));
    const many = median(byCount.get(NODES).map((r) => r.rps));
    const failures = [...byCount.values()].flat().reduce((s, r) => s + r.failed, 0);
    console.log(`${name}: 1 node ${one.toFixed(0)} req/s; ${NODES} nodes ${many.toFixed(0)} req/s; ratio ${(many / one).toFixed(2)}; failures ${failures}`
      + ` (runs: ${[...byCount.entries()].map(([c, rs]) => `${c}: ${rs.map((r) => r.rps.toFixed(0)).join(', ')}`).join('; ')})`);
  }
} finally {
  for (const n of nodes) n.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 3000));
  const pg = Object.fromEntries(base.split(';').filter(Boolean).map((p) => p.split('=')).map(([k, v]) => [k.toLowerCase(), v]));
  spawnSync('psql', ['-h', pg.host, '-p', pg.port ?? '5432', '-U', pg.username, '-d', pg.database, '-c', `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`],
    { env: { ...process.env, PGPASSWORD: pg.password }, stdio: 'ignore' });
}
