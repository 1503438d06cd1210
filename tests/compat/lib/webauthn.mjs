// SPDX-License-Identifier: Apache-2.0
// A passkey authenticator in software (WebAuthn §6): one ES256 key, "none" attestation and a signature counter. It
// answers CredentialCreationOptions and CREDENTIAL_REQUEST_OPTIONS as a browser would, and lets a test lie about the
// origin, the relying party id or the counter.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const sha256 = (data) => createHash('sha256').update(data).digest();

/** The few CBOR items (RFC 8949) an attestation object needs: unsigned and negative ints, byte and text strings, maps. */
function cbor(value) {
  const head = (major, n) => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
    if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
    const b = Buffer.alloc(5); b[0] = (major << 5) | 26; b.writeUInt32BE(n, 1); return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') { const t = Buffer.from(value, 'utf8'); return Buffer.concat([head(3, t.length), t]); }
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
  if (value instanceof Map) {
    return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
  }
  throw new Error(`cbor: unsupported ${typeof value}`);
}

export class SoftwareAuthenticator {
  constructor({ verifiesUser = true } = {}) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    this.jwk = publicKey.export({ format: 'jwk' });
    this.credentialId = randomBytes(32);
    this.counter = 0;
    this.verifiesUser = verifiesUser;
  }

  get id() { return b64url(this.credentialId); }

  /** The private key as PKCS#8 DER in base64, as the DevTools protocol's WebAuthn.addCredential takes it. */
  get pkcs8() { return this.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'); }

  authData(rpId, attested) {
    const flags = 0x01 | (this.verifiesUser ? 0x04 : 0) | (attested ? 0x40 : 0);
    const counter = Buffer.alloc(4); counter.writeUInt32BE(this.counter);
    const parts = [sha256(rpId), Buffer.from([flags]), counter];
    if (attested) {
      const length = Buffer.alloc(2); length.writeUInt16BE(this.credentialId.length);
      const coseKey = cbor(new Map([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(this.jwk.x, 'base64url')], [-3, Buffer.from(this.jwk.y, 'base64url')]]));
      parts.push(Buffer.alloc(16), length, this.credentialId, coseKey);
    }
    return Buffer.concat(parts);
  }

  /** A RegistrationResponseJSON for CredentialCreationOptions, as CompleteWebAuthnRegistration takes it. */
  register(options, origin, { rpId = options.rp.id } = {}) {
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin, crossOrigin: false }));
    const attestationObject = cbor(new Map([['fmt', 'none'], ['attStmt', new Map()], ['authData', this.authData(rpId, true)]]));
    return {
      id: this.id, rawId: this.id, type: 'public-key', authenticatorAttachment: 'cross-platform', clientExtensionResults: {},
      response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject), transports: ['usb'] },
    };
  }

  /** An AuthenticationResponseJSON, serialized as RespondToAuthChallenge's CREDENTIAL carries it. */
  assert(requestOptionsJson, origin, { rpId } = {}) {
    const options = JSON.parse(requestOptionsJson);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin, crossOrigin: false }));
    const authenticatorData = this.authData(rpId ?? options.rpId, false);
    const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), this.privateKey);
    return JSON.stringify({
      id: this.id, rawId: this.id, type: 'public-key', clientExtensionResults: {},
      response: { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authenticatorData), signature: b64url(signature) },
    });
  }
}
