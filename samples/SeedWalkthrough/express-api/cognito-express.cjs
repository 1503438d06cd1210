// SPDX-License-Identifier: Apache-2.0
// The scenario's Express API as teams write it for AWS, unchanged: cognito-express hard-codes the issuer
// https://cognito-idp.<region>.amazonaws.com/<poolId> and fetches its JWKS from that host. Against
// Tessera this runs in drop-in mode (docs/drop-in.md): AWS-style issuer, a hosts entry, a trusted CA.
// Environment: REGION, USER_POOL_ID, PORT.
const express = require('express');
const CognitoExpress = require('cognito-express');

const app = express();
const authenticatedRoute = express.Router();
app.use('/api', authenticatedRoute);

const cognitoExpress = new CognitoExpress({
  region: process.env.REGION ?? 'us-east-1',
  cognitoUserPoolId: process.env.USER_POOL_ID,
  tokenUse: 'access',
  tokenExpiration: 3600000,
});

authenticatedRoute.use((req, res, next) => {
  const header = req.headers.authorization ?? '';
  const accessTokenFromClient = header.startsWith('Bearer ') ? header.slice(7) : null;
  if (!accessTokenFromClient) return res.status(401).send('Access Token missing from header');
  cognitoExpress.validate(accessTokenFromClient, (err, response) => {
    if (err) return res.status(401).send(err);
    res.locals.user = response;
    next();
  });
});

authenticatedRoute.get('/hello', (req, res) => {
  res.send(`Hi ${res.locals.user.username}, your API call is authenticated!`);
});

const port = Number(process.env.PORT ?? 5003);
app.listen(port, '127.0.0.1', () => console.log(`cognito-express api on http://127.0.0.1:${port}`));
