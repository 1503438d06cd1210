// SPDX-License-Identifier: Apache-2.0
// A/B of CreateUserPool between two builds of Tessera (issue 17, the signing keys a new pool gets): both servers run
// side by side, pinned to the same core, and the AWS JS SDK creates pools on each in turn, A B A B … The figure that
// survives a busy machine is the server's CPU time per CreateUserPool (utime + stime of the server process over the
// round ÷ creates); wall time per create is reported beside it. Usage:
//   node benchmarks/createpool-ab.mjs <A tessera.dll> <B tessera.dll> [rounds=5] [creates per round=10]
import { CognitoIdentityProviderClient, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { cpuSeconds, startDev } from './lib/server-cpu.mjs';

const [dllA, dllB, roundsArg = '5', createsArg = '10'] = process.argv.slice(2);
const ROUNDS = Number(roundsArg);
const CREATES = Number(createsArg);
const CPU_SERVER = process.env.AB_SERVER_CPU ?? '1';

async function start(name, dll) {
  const { url, child } = await startDev(name, dll, { cpu: CPU_SERVER, prefix: 'createpool-ab' });
  const idp = new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  return { name, url, child, idp, made: 0 };
}

async function round(server, creates) {
  const before = cpuSeconds(server.child.pid);
  const t0 = performance.now();
  for (let i = 0; i < creates; i++) await server.idp.send(new CreateUserPoolCommand({ PoolName: `ab-${server.made++}` }));
  const wallMs = (performance.now() - t0) / creates;
  return { cpuMs: ((cpuSeconds(server.child.pid) - before) / creates) * 1000, wallMs };
}

const median = (xs) => { const s = [...xs].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const a = await start('A', dllA);
const b = await start('B', dllB);
try {
  for (const s of [a, b]) await round(s, 5); // JIT warm-up
  const rows = [];
  for (let r = 0; r < ROUNDS; r++) {
    const row = r % 2 === 0 ? { a: await round(a, CREATES), b: await round(b, CREATES) } : { b: await round(b, CREATES), a: await round(a, CREATES) };
    console.log(`round ${r + 1}: A ${row.a.cpuMs.toFixed(0)} ms CPU/create (${row.a.wallMs.toFixed(0)} ms wall) | B ${row.b.cpuMs.toFixed(0)} ms CPU/create (${row.b.wallMs.toFixed(0)} ms wall)`);
    rows.push(row);
  }
  const m = (side, key) => median(rows.map((r) => r[side][key]));
  console.log(`CreateUserPool, ${ROUNDS} rounds of ${CREATES}, medians: A ${m('a', 'cpuMs').toFixed(0)} ms CPU/create, ${m('a', 'wallMs').toFixed(0)} ms wall`
    + ` | B ${m('b', 'cpuMs').toFixed(0)} ms CPU/create, ${m('b', 'wallMs').toFixed(0)} ms wall | B÷A CPU ${(m('b', 'cpuMs') / m('a', 'cpuMs')).toFixed(2)}`);
} finally {
  a.child.kill('SIGTERM');
  b.child.kill('SIGTERM');
}
