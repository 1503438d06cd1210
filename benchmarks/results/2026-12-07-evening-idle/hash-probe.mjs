// Hash cost probe (end of session 2026-12-07): start-dev pinned to CPU 1, 40 sequential USER_PASSWORD_AUTH, p50 and the
// server's own hash metrics. Usage: TESSERA_DLL=<publish>/tessera.dll [PERF=1] node hash-probe.mjs [ENV=value ...]
// (run from anywhere; needs tests/compat's npm packages and perf for PERF=1).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(new URL('../../../tests/compat/package.json', import.meta.url));
const { CognitoIdentityProviderClient, CreateUserPoolCommand, CreateUserPoolClientCommand, AdminCreateUserCommand, AdminSetUserPasswordCommand, InitiateAuthCommand } = require('@aws-sdk/client-cognito-identity-provider');
const env = { ...process.env, ...Object.fromEntries(process.argv.slice(2).map((a) => a.split(/=(.*)/s).slice(0, 2))) };
const port = 21000 + Math.floor(Math.random() * 5000);
const dir = mkdtempSync('/tmp/hash-probe-');
const srv = spawn('taskset', ['-c', '1', 'dotnet', process.env.TESSERA_DLL, 'start-dev', `--urls=http://127.0.0.1:${port}`, `--Tessera:PublicUrl=http://127.0.0.1:${port}`], { cwd: dir, env, stdio: 'ignore' });
for (;;) { try { if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break; } catch {} await new Promise((r) => setTimeout(r, 100)); }
const c = new CognitoIdentityProviderClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const pool = (await c.send(new CreateUserPoolCommand({ PoolName: 'p' }))).UserPool.Id;
const client = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))).UserPoolClient.ClientId;
await c.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'u', MessageAction: 'SUPPRESS' }));
await c.send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: 'u', Password: 'Passw0rd!Passw0rd', Permanent: true }));
const t = []; if (process.env.PERF) { spawn('bash', ['-c', `perf stat -e page-faults,context-switches -p ${srv.pid} -- sleep 6 > /tmp/hash-probe-perf.txt 2>&1`], { stdio: 'ignore' }); await new Promise((r) => setTimeout(r, 200)); }
for (let i = 0; i < 40; i++) { const s = performance.now(); await c.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: client, AuthParameters: { USERNAME: 'u', PASSWORD: 'Passw0rd!Passw0rd' } })); t.push(performance.now() - s); }
t.splice(0, 10); t.sort((a, b) => a - b);
console.log(process.argv.slice(2).join(' ') || 'default', 'p50', t[15].toFixed(1), 'min', t[0].toFixed(1));
const m = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text(); console.log(m.split("\n").filter((l) => /hash/.test(l) && !l.startsWith("#")).join("\n"));
srv.kill();
