import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The Ed25519 key that signs audit checkpoints. It lives outside the database
 * (a PEM file, AIDLOOP_AUDIT_SIGNING_KEY_FILE), so whoever owns the database
 * cannot sign a rewritten chain. On the embedded default a development key is
 * generated under .data/audit (like the JWT keys in .data/auth); it is refused
 * when NODE_ENV=production.
 */
export const DEV_AUDIT_KEY_FILE = path.join(__dirname, '..', '.data', 'audit', 'checkpoint-signing-key.pem');

export interface CheckpointSigner {
  keyId: string;
  privateKey: KeyObject;
  publicKeyPem: string;
}

/** A public key's id: hex sha256 of its SPKI DER, first 16 characters. */
export const keyIdOf = (publicKey: KeyObject): string =>
  createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);

export function loadCheckpointSigner(env: NodeJS.ProcessEnv = process.env): CheckpointSigner {
  const file = env.AIDLOOP_AUDIT_SIGNING_KEY_FILE ?? DEV_AUDIT_KEY_FILE;
  if (path.resolve(file) === DEV_AUDIT_KEY_FILE) {
    if (env.NODE_ENV === 'production') {
      throw new Error('refusing the development audit signing key in production: set AIDLOOP_AUDIT_SIGNING_KEY_FILE');
    }
    if (!fs.existsSync(file)) {
      const { privateKey } = generateKeyPairSync('ed25519');
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    }
  }
  const privateKey = createPrivateKey(fs.readFileSync(file));
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 private key`);
  const publicKey = createPublicKey(privateKey);
  return { keyId: keyIdOf(publicKey), privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/**
 * The public keys a verifier trusts, by key id: those in the PEM files of
 * AIDLOOP_AUDIT_TRUSTED_KEYS (comma-separated; keys rotated out stay here so
 * old checkpoints keep verifying) and the public half of the signing key, when
 * this machine has it.
 */
export function trustedKeys(env: NodeJS.ProcessEnv = process.env): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const file of (env.AIDLOOP_AUDIT_TRUSTED_KEYS ?? '').split(',').map((f) => f.trim()).filter(Boolean)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const pem of text.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? []) {
      const key = createPublicKey(pem);
      keys.set(keyIdOf(key), key);
    }
  }
  const signing = env.AIDLOOP_AUDIT_SIGNING_KEY_FILE ?? DEV_AUDIT_KEY_FILE;
  if (fs.existsSync(signing) && !(path.resolve(signing) === DEV_AUDIT_KEY_FILE && env.NODE_ENV === 'production')) {
    const key = createPublicKey(createPrivateKey(fs.readFileSync(signing)));
    keys.set(keyIdOf(key), key);
  }
  return keys;
}
