// SPDX-License-Identifier: Apache-2.0
// The same API as ../Api in Express: aws-jwt-verify checks the access token against the pool's JWKS.
// Environment: ISSUER (e.g. http://localhost:9229/us-east-1_AbC123xyZ), CLIENT_ID, PORT.
import express from 'express';
import { JwtRsaVerifier } from 'aws-jwt-verify';

const issuer = process.env.ISSUER;
const port = Number(process.env.PORT ?? 5002);
if (!issuer) throw new Error('Set ISSUER to the user pool issuer, e.g. http://localhost:9229/us-east-1_AbC123xyZ');

const verifier = JwtRsaVerifier.create({
  issuer,
  audience: null, // access tokens carry client_id, not aud
  jwksUri: `${issuer}/.well-known/jwks.json`,
  customJwtCheck: ({ payload }) => {
    if (payload.token_use !== 'access') throw new Error(`token_use is ${payload.token_use}, expected access`);
    if (process.env.CLIENT_ID && payload.client_id !== process.env.CLIENT_ID) throw new Error('token issued to another client');
  },
});

// aws-jwt-verify fetches JWKS over https only; a local Tessera on http hands them over here.
async function loadJwks() {
  if (issuer.startsWith('http://')) verifier.cacheJwks(await (await fetch(`${issuer}/.well-known/jwks.json`)).json());
}

async function authenticate(req, res, next) {
  const header = req.get('authorization') ?? '';
  if (!header.startsWith('Bearer ')) {
    res.set('WWW-Authenticate', 'Bearer').status(401).json({ message: 'Missing bearer token: send Authorization: Bearer <access token>.' });
    return;
  }
  try {
    req.user = await verifier.verify(header.slice(7));
    next();
  } catch (e) {
    if (e.name === 'KidNotFoundInJwksError' && issuer.startsWith('http://')) {
      await loadJwks();
      try { req.user = await verifier.verify(header.slice(7)); next(); return; } catch (again) { e = again; }
    }
    const reason = String(e.message).replaceAll('"', "'");
    res.set('WWW-Authenticate', `Bearer error="invalid_token", error_description="${reason}"`).status(401).json({ message: reason });
  }
}

await loadJwks();
const app = express();
app.use((req, res, next) => { res.set('Access-Control-Allow-Origin', '*').set('Access-Control-Allow-Headers', 'authorization'); next(); });
app.options('*splat', (req, res) => res.sendStatus(204));
app.get('/api/hello', authenticate, (req, res) => res.type('text').send(`Hi ${req.user.username}, your API call is authenticated!`));
app.listen(port, '127.0.0.1', () => console.log(`express api on http://127.0.0.1:${port}`));
