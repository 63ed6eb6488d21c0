import type { Env } from './env';

/** The development defaults: fine on a laptop, refused in production (each is public in this repository). */
export const DEV_PSEUDONYM_KEY = 'aidloop-development-pseudonym-key';
export const DEV_CODEC_KEY_ID = 'dev';
export const DEV_CODEC_KEYS = `${DEV_CODEC_KEY_ID}:PiS/pDlQyVVVLArc+i+NtLQogr8YahiHgbt1BIFOwc0=`;
export const DEV_JWT_ISSUER = 'aidloop-dev';

/**
 * With NODE_ENV=production the service refuses to start on a development key:
 * the pseudonym key (anyone could recompute pseudonyms from ID numbers), the
 * codec's dev key (anyone could decrypt the histories) and the development
 * JWT keys and issuer of `npm start` (anyone could mint tokens).
 */
export function developmentKeysInUse(env: Env): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const found: string[] = [];
  if (env.AIDLOOP_PSEUDONYM_KEY === DEV_PSEUDONYM_KEY) found.push('AIDLOOP_PSEUDONYM_KEY is the development key');
  const devCodecKey = DEV_CODEC_KEYS.slice(DEV_CODEC_KEY_ID.length + 1);
  if (env.AIDLOOP_CODEC_KEYS.split(',').some((k) => k.trim().endsWith(`:${devCodecKey}`))) found.push('AIDLOOP_CODEC_KEYS holds the development codec key');
  if (!env.AIDLOOP_JWKS_URL && env.AIDLOOP_JWKS_FILE.endsWith('/.data/auth/jwks.json')) found.push('bearer tokens would be checked against the development keys of .data/auth (set AIDLOOP_JWKS_URL or AIDLOOP_JWKS_FILE)');
  if (env.AIDLOOP_JWT_ISSUER === DEV_JWT_ISSUER) found.push(`AIDLOOP_JWT_ISSUER is the development issuer ${DEV_JWT_ISSUER}`);
  return found;
}
