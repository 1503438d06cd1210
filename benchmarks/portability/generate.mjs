// SPDX-License-Identifier: Apache-2.0
// Writes an export file (formatVersion 1, plaintext secrets) with one pool and N users for the portability benchmark
// (docs/benchmarks.md). Every user gets the credentials of the template export's first user (a real password hash,
// SRP salt and verifier, and a TOTP secret), so the file has the size and shape of real users and each can sign in.
//   node generate.mjs <template export.json> <users> <out.json>
import { createWriteStream, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';

const [templatePath, countText, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error('usage: node generate.mjs <template export.json> <users> <out.json>');
  process.exit(2);
}
const template = JSON.parse(readFileSync(templatePath, 'utf8'));
if (template.secrets?.protection !== 'plaintext') throw new Error('the template must be exported with --plaintext-secrets');
const pool = template.userPools[0];
const model = pool.users[0];
const count = Number(countText);
const out = createWriteStream(outPath);
const write = async (text) => { if (!out.write(text)) await once(out, 'drain'); };

const { users, ...header } = pool;
await write(`{"formatVersion":1,"secrets":{"protection":"plaintext"},"userPools":[${JSON.stringify({ ...header, users: undefined }).slice(0, -1)},"users":[\n`);
for (let i = 0; i < count; i++) {
  const sub = randomUUID();
  const username = `user${String(i).padStart(7, '0')}`;
  const user = {
    ...model,
    sub,
    username,
    attributes: { sub, email: `${username}@example.com`, email_verified: 'true', given_name: 'Test', family_name: `User ${i}` },
    mfa: { softwareTokenSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', softwareTokenEnabled: true, preferred: 'SOFTWARE_TOKEN_MFA' },
  };
  await write((i ? ',\n' : '') + JSON.stringify(user));
}
await write('\n]}]}\n');
out.end();
await once(out, 'finish');
console.error(`wrote ${count} users to ${outPath}`);
