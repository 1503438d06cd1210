// usage: node seed.mjs <dll> <cpu> [envjson]  -> prints JSON {pid,url,refresh,login}
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { CognitoIdentityProviderClient, CreateUserPoolCommand, CreateUserPoolClientCommand, AdminCreateUserCommand, AdminSetUserPasswordCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
const [dll, cpu = '1', envJson = '{}'] = process.argv.slice(2);
const freePort = () => new Promise((ok) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); }); });
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const dir = mkdtempSync(join(tmpdir(), 'hp-'));
const child = spawn('taskset', ['-c', cpu, 'dotnet', dll, 'start-dev', `--urls=${url}`, `--Tessera:PublicUrl=${url}`, '--Logging:LogLevel:Tessera.Requests=Warning'], {
  cwd: dir, stdio: 'ignore', detached: true, env: { ...process.env, Tessera__Passwords__MemoryKiB: '8', Tessera__Passwords__Passes: '1', Tessera__Passwords__QueueBudget: '01:00:00', ...JSON.parse(envJson) },
});
child.unref();
for (const deadline = Date.now() + 180_000; ;) {
  try { if ((await fetch(`${url}/health`)).ok) break; } catch { }
  if (Date.now() > deadline) throw new Error('did not start');
  await new Promise((r) => setTimeout(r, 200));
}
const idp = new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'ab' }));
const { UserPoolClient } = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool.Id, ClientName: 'ab', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
const refresh = [], login = [];
for (let i = 0; i < 20; i++) {
  const Username = `user${i}`;
  await idp.send(new AdminCreateUserCommand({ UserPoolId: UserPool.Id, Username, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }, { Name: 'email_verified', Value: 'true' }] }));
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: UserPool.Id, Username, Password: 'Perm-Pass-1', Permanent: true }));
  const out = await idp.send(new InitiateAuthCommand({ ClientId: UserPoolClient.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: Username, PASSWORD: 'Perm-Pass-1' } }));
  refresh.push(JSON.stringify({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: UserPoolClient.ClientId, AuthParameters: { REFRESH_TOKEN: out.AuthenticationResult.RefreshToken } }));
  login.push(JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: UserPoolClient.ClientId, AuthParameters: { USERNAME: Username, PASSWORD: 'Perm-Pass-1' } }));
}
writeFileSync(join(dir, 'refresh.txt'), refresh.join('\n') + '\n');
writeFileSync(join(dir, 'login.txt'), login.join('\n') + '\n');
idp.destroy();
console.log(JSON.stringify({ pid: child.pid, url, dir, refresh: join(dir, 'refresh.txt'), login: join(dir, 'login.txt') }));
