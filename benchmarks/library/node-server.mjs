// SPDX-License-Identifier: Apache-2.0
// The Node peer for G2: node:http + aws-jwt-verify's JwtRsaVerifier with the JWKS cached (hydrated at
// start), checking what the library checks (signature, issuer, expiry, token_use, client_id).
// aws-jwt-verify fetches JWKS over https only, so the stand-in pool's JWKS is handed to it with cacheJwks:
// the same cached state it reaches after its first fetch from AWS.
// Usage: node node-server.mjs <port> <issuer> <client_id> <jwks.json>
import http from 'node:http';
import fs from 'node:fs';
import { JwtRsaVerifier } from 'aws-jwt-verify';

const [port, issuer, clientId, jwksFile] = [Number(process.argv[2]), process.argv[3], process.argv[4], process.argv[5]];
const verifier = JwtRsaVerifier.create({
  issuer,
  audience: null, // access tokens carry client_id, not aud: checked below as the library does
  jwksUri: `${issuer}/.well-known/jwks.json`,
  customJwtCheck: ({ payload }) => {
    if (payload.token_use !== 'access') throw new Error(`token_use is ${payload.token_use}`);
    if (payload.client_id !== clientId) throw new Error(`client ${payload.client_id} not accepted`);
  },
});
verifier.cacheJwks(JSON.parse(fs.readFileSync(jwksFile, 'utf8')));

const unauthorized = (res, message) => {
  res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"' });
  res.end(JSON.stringify({ message }));
};

http.createServer(async (req, res) => {
  if (req.url === '/api/public') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Anyone may read this.');
    return;
  }
  if (req.url !== '/api/hello') {
    res.writeHead(404);
    res.end();
    return;
  }
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Bearer ')) return unauthorized(res, 'Missing bearer token');
  try {
    const payload = await verifier.verify(header.slice(7));
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`Hi ${payload.username}, your API call is authenticated!`);
  } catch (e) {
    unauthorized(res, e.message);
  }
}).listen(port, '127.0.0.1', () => process.stdout.write(`ready ${port}\n`));
