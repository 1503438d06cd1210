// SPDX-License-Identifier: Apache-2.0
// A stand-in user pool for the library benchmark: generates an RSA-2048 key, signs one Cognito-shaped
// access token with it, writes token/issuer/client_id/jwks.json to <out>, and serves the pool's discovery
// document and JWKS on 127.0.0.1:<port>. All three servers read the same JWKS once at start and verify the
// same token. Usage: node issuer.mjs <port> <out-dir>
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const [port, out] = [Number(process.argv[2]), process.argv[3]];
const pool = 'us-east-1_LibBench01';
const issuer = `http://127.0.0.1:${port}/${pool}`;
const clientId = '4k2libbench7x9clientid00ab';
const kid = 'libbench-key-1';
const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] };

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
// Claims and order as in a Cognito access token (COGNITO-NOTES); valid for 4 hours, longer than any run.
const payload = {
  sub: '7f5e1c0a-1b2c-4d3e-8f9a-0b1c2d3e4f50',
  'cognito:groups': ['admins'],
  iss: issuer,
  client_id: clientId,
  origin_jti: crypto.randomUUID(),
  event_id: crypto.randomUUID(),
  token_use: 'access',
  scope: 'aws.cognito.signin.user.admin',
  auth_time: now,
  exp: now + 4 * 3600,
  iat: now,
  jti: crypto.randomUUID(),
  username: 'bench-user',
};
const input = `${b64({ kid, alg: 'RS256' })}.${b64(payload)}`;
const token = `${input}.${crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;

fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'token'), token);
fs.writeFileSync(path.join(out, 'issuer'), issuer);
fs.writeFileSync(path.join(out, 'client_id'), clientId);
fs.writeFileSync(path.join(out, 'jwks.json'), JSON.stringify(jwks));

const discovery = JSON.stringify({
  issuer,
  jwks_uri: `${issuer}/.well-known/jwks.json`,
  authorization_endpoint: `${issuer}/oauth2/authorize`,
  token_endpoint: `${issuer}/oauth2/token`,
  response_types_supported: ['code', 'token'],
  subject_types_supported: ['public'],
  id_token_signing_alg_values_supported: ['RS256'],
});
const jwksBody = JSON.stringify(jwks);
let fetches = 0;
http.createServer((req, res) => {
  const body = req.url === `/${pool}/.well-known/openid-configuration` ? discovery
    : req.url === `/${pool}/.well-known/jwks.json` ? jwksBody : null;
  fetches++;
  // Every fetch is logged: the run shows that no server reads keys per request.
  process.stderr.write(`issuer: GET ${req.url} (${fetches} so far)\n`);
  res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
  res.end(body ?? '{}');
}).listen(port, '127.0.0.1', () => process.stdout.write(`ready ${issuer}\n`));
