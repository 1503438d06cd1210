// SPDX-License-Identifier: Apache-2.0
// The identity-provider operations through the real AWS SDK: ProviderDetails per type, discovery from a real HTTP
// upstream, SAML metadata by URL and file, IdpIdentifiers, and the app client's SupportedIdentityProviders.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  CreateIdentityProviderCommand, DescribeIdentityProviderCommand, UpdateIdentityProviderCommand, DeleteIdentityProviderCommand,
  ListIdentityProvidersCommand, paginateListIdentityProviders, GetIdentityProviderByIdentifierCommand, GetSigningCertificateCommand,
  UpdateUserPoolClientCommand, DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTessera } from '../lib/server.mjs';
import { idpClient, createPool, createAppClient, rejectsWith } from '../lib/fixtures.mjs';

let tessera;
let idp;
let upstream;
let upstreamUrl;
let samlMetadata = '';

before(async () => {
  // A stand-in upstream that publishes a discovery document and SAML metadata, as a real IdP does.
  upstream = http.createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({
        issuer: upstreamUrl,
        authorization_endpoint: `${upstreamUrl}/auth`,
        token_endpoint: `${upstreamUrl}/token`,
        userinfo_endpoint: `${upstreamUrl}/me`,
        jwks_uri: `${upstreamUrl}/jwks`,
      }));
    } else if (req.url === '/saml/metadata') {
      res.setHeader('content-type', 'application/samlmetadata+xml');
      res.end(samlMetadata);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise((ok) => upstream.listen(0, '127.0.0.1', ok));
  upstreamUrl = `http://127.0.0.1:${upstream.address().port}`;
  tessera = await startTessera();
  idp = idpClient(tessera.url);
});
after(async () => {
  await tessera?.stop();
  upstream?.close();
});

const oidcDetails = () => ({
  client_id: 'tessera-app',
  client_secret: 'upstream-secret',
  authorize_scopes: 'openid email profile',
  attributes_request_method: 'GET',
  oidc_issuer: upstreamUrl,
});

const googleDetails = { client_id: '1example.apps.googleusercontent.com', client_secret: 'google-secret', authorize_scopes: 'email profile openid' };

function metadataXml(certificate, entityId = 'urn:example:idp') {
  return `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${upstreamUrl}/saml/slo"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${upstreamUrl}/saml/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
}

test('OIDC: Create discovers the endpoints, Describe shows them with the secret, Update keeps what it is not given', async () => {
  const pool = await createPool(idp);
  const { IdentityProvider: created } = await idp.send(new CreateIdentityProviderCommand({
    UserPoolId: pool.Id, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: oidcDetails(),
    AttributeMapping: { email: 'email', name: 'name' }, IdpIdentifiers: ['corp.example'],
  }));
  assert.equal(created.ProviderName, 'Corp');
  assert.equal(created.ProviderType, 'OIDC');
  assert.equal(created.UserPoolId, pool.Id);
  assert.deepEqual(created.ProviderDetails, {
    ...oidcDetails(),
    authorize_url: `${upstreamUrl}/auth`,
    token_url: `${upstreamUrl}/token`,
    attributes_url: `${upstreamUrl}/me`,
    jwks_uri: `${upstreamUrl}/jwks`,
    attributes_url_add_attributes: 'false',
  });
  assert.deepEqual(created.AttributeMapping, { email: 'email', name: 'name', username: 'sub' });
  assert.deepEqual(created.IdpIdentifiers, ['corp.example']);
  assert.ok(created.CreationDate instanceof Date);

  const { IdentityProvider: described } = await idp.send(new DescribeIdentityProviderCommand({ UserPoolId: pool.Id, ProviderName: 'Corp' }));
  assert.deepEqual(described, created);

  const { client_secret: _, ...withoutSecret } = oidcDetails();
  const { IdentityProvider: updated } = await idp.send(new UpdateIdentityProviderCommand({
    UserPoolId: pool.Id, ProviderName: 'Corp', ProviderDetails: { ...withoutSecret, authorize_scopes: 'openid' },
  }));
  assert.equal(updated.ProviderDetails.authorize_scopes, 'openid');
  assert.equal(updated.ProviderDetails.client_secret, 'upstream-secret');
  assert.deepEqual(updated.AttributeMapping, created.AttributeMapping);
  assert.deepEqual(updated.IdpIdentifiers, ['corp.example']);

  const { IdentityProvider: byId } = await idp.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: pool.Id, IdpIdentifier: 'corp.example' }));
  assert.equal(byId.ProviderName, 'Corp');
  await rejectsWith(idp.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: pool.Id, IdpIdentifier: 'nobody.example' })), 'ResourceNotFoundException');
});

test('OIDC: an issuer that cannot be reached, or a missing detail, is InvalidParameterException and creates nothing', async () => {
  const pool = await createPool(idp);
  await rejectsWith(idp.send(new CreateIdentityProviderCommand({
    UserPoolId: pool.Id, ProviderName: 'Down', ProviderType: 'OIDC', ProviderDetails: { ...oidcDetails(), oidc_issuer: `${upstreamUrl}/nothing-here` },
  })), 'InvalidParameterException');
  const { attributes_request_method: _, ...missing } = oidcDetails();
  await rejectsWith(idp.send(new CreateIdentityProviderCommand({ UserPoolId: pool.Id, ProviderName: 'Half', ProviderType: 'OIDC', ProviderDetails: missing })),
    'InvalidParameterException', 'client_id, attributes_request_method, oidc_issuer and authorize_scopes are all required idp details');
  assert.deepEqual((await idp.send(new ListIdentityProvidersCommand({ UserPoolId: pool.Id }))).Providers, []);
});

test('social providers: the name is the type, AWS endpoints are filled in, duplicates are refused', async () => {
  const pool = await createPool(idp);
  await rejectsWith(idp.send(new CreateIdentityProviderCommand({ UserPoolId: pool.Id, ProviderName: 'MyGoogle', ProviderType: 'Google', ProviderDetails: googleDetails })),
    'InvalidParameterException', 'Provider MyGoogle cannot be of type Google.');
  await rejectsWith(idp.send(new CreateIdentityProviderCommand({ UserPoolId: pool.Id, ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: { client_id: 'x', authorize_scopes: 'openid' } })),
    'InvalidParameterException', 'client_id, client_secret and authorize_scopes are all required idp details');

  const { IdentityProvider: google } = await idp.send(new CreateIdentityProviderCommand({ UserPoolId: pool.Id, ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: googleDetails }));
  assert.equal(google.ProviderDetails.authorize_url, 'https://accounts.google.com/o/oauth2/v2/auth');
  assert.equal(google.ProviderDetails.oidc_issuer, 'https://accounts.google.com');
  assert.equal(google.ProviderDetails.client_secret, 'google-secret');
  assert.deepEqual(google.AttributeMapping, { username: 'sub' });
  await rejectsWith(idp.send(new CreateIdentityProviderCommand({ UserPoolId: pool.Id, ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: googleDetails })),
    'DuplicateProviderException', `Google already exists in user pool ${pool.Id}`);

  const { IdentityProvider: facebook } = await idp.send(new CreateIdentityProviderCommand({
    UserPoolId: pool.Id, ProviderName: 'Facebook', ProviderType: 'Facebook', ProviderDetails: { ...googleDetails, api_version: 'v17.0', authorize_scopes: 'public_profile, email' },
  }));
  assert.equal(facebook.ProviderDetails.token_url, 'https://graph.facebook.com/v17.0/oauth/access_token');
  assert.deepEqual(facebook.AttributeMapping, { username: 'id' });

  const { IdentityProvider: apple } = await idp.send(new CreateIdentityProviderCommand({
    UserPoolId: pool.Id, ProviderName: 'SignInWithApple', ProviderType: 'SignInWithApple',
    ProviderDetails: { client_id: 'com.example.cognito', team_id: 'TEAM', key_id: 'KEY', private_key: '-----BEGIN PRIVATE KEY-----', authorize_scopes: 'email name' },
  }));
  assert.equal(apple.ProviderDetails.private_key, undefined, 'Describe never shows the Apple private key');
  assert.equal(apple.ProviderDetails.team_id, 'TEAM');

  await idp.send(new CreateIdentityProviderCommand({ UserPoolId: pool.Id, ProviderName: 'LoginWithAmazon', ProviderType: 'LoginWithAmazon', ProviderDetails: googleDetails }));
  const names = [];
  for await (const page of paginateListIdentityProviders({ client: idp, pageSize: 3 }, { UserPoolId: pool.Id })) {
    names.push(...page.Providers.map((p) => `${p.ProviderName}:${p.ProviderType}`));
    for (const p of page.Providers) assert.ok(p.LastModifiedDate instanceof Date);
  }
  assert.deepEqual(names, ['Facebook:Facebook', 'Google:Google', 'LoginWithAmazon:LoginWithAmazon', 'SignInWithApple:SignInWithApple']);
});

test('SAML: metadata by URL or file, endpoints from the metadata, GetSigningCertificate', async () => {
  const pool = await createPool(idp);
  const { Certificate } = await idp.send(new GetSigningCertificateCommand({ UserPoolId: pool.Id }));
  assert.match(Certificate, /^MII[A-Za-z0-9+/=]+$/);
  assert.equal((await idp.send(new GetSigningCertificateCommand({ UserPoolId: pool.Id }))).Certificate, Certificate);
  // Any real X.509 certificate serves as the upstream's signing certificate in its metadata.
  samlMetadata = metadataXml(Certificate);

  const { IdentityProvider: byUrl } = await idp.send(new CreateIdentityProviderCommand({
    UserPoolId: pool.Id, ProviderName: 'CorpSaml', ProviderType: 'SAML',
    ProviderDetails: { MetadataURL: `${upstreamUrl}/saml/metadata`, IDPSignout: 'true' }, AttributeMapping: { email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' },
  }));
  assert.equal(byUrl.ProviderDetails.SSORedirectBindingURI, `${upstreamUrl}/saml/sso`);
  assert.equal(byUrl.ProviderDetails.SLORedirectBindingURI, `${upstreamUrl}/saml/slo`);
  assert.equal(byUrl.ProviderDetails.IDPSignout, 'true');

  const { IdentityProvider: byFile } = await idp.send(new CreateIdentityProviderCommand({
    UserPoolId: pool.Id, ProviderName: 'FileSaml', ProviderType: 'SAML', ProviderDetails: { MetadataFile: samlMetadata, EncryptedResponses: 'true' },
  }));
  assert.equal(byFile.ProviderDetails.MetadataFile, samlMetadata);
  assert.equal(byFile.ProviderDetails.ActiveEncryptionCertificate, Certificate);

  await rejectsWith(idp.send(new CreateIdentityProviderCommand({ UserPoolId: pool.Id, ProviderName: 'BadSaml', ProviderType: 'SAML', ProviderDetails: { MetadataFile: '<not-metadata/>' } })),
    'InvalidParameterException');
  await rejectsWith(idp.send(new CreateIdentityProviderCommand({ UserPoolId: pool.Id, ProviderName: 'GoneSaml', ProviderType: 'SAML', ProviderDetails: { MetadataURL: `${upstreamUrl}/gone` } })),
    'InvalidParameterException');
});

test('SupportedIdentityProviders must name existing providers; deleting a provider removes it from clients', async () => {
  const pool = await createPool(idp);
  await rejectsWith(createAppClient(idp, pool.Id, { SupportedIdentityProviders: ['COGNITO', 'Corp'] }),
    'InvalidParameterException', `The provider Corp does not exist for User Pool ${pool.Id}`);
  await idp.send(new CreateIdentityProviderCommand({ UserPoolId: pool.Id, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: oidcDetails() }));
  const client = await createAppClient(idp, pool.Id, { SupportedIdentityProviders: ['COGNITO', 'Corp'] });
  assert.deepEqual(client.SupportedIdentityProviders, ['COGNITO', 'Corp']);
  await rejectsWith(idp.send(new UpdateUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: client.ClientId, SupportedIdentityProviders: ['Google'] })),
    'InvalidParameterException', `The provider Google does not exist for User Pool ${pool.Id}`);

  await idp.send(new DeleteIdentityProviderCommand({ UserPoolId: pool.Id, ProviderName: 'Corp' }));
  await rejectsWith(idp.send(new DeleteIdentityProviderCommand({ UserPoolId: pool.Id, ProviderName: 'Corp' })), 'ResourceNotFoundException');
  await rejectsWith(idp.send(new DescribeIdentityProviderCommand({ UserPoolId: pool.Id, ProviderName: 'Corp' })), 'ResourceNotFoundException', 'Identity provider Corp does not exist.');
  const { UserPoolClient } = await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: client.ClientId }));
  assert.deepEqual(UserPoolClient.SupportedIdentityProviders, ['COGNITO']);
  await rejectsWith(idp.send(new CreateIdentityProviderCommand({ UserPoolId: 'us-east-1_nothere', ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: oidcDetails() })),
    'ResourceNotFoundException');
});
