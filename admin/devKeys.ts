import fs from 'node:fs';
import path from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Principal } from '../domain/access';

/**
 * Development signing keys for the embedded default: an ES256 key pair in
 * .data/auth, the public half as the JWKS file the API verifies against. In
 * production the API is pointed at the identity provider's JWKS instead and
 * this file is never used.
 */
export const DEV_AUTH_DIR = path.join(__dirname, '..', '.data', 'auth');
export const DEV_JWKS_FILE = path.join(DEV_AUTH_DIR, 'jwks.json');
export const DEV_ISSUER = 'aidloop-dev';
export const AUDIENCE = 'aidloop';

export async function ensureDevKeys(dir = DEV_AUTH_DIR): Promise<{ privateJwk: JWK; jwksFile: string }> {
  const privateFile = path.join(dir, 'signing-key.json');
  const jwksFile = path.join(dir, 'jwks.json');
  if (!fs.existsSync(privateFile)) {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `dev-${Date.now()}`;
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256' };
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(privateFile, JSON.stringify(privateJwk), { mode: 0o600 });
    fs.writeFileSync(jwksFile, JSON.stringify({ keys: [publicJwk] }));
  }
  return { privateJwk: JSON.parse(fs.readFileSync(privateFile, 'utf8')) as JWK, jwksFile };
}

/** A signed bearer token for a principal. */
export async function signToken(privateJwk: JWK, p: Principal, opts: { issuer: string; hours?: number }): Promise<string> {
  const key = await importJWK(privateJwk, 'ES256');
  return new SignJWT({ role: p.role, region: p.regionCode, ...(p.department ? { department: p.department } : {}) })
    .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid ?? 'dev' })
    .setSubject(p.userId)
    .setIssuer(opts.issuer)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${opts.hours ?? 8}h`)
    .sign(key);
}
